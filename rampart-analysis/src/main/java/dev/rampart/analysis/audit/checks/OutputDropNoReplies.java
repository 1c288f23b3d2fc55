package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.PortRange;
import java.util.List;
import java.util.Optional;

/**
 * RA115: filter OUTPUT drops what no rule accepts and no rule on its traversal accepts DNS queries
 * (UDP or TCP to port 53), or none accepts ESTABLISHED packets (the host's replies to connections made
 * to it). One finding for each missing part.
 */
public final class OutputDropNoReplies extends AbstractCheck {
    /** The DNS port. */
    private static final int DNS = 53;

    public OutputDropNoReplies() {
        super("RA115", "OUTPUT drops DNS or established replies", Severity.MEDIUM,
                "A strict OUTPUT policy must allow what the host itself needs: without DNS, name resolution fails "
                        + "(package updates, mail, certificates, monitoring); without ESTABLISHED the host cannot answer "
                        + "the connections INPUT accepts, SSH included. The seeds warn that blocking outgoing traffic "
                        + "breaks DNS lookups and updates.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Chain> output = r.filter("OUTPUT");
        if (output.isEmpty() || !r.facts().isRestrictive(TableName.FILTER, output.get())) {
            return;
        }
        Chain c = output.get();
        String x = r.command();
        if (NoEstablishedAccept.find(r, c).isEmpty()) {
            out.add(Finding.of(this, "filter OUTPUT drops by default and no rule accepts ESTABLISHED packets: the "
                            + "host's replies to connections it accepted (SSH, HTTP) are dropped unless a port rule "
                            + "happens to allow them")
                    .rules(r.policyRef(TableName.FILTER, c))
                    .fix(x + " -I OUTPUT 1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                    .build());
        }
        boolean dns = r.facts().firstOnTraversal(TableName.FILTER, c,
                rule -> RuleFacts.isAccept(rule) && (RuleFacts.isUnconditional(rule) || allowsDns(rule))).isPresent();
        if (!dns) {
            out.add(Finding.of(this, "filter OUTPUT drops by default and no rule accepts DNS queries (UDP or TCP to "
                            + "port 53): name resolution fails unless the resolver is on this host")
                    .rules(r.policyRef(TableName.FILTER, c))
                    .fix(x + " -A OUTPUT -p udp -m udp --dport 53 -j ACCEPT\n" + x
                            + " -A OUTPUT -p tcp -m tcp --dport 53 -j ACCEPT\n# add -d RESOLVER to allow only your resolvers")
                    .build());
        }
    }

    /** Whether the rule's destination-port test admits 53 (a rule without a port test on UDP/TCP admits it). */
    private static boolean allowsDns(Rule rule) {
        var h = rule.header();
        if (("lo".equals(h.outInterface()) && !h.outInverted())
                || (h.destination() != null && !h.destinationInverted() && LoopbackSpoofAccepted.isLoopback(h.destination()))) {
            return false; // only loopback: the queries to an upstream resolver still go out on a network device
        }
        var p = h.protocol();
        if (p != null && !p.isAll() && p.number() != 6 && p.number() != 17) {
            return false;
        }
        if (RuleFacts.states(rule) != null && !RuleFacts.states(rule).contains(dev.rampart.model.match.CtState.NEW)) {
            return false;
        }
        for (Match m : rule.matches()) {
            PortRange d = m instanceof TcpMatch t ? (t.dportInverted() ? null : t.dport())
                    : m instanceof UdpMatch u ? (u.dportInverted() ? null : u.dport()) : PortRange.ALL;
            if (d == null || !d.contains(DNS)) {
                return false;
            }
            if (m instanceof MultiportMatch mp && !mp.inverted()
                    && mp.ports().stream().noneMatch(pr -> pr.contains(DNS))) {
                return false;
            }
        }
        return true;
    }
}
