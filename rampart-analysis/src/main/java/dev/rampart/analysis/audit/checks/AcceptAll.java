package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.Witnesses;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RA118: an ACCEPT rule in filter INPUT or FORWARD (or a user chain entered from them only by
 * unconditional jumps) that restricts neither address, interface nor port: {@code -j ACCEPT},
 * {@code -p tcp -j ACCEPT}, {@code -p udp -j ACCEPT}, also with TCP flags, a rate limit or a state test
 * that admits NEW. Any other match counts as a restriction (no report). ICMP is left to
 * {@link EchoUnlimited}. In a built-in chain the witness is a packet to a port no rule names that this
 * rule accepts.
 */
public final class AcceptAll extends AbstractCheck {
    public AcceptAll() {
        super("RA118", "Rule accepts everything (no port, address or interface)", Severity.HIGH,
                "'-p tcp -j ACCEPT' opens every TCP port to everyone, whatever the rules after it and the policy say. "
                        + "It usually comes from a quick test or from a line that lost its '--dport'.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (String builtin : List.of("INPUT", "FORWARD")) {
            Chain start = r.filter(builtin).orElse(null);
            if (start == null) {
                continue;
            }
            for (String name : r.facts().reachable(TableName.FILTER, builtin)) {
                Chain c = r.filter(name).orElse(null);
                if (c == null || !r.facts().enteredUnconditionally(TableName.FILTER, c, builtin)) {
                    continue;
                }
                int stop = r.facts().firstUnconditionalTerminal(TableName.FILTER, c);
                int last = stop == 0 ? c.rules().size() : stop; // rules after stop are unreachable (RA109)
                for (int i = 1; i <= last; i++) {
                    Rule rule = c.rules().get(i - 1);
                    if (!RuleFacts.isAccept(rule) || !acceptsAll(rule)) {
                        continue;
                    }
                    String proto = rule.header().protocol() == null || rule.header().protocol().isAll()
                            ? "every packet" : "every " + rule.header().protocol() + " packet";
                    Finding.Builder f = Finding.of(this, describe(TableName.FILTER, c, i) + " accepts " + proto
                                    + (RuleFacts.hasRateLimit(rule) ? " (up to its rate limit)" : "")
                                    + " that reaches it, on every port, from every address and interface"
                                    + (builtin.equals("INPUT") ? "" : " (forwarded)"))
                            .rules(r.ref(TableName.FILTER, c, i))
                            .fix("# restrict it to the service it was meant for, e.g.\n" + r.command() + " -R " + c.name()
                                    + " " + i + " " + spec(c, i).replace(" -j ACCEPT", "")
                                    + (rule.header().protocol() == null ? " -p tcp" : "")
                                    + " -m conntrack --ctstate NEW -m multiport --dports PORTS -j ACCEPT"
                                    + "\n# or delete it: " + r.command() + " -D " + c.name() + " " + i);
                    if (c.builtin()) {
                        List<Integer> before = new ArrayList<>();
                        for (int k = 1; k < i; k++) {
                            Rule b = c.rules().get(k - 1);
                            if (b.target() != null && !RuleFacts.isLog(b)) {
                                before.add(k);
                            }
                        }
                        Witnesses.matching(r, c, i, before)
                                .ifPresent(w -> f.witness(w.packet()).approximations(w.approximations()));
                    }
                    out.add(f.build());
                }
            }
        }
    }

    /** Whether the rule restricts neither address, interface, port nor anything but flags, rate and NEW state. */
    static boolean acceptsAll(Rule rule) {
        RuleHeader h = rule.header();
        if (h.source() != null || h.destination() != null || h.inInterface() != null || h.outInterface() != null
                || h.protocolInverted() || h.fragment() != dev.rampart.model.Fragment.ANY) {
            return false;
        }
        if (h.protocol() != null && !h.protocol().isAll() && h.protocol().number() != 6 && h.protocol().number() != 17
                && h.protocol().number() != 132) {
            return false;
        }
        for (Match m : rule.matches()) {
            boolean free = m instanceof CommentMatch || m instanceof LimitMatch
                    || (m instanceof HashlimitMatch hl && !hl.above())
                    || (m instanceof TcpMatch t && t.sport().isAll() && t.dport().isAll() && t.option() == 0)
                    || (m instanceof UdpMatch u && u.sport().isAll() && u.dport().isAll())
                    || m instanceof StateMatch || (m instanceof ConntrackMatch cm && cm.state() != null);
            if (!free) {
                return false;
            }
        }
        Set<CtState> s = RuleFacts.states(rule);
        if (s != null && !s.contains(CtState.NEW)) {
            return false;
        }
        for (Match m : rule.matches()) {
            if (m instanceof ConntrackMatch cm && (cm.protocol() != null || cm.origDst() != null || cm.origSrc() != null
                    || cm.origDstPort() != null || cm.replSrc() != null || cm.replDst() != null
                    || cm.origSrcPort() != null || cm.replSrcPort() != null || cm.replDstPort() != null
                    || cm.status() != null || cm.expire() != null || cm.direction() != null)) {
                return false;
            }
        }
        return true;
    }
}
