package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.ChainFacts;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * RA106: filter INPUT has rules, drops by default, and no rule on its traversal drops packets whose
 * conntrack state is INVALID.
 */
public final class InvalidNotDropped extends AbstractCheck {
    public InvalidNotDropped() {
        super("RA106", "INVALID packets not dropped", Severity.LOW,
                "Packets conntrack cannot place in any connection (out-of-window TCP segments, stray ACK/FIN/RST "
                        + "scans, malformed headers) are INVALID; a port rule without a state test accepts them. "
                        + "Dropping them early stops ACK and FIN scans and some evasion tricks.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Chain> input = r.filter("INPUT");
        if (input.isEmpty() || input.get().rules().isEmpty()
                || !r.facts().isRestrictive(TableName.FILTER, input.get())) {
            return;
        }
        Optional<ChainFacts.Found> drop = r.facts().firstOnTraversal(TableName.FILTER, input.get(),
                rule -> RuleFacts.isDropOrReject(rule) && RuleFacts.matchesOnlyInvalid(rule));
        if (drop.isPresent()) {
            return;
        }
        Optional<ChainFacts.Found> est = NoEstablishedAccept.find(r, input.get());
        int at = est.filter(f -> f.chain() == input.get()).map(f -> f.number() + 1).orElse(1);
        out.add(Finding.of(this, "no rule on the way through filter INPUT drops packets in conntrack state INVALID: "
                        + "rules that accept by port without a state test also accept out-of-state packets (ACK and FIN "
                        + "scans, out-of-window segments)")
                .rules(r.policyRef(TableName.FILTER, input.get()))
                .fix(r.command() + " -I INPUT " + at + " -m conntrack --ctstate INVALID -j DROP")
                .build());
    }
}
