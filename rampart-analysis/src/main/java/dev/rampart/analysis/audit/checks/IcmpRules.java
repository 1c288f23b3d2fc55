package dev.rampart.analysis.audit.checks;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.Match;
import java.util.function.IntPredicate;

/** What an ICMP rule admits: shared by {@link IcmpAllDropped} and {@link EchoUnlimited}. */
final class IcmpRules {
    /** "Any type" in {@code -m icmp}. */
    private static final int ANY_TYPE = 255;

    private IcmpRules() {
    }

    /** Whether the header's protocol is ICMP of {@code family} ({@code icmp} or {@code ipv6-icmp}), not inverted. */
    static boolean isIcmpProtocol(Rule r, Family family) {
        var p = r.header().protocol();
        return p != null && !r.header().protocolInverted() && p.number() == (family == Family.IPV4 ? 1 : 58);
    }

    /**
     * Whether the rule, by its ICMP tests alone, admits some type for which {@code wanted} holds: a rule
     * without an ICMP type test admits every type; an inverted test admits every type but its own.
     */
    static boolean admitsType(Rule r, IntPredicate wanted) {

        for (Match m : r.matches()) {
            int type;
            boolean inverted;
            if (m instanceof IcmpMatch i) {
                type = i.type();
                inverted = i.inverted();
            } else if (m instanceof Icmp6Match i) {
                type = i.type();
                inverted = i.inverted();
            } else {
                continue;
            }

            boolean any = m instanceof IcmpMatch && type == ANY_TYPE;
            boolean admits = inverted ? !any : (any || wanted.test(type));
            if (!admits) {
                return false;
            }
        }
        return true;
    }

    /** Whether the rule has no test beyond the ICMP protocol, ICMP type and comments (no address, port, interface). */
    static boolean onlyIcmpTests(Rule r, boolean allowRateLimit) {
        var h = r.header();
        if (h.source() != null || h.destination() != null || h.inInterface() != null || h.outInterface() != null) {
            return false;
        }
        for (Match m : r.matches()) {
            if (!(m instanceof IcmpMatch || m instanceof Icmp6Match || m instanceof CommentMatch
                    || (allowRateLimit && (m instanceof dev.rampart.model.match.LimitMatch
                    || m instanceof dev.rampart.model.match.HashlimitMatch)))) {
                return false;
            }
        }
        return true;
    }
}
