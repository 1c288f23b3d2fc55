package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.ChainFacts;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RA104: filter INPUT (high) or FORWARD (medium, when it has rules) drops what no rule accepts and no
 * rule on its traversal accepts packets of ESTABLISHED connections ({@code -m conntrack --ctstate} or
 * {@code -m state --state}). OUTPUT is left to {@link OutputDropNoReplies}.
 */
public final class NoEstablishedAccept extends AbstractCheck {
    public NoEstablishedAccept() {
        super("RA104", "No ESTABLISHED,RELATED accept", Severity.HIGH,
                "Without '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' a default-deny chain drops the replies "
                        + "to the host's own connections (DNS answers, package downloads, API calls) and the ICMP errors "
                        + "that belong to them; the seeds call forgetting it the classic way to break return traffic.");
    }

    /** Whether the rule accepts packets of established connections (possibly with other states). */
    static boolean acceptsEstablished(Rule r) {
        if (!RuleFacts.isAccept(r)) {
            return false;
        }
        Set<CtState> s = RuleFacts.states(r);
        return s != null && s.contains(CtState.ESTABLISHED);
    }

    private static boolean testsSourcePort(Rule r) {
        for (var m : r.matches()) {
            if ((m instanceof dev.rampart.model.match.TcpMatch t && !t.sport().isAll())
                    || (m instanceof dev.rampart.model.match.UdpMatch u && !u.sport().isAll())) {
                return true;
            }
        }
        return false;
    }

    /** The first rule accepting established packets on {@code chain}'s traversal. */
    static Optional<ChainFacts.Found> find(AuditedRuleset r, Chain chain) {
        return r.facts().firstOnTraversal(TableName.FILTER, chain,
                rule -> acceptsEstablished(rule) || (RuleFacts.isAccept(rule) && RuleFacts.isUnconditional(rule)));
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (String name : List.of("INPUT", "FORWARD")) {
            Optional<Chain> c = r.filter(name);
            if (c.isEmpty() || !r.facts().isRestrictive(TableName.FILTER, c.get())
                    || (name.equals("FORWARD") && c.get().rules().isEmpty())) {
                continue;
            }
            if (find(r, c.get()).isPresent()) {
                continue;
            }
            boolean accepts = r.facts().firstOnTraversal(TableName.FILTER, c.get(), RuleFacts::isAccept).isPresent();
            if (name.equals("FORWARD") && !accepts) {
                continue; // nothing is forwarded, so there is no return traffic to let through
            }
            boolean bySourcePort = r.facts().firstOnTraversal(TableName.FILTER, c.get(),
                    rule -> RuleFacts.isAccept(rule) && testsSourcePort(rule)).isPresent();
            out.add(Finding.of(this, "filter " + name + " drops by default but no rule accepts ESTABLISHED,RELATED "
                            + "packets: " + (name.equals("INPUT")
                            ? (bySourcePort ? "replies to connections this host opens are let in only by source-port rules "
                            + "(--sport 53, 80, ...), which any attacker can use to reach every port"
                            : "replies to connections this host opens (DNS, updates, API calls) are dropped")
                            : "return traffic of forwarded connections is dropped unless a port rule happens to match it"))
                    .severity(name.equals("INPUT") ? Severity.HIGH : Severity.MEDIUM)
                    .rules(r.policyRef(TableName.FILTER, c.get()))
                    .fix(r.command() + " -I " + name + " 1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                    .build());
        }
    }
}
