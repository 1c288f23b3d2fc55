package dev.rampart.policy.ir;

import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.policy.Rate;
import java.util.List;
import java.util.Set;

/**
 * One compiled rule of one family, independent of the output syntax: both the iptables and the nft
 * emitter print exactly these tests, in this order, so the two outputs mean the same. Null fields and
 * empty collections test nothing.
 *
 * @param in          input interface
 * @param out         output interface
 * @param inNegated   {@code ! -i}
 * @param proto       layer-4 protocol
 * @param srcPrefix   source network
 * @param srcSet      source ipset (family-specific name)
 * @param dst         destination network
 * @param dstLocal    the destination is one of this host's addresses ({@code addrtype --dst-type LOCAL})
 * @param dports      destination ports (one range, or several: multiport)
 * @param icmpType    ICMP / ICMPv6 type; {@code icmpCode} its code or null for all
 * @param ctStates    conntrack states ({@code NEW}, {@code ESTABLISHED}, {@code RELATED}, {@code INVALID},
 *                    {@code DNAT})
 * @param tcpFlags    a TCP flags test
 * @param fragment    non-first IPv4 fragments ({@code -f})
 * @param hopLimit255 IPv6 hop limit equals 255 (neighbour discovery from the link)
 * @param limit       global rate limit ({@code limit})
 * @param hashlimit   per-source rate test
 * @param recent      recent-list test
 * @param nth         every-nth-packet test
 */
public record FwRule(String in, boolean inNegated, String out, Proto proto, IpPrefix srcPrefix, String srcSet,
                     IpPrefix dst, boolean dstLocal, List<PortRange> dports, Integer icmpType, Integer icmpCode, Set<String> ctStates,
                     TcpFlagsTest tcpFlags, boolean fragment, boolean hopLimit255, Rate limit, HashLimit hashlimit,
                     Recent recent, Nth nth, Action action, String comment) {

    public FwRule {
        dports = dports == null ? List.of() : List.copyOf(dports);
        ctStates = ctStates == null ? Set.of() : Set.copyOf(ctStates);
    }

    /** Layer-4 protocols the compiler uses. */
    public enum Proto {
        TCP("tcp"), UDP("udp"), ICMP("icmp"), ICMPV6("ipv6-icmp");

        private final String iptables;

        Proto(String iptables) {
            this.iptables = iptables;
        }

        /** The name iptables-restore takes after {@code -p}. */
        public String iptables() {
            return iptables;
        }
    }

    /** TCP flag combinations of scans. */
    public enum TcpFlagsTest { NULL, XMAS, NOT_SYN }

    /** {@code hashlimit}: per-source rate, matching packets above ({@code above}) or up to the rate. */
    public record HashLimit(Rate rate, boolean above, String name) {
    }

    /** {@code recent}: {@code set} records the source; otherwise {@code rcheck} with a window and hit count. */
    public record Recent(String name, boolean set, int seconds, int hitcount) {
    }

    /** {@code statistic --mode nth --every N --packet 0}. */
    public record Nth(int every) {
    }

    /** A builder, for the many optional fields. */
    public static Builder rule(String comment) {
        return new Builder(comment);
    }

    /** Mutable helper for {@link FwRule}; each setter returns the builder. */
    public static final class Builder {
        private String in;
        private boolean inNegated;
        private String out;
        private Proto proto;
        private IpPrefix srcPrefix;
        private String srcSet;
        private IpPrefix dst;
        private boolean dstLocal;
        private List<PortRange> dports = List.of();
        private Integer icmpType;
        private Integer icmpCode;
        private Set<String> ctStates = Set.of();
        private TcpFlagsTest tcpFlags;
        private boolean fragment;
        private boolean hopLimit255;
        private Rate limit;
        private HashLimit hashlimit;
        private Recent recent;
        private Nth nth;
        private final String comment;

        Builder(String comment) {
            this.comment = comment;
        }

        public Builder in(String v) { in = v; return this; }
        public Builder notIn(String v) { in = v; inNegated = true; return this; }
        public Builder out(String v) { out = v; return this; }
        public Builder proto(Proto v) { proto = v; return this; }
        public Builder src(IpPrefix v) { srcPrefix = v; return this; }
        public Builder srcSet(String v) { srcSet = v; return this; }
        public Builder dst(IpPrefix v) { dst = v; return this; }
        public Builder dstLocal() { dstLocal = true; return this; }
        public Builder dports(List<PortRange> v) { dports = v; return this; }
        public Builder icmp(int type, Integer code) { icmpType = type; icmpCode = code; return this; }
        public Builder ct(String... states) { ctStates = Set.of(states); return this; }
        public Builder flags(TcpFlagsTest v) { tcpFlags = v; return this; }
        public Builder fragment() { fragment = true; return this; }
        public Builder hopLimit255() { hopLimit255 = true; return this; }
        public Builder limit(Rate v) { limit = v; return this; }
        public Builder hashlimit(HashLimit v) { hashlimit = v; return this; }
        public Builder recent(Recent v) { recent = v; return this; }
        public Builder nth(Nth v) { nth = v; return this; }

        /** The finished rule with its action. */
        public FwRule then(Action action) {
            return new FwRule(in, inNegated, out, proto, srcPrefix, srcSet, dst, dstLocal, dports, icmpType, icmpCode, ctStates,
                    tcpFlags, fragment, hopLimit255, limit, hashlimit, recent, nth, action, comment);
        }
    }
}
