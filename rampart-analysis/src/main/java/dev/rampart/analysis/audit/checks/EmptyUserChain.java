package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.ChainFacts;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * RA120: a user chain without rules that rules jump or go to. Chains of firewall managers and container
 * tools ({@link ToolChains}) are placeholders by design and not reported.
 */
public final class EmptyUserChain extends AbstractCheck {
    public EmptyUserChain() {
        super("RA120", "Jump to an empty user chain", Severity.LOW,
                "A jump to an empty chain does nothing (packets come straight back), yet it reads as if a policy "
                        + "were applied there: rules that were meant to be in the chain are missing, or the chain and "
                        + "its jumps are cruft.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin() || !c.rules().isEmpty() || ToolChains.isToolChain(c.name())) {
                    continue;
                }
                List<ChainFacts.Caller> callers = r.facts().callers(t.name(), c.name());
                if (callers.isEmpty()) {
                    continue;
                }
                List<RuleRef> refs = new ArrayList<>();
                StringBuilder del = new StringBuilder();
                String x = cmd(r, t.name());
                for (int k = callers.size() - 1; k >= 0; k--) {
                    ChainFacts.Caller caller = callers.get(k);
                    del.append(x).append(" -D ").append(caller.chain().name()).append(' ').append(caller.number())
                            .append('\n');
                }
                for (ChainFacts.Caller caller : callers) {
                    refs.add(r.ref(t.name(), caller.chain(), caller.number()));
                }
                out.add(Finding.of(this, "user chain " + t.name().id() + " " + c.name() + " is empty but "
                                + describe(t.name(), callers.get(0).chain(), callers.get(0).number())
                                + (callers.size() > 1 ? " and " + (callers.size() - 1) + " more rules jump" : " jumps")
                                + " to it: the jump does nothing")
                        .rules(refs)
                        .fix("# fill the chain with the rules it was meant to hold, or remove the jumps and the chain:\n"
                                + del + x + " -X " + c.name())
                        .build());
            }
        }
    }
}
