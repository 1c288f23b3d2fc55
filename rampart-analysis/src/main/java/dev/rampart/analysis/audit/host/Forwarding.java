package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Facts shared by the forwarding checks: the forwarding switch per family and what FORWARD filters. */
final class Forwarding {
    private Forwarding() {
    }

    /** The parameter that switches forwarding on for {@code family}. */
    static String sysctl(Family family) {
        return family == Family.IPV4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
    }

    /**
     * Whether filter FORWARD refuses anything: its policy is not ACCEPT, or a rule in it or in a chain it
     * reaches (jumps and gotos, transitively) drops or rejects. Without a filter FORWARD chain nothing is
     * refused.
     */
    static boolean filters(AuditedRuleset r) {
        Optional<Chain> fwd = r.filter("FORWARD");
        if (fwd.isEmpty()) {
            return false;
        }
        if (fwd.get().policy() != Policy.ACCEPT) {
            return true;
        }
        Deque<Chain> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(fwd.get());
        seen.add("FORWARD");
        while (!todo.isEmpty()) {
            Chain c = todo.poll();
            for (Rule rule : c.rules()) {
                if (RuleFacts.isDropOrReject(rule)) {
                    return true;
                }
                String callee = RuleFacts.callee(rule);
                if (callee != null && seen.add(callee)) {
                    r.chain(TableName.FILTER, callee).ifPresent(todo::add);
                }
            }
        }
        return false;
    }
}
