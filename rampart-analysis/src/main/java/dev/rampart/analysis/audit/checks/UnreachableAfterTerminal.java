package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.Witnesses;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * RA109: rules that follow, in the same chain, a rule that every packet matches and that ends the chain
 * (the seeds' "DROP before ACCEPT" mistake: {@code -A INPUT -j DROP} then
 * {@code -A INPUT -p tcp --dport 22 -j ACCEPT}). One finding per unreachable rule; in a built-in chain
 * the witness is a packet the unreachable rule would match that reaches the blocking rule (it matches no
 * earlier rule that could decide), so the simulator shows it decided by the blocking rule.
 */
public final class UnreachableAfterTerminal extends AbstractCheck {
    public UnreachableAfterTerminal() {
        super("RA109", "Rule can never match (after an unconditional terminal rule)", Severity.MEDIUM,
                "A rule placed after one that matches every packet and ends the chain is never evaluated. Whatever "
                        + "it was meant to allow or block does not happen: an ACCEPT for SSH after '-j DROP' locks the "
                        + "administrator out, a DROP after '-j ACCEPT' protects nothing.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                int stop = r.facts().firstUnconditionalTerminal(t.name(), c);
                if (stop == 0 || stop == c.rules().size()) {
                    continue;
                }
                List<Integer> deciding = new ArrayList<>();
                for (int k = 1; k < stop; k++) {
                    Rule before = c.rules().get(k - 1);
                    if (before.target() != null && !RuleFacts.isLog(before)) {
                        deciding.add(k);
                    }
                }
                for (int i = stop + 1; i <= c.rules().size(); i++) {
                    Finding.Builder f = Finding.of(this, describe(t.name(), c, i) + " can never match: "
                                    + describe(t.name(), c, stop) + " matches every packet first and ends the chain")
                            .rules(r.ref(t.name(), c, i), r.ref(t.name(), c, stop))
                            .fix("# if the rule is still wanted, move it before rule " + stop + ":\n"
                                    + cmd(r, t.name()) + " -D " + c.name() + " " + i + "\n"
                                    + cmd(r, t.name()) + " -I " + c.name() + " " + stop + " " + spec(c, i)
                                    + "\n# otherwise delete it: " + cmd(r, t.name()) + " -D " + c.name() + " " + i);
                    if (c.builtin()) {
                        Witnesses.matching(r, c, i, deciding)
                                .ifPresent(w -> f.witness(w.packet()).approximations(w.approximations()));
                    }
                    out.add(f.build());
                }
            }
        }
    }
}
