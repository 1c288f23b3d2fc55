package dev.rampart.policy.ir;

import dev.rampart.model.TableName;
import dev.rampart.policy.HostPolicy.Verdict;
import java.util.List;

/** One chain of a compiled program: built-in (with a policy) or user chain (policy null), and its rules. */
public record ProgramChain(TableName table, String name, Verdict policy, List<FwRule> rules) {
    public ProgramChain {
        rules = List.copyOf(rules);
    }
}
