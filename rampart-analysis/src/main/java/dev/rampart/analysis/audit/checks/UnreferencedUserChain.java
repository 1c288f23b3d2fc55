package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Table;
import java.util.List;

/**
 * RA119: a user chain no rule of its table jumps or goes to. Chains of firewall managers and container
 * tools ({@link ToolChains}) are not reported.
 */
public final class UnreferencedUserChain extends AbstractCheck {
    public UnreferencedUserChain() {
        super("RA119", "User chain never used", Severity.INFO,
                "A chain nothing jumps to is never traversed: its rules do nothing. It is cruft from an earlier "
                        + "version, or a rule that should jump to it is missing. The seeds: 'remove cruft'.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin() || ToolChains.isToolChain(c.name()) || !r.facts().callers(t.name(), c.name()).isEmpty()) {
                    continue;
                }
                String x = cmd(r, t.name());
                out.add(Finding.of(this, "user chain " + t.name().id() + " " + c.name() + " (" + c.rules().size()
                                + (c.rules().size() == 1 ? " rule" : " rules") + ") is never jumped to: its rules never "
                                + "see a packet")
                        .rules(c.rules().isEmpty()
                                ? new RuleRef(r.source(), r.family(), t.name(), c.name(), 0, c.pos().line())
                                : r.ref(t.name(), c, 1))
                        .fix("# delete it if it is cruft:\n" + x + " -F " + c.name() + "\n" + x + " -X " + c.name()
                                + "\n# or add the missing jump, e.g. " + x + " -A INPUT -j " + c.name())
                        .build());
            }
        }
    }
}
