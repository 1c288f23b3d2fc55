package dev.rampart.analysis.space;

import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.HlMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.IprangeMatch;
import dev.rampart.model.match.LengthMatch;
import dev.rampart.model.match.MacMatch;
import dev.rampart.model.match.MarkMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.TtlMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random packets, rule headers and matches drawn from small pools of "interesting" values (a few
 * address blocks, well-known ports, boundary values), so that random rules and random packets overlap
 * often. Deterministic for a seed.
 */
final class Samples {
    /** Interface names rules are written with. */
    static final List<String> RULE_INTERFACES = List.of("eth0", "eth1", "ppp+", "veth+", "wlan0", "+");
    /** Device names packets arrive with (null: no device). */
    private static final String[] DEVICES = {null, "eth0", "eth1", "eth2", "ppp0", "ppp1", "veth1a", "wlan0", "lo", "x"};
    private static final long[] V4_BASES = {0xC0000200L, 0xC6336400L, 0xCB007100L, 0x0A000000L, 0, 0xFFFFFF00L};
    private static final long[] V6_HIS = {0x20010db800000000L, 0x20010db800010000L, 0xfe80000000000000L, 0,
            0xffffffffffffffffL};
    private static final int[] PORTS = {0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 40000, 65534, 65535};
    private static final int[] PROTOCOLS = {6, 17, 1, 58, 47, 0, 132, 50};

    private final Random r;
    private final Family family;

    Samples(long seed, Family family) {
        this.r = new Random(seed);
        this.family = family;
    }

    PacketSpace space() {
        return PacketSpace.of(family, RULE_INTERFACES);
    }

    IpAddress address() {
        if (family == Family.IPV4) {
            long a = r.nextInt(8) == 0 ? r.nextLong() & 0xFFFFFFFFL : V4_BASES[r.nextInt(V4_BASES.length)] | r.nextInt(256);
            return new IpAddress(family, 0, a);
        }
        long hi = r.nextInt(8) == 0 ? r.nextLong() : V6_HIS[r.nextInt(V6_HIS.length)] | (r.nextBoolean() ? 0 : r.nextInt(4));
        long lo = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(300);
        return new IpAddress(family, hi, lo);
    }

    int port() {
        return r.nextInt(4) == 0 ? r.nextInt(65536) : PORTS[r.nextInt(PORTS.length)];
    }

    PortRange portRange() {
        int a = port();
        int b = r.nextBoolean() ? a : port();
        return new PortRange(Math.min(a, b), Math.max(a, b));
    }

    /** A consistent packet of the family (as the packet space's universe describes them). */
    Packet packet() {
        int protocol = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
        Packet.Builder b = Packet.builder(address(), address(), protocol);
        boolean fragment = r.nextInt(10) == 0;
        b.fragment(fragment);
        boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
        if (ports && !fragment) {
            b.sport(port()).dport(port());
            if (protocol == 6) {
                b.tcpFlags(r.nextBoolean() ? new int[] {2, 0x10, 0x12, 0x18, 0x11, 0x04}[r.nextInt(6)] : r.nextInt(256));
            }
        }
        boolean icmp = protocol == (family == Family.IPV4 ? 1 : 58);
        if (icmp && !fragment && r.nextInt(8) != 0) {
            b.icmpType(new int[] {0, 3, 8, 11, 128, 129, 255, r.nextInt(256)}[r.nextInt(8)]);
            b.icmpCode(r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(4));
        }
        b.in(DEVICES[r.nextInt(DEVICES.length)]).out(DEVICES[r.nextInt(DEVICES.length)]);
        int s = r.nextInt(6);
        b.ctState(s == 5 ? null : CtState.values()[s]);
        b.length(r.nextInt(4) == 0 ? r.nextInt((int) Dimension.MAX_LENGTH + 1) : 20 + r.nextInt(1500));
        b.ttl(r.nextInt(3) == 0 ? r.nextInt(256) : new int[] {0, 1, 63, 64, 65, 128, 255}[r.nextInt(7)]);
        b.mark(r.nextInt(3) == 0 ? r.nextLong() & 0xFFFFFFFFL : new long[] {0, 1, 2, 0xff, 0x100, 0x101, 0x4000, 0x10000000L, 0xFFFF0000L}[r.nextInt(9)]);
        long[] macs = {-1, 0x020000000001L, 0x001122334455L, r.nextLong() & 0xFFFFFFFFFFFFL};
        b.srcMac(macs[r.nextInt(macs.length)]);
        return b.build();
    }

    IpPrefix prefix() {
        IpAddress a = address();
        if (family == Family.IPV4) {
            int len = new int[] {0, 8, 16, 24, 25, 30, 32, r.nextInt(33)}[r.nextInt(8)];
            return IpPrefix.ipv4((int) a.lo(), len);
        }
        int len = new int[] {0, 16, 32, 48, 63, 64, 65, 120, 128, r.nextInt(129)}[r.nextInt(10)];
        return IpPrefix.ipv6(a.hi(), a.lo(), len);
    }

    RuleHeader header() {
        IpPrefix src = r.nextBoolean() ? prefix() : null;
        IpPrefix dst = r.nextBoolean() ? prefix() : null;
        String in = r.nextInt(3) == 0 ? RULE_INTERFACES.get(r.nextInt(RULE_INTERFACES.size())) : null;
        String out = r.nextInt(3) == 0 ? RULE_INTERFACES.get(r.nextInt(RULE_INTERFACES.size())) : null;
        Protocol p = r.nextBoolean() ? Protocol.of(PROTOCOLS[r.nextInt(PROTOCOLS.length)]) : null;
        Fragment f = Fragment.values()[r.nextInt(6) < 4 ? 0 : 1 + r.nextInt(2)];
        return new RuleHeader(src, src != null && r.nextInt(4) == 0, dst, dst != null && r.nextInt(4) == 0,
                in, in != null && r.nextInt(4) == 0, out, out != null && r.nextInt(4) == 0,
                p, p != null && r.nextInt(4) == 0, f);
    }

    private HostMask host() {
        IpAddress a = address();
        long full = family == Family.IPV4 ? 0xFFFFFFFFL : -1L;
        return new HostMask(family, a.hi(), a.lo(), family == Family.IPV4 ? 0 : -1L, full);
    }

    private IprangeMatch.Range range() {
        HostMask x = host();
        HostMask y = host();
        boolean swap = r.nextInt(8) != 0 && new IpAddress(family, x.hi(), x.lo()).compareTo(new IpAddress(family, y.hi(), y.lo())) > 0;
        return swap ? new IprangeMatch.Range(y, x) : new IprangeMatch.Range(x, y);
    }

    private Set<CtState> states() {
        Set<CtState> s = EnumSet.noneOf(CtState.class);
        for (int i = 0; i < 5; i++) {
            if (r.nextInt(3) == 0) {
                s.add(CtState.values()[i]);
            }
        }
        if (s.isEmpty()) {
            s.add(CtState.NEW);
        }
        return s;
    }

    /** One match of the kinds the packet space translates exactly (tcp without --tcp-option). */
    Match exactMatch() {
        TtlMatch.Comparison op = TtlMatch.Comparison.values()[r.nextInt(4)];
        int hop = new int[] {0, 1, 64, 128, 255, r.nextInt(256)}[r.nextInt(6)];
        return switch (r.nextInt(14)) {
            case 0 -> {
                boolean syn = r.nextBoolean();
                int mask = syn ? 0x17 : r.nextInt(256);
                yield new TcpMatch(portRange(), r.nextInt(4) == 0, portRange(), r.nextInt(4) == 0, mask,
                        syn ? 0x02 : mask & r.nextInt(256), r.nextInt(4) == 0, 0, false);
            }
            case 1 -> new UdpMatch(portRange(), r.nextInt(4) == 0, portRange(), r.nextInt(4) == 0);
            case 2 -> {
                List<PortRange> ports = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    ports.add(portRange());
                }
                yield new MultiportMatch(MultiportMatch.Which.values()[r.nextInt(3)], ports, r.nextInt(3) == 0);
            }
            case 3 -> {
                int type = r.nextInt(3) == 0 ? 0xFF : new int[] {0, 3, 8, 11}[r.nextInt(4)];
                int cmin = r.nextInt(4);
                yield new IcmpMatch(type, r.nextBoolean() ? 0 : cmin, r.nextBoolean() ? 0xFF : cmin, r.nextInt(3) == 0);
            }
            case 4 -> {
                int type = new int[] {1, 128, 129, 255}[r.nextInt(4)];
                int cmin = r.nextInt(4);
                yield new Icmp6Match(type, r.nextBoolean() ? 0 : cmin, r.nextBoolean() ? 0xFF : cmin, r.nextInt(3) == 0);
            }
            case 5 -> new IprangeMatch(r.nextBoolean() ? range() : null, r.nextInt(3) == 0,
                    r.nextBoolean() ? range() : null, r.nextInt(3) == 0);
            case 6 -> {
                long a = r.nextInt(1600);
                long b = r.nextInt(4) == 0 ? 0xFFFFFFFFL : a + r.nextInt(2000);
                yield new LengthMatch(new UintRange(a, b), r.nextInt(3) == 0);
            }
            case 7 -> new TtlMatch(op, hop);
            case 8 -> new HlMatch(op, hop);
            case 9 -> new StateMatch(states(), r.nextInt(3) == 0);
            case 10 -> new ConntrackMatch(new ConntrackMatch.Test<>(states(), r.nextInt(3) == 0), null, null, null,
                    null, null, null, null, null, null, null, null, null);
            case 11 -> {
                // masks whose low bits are mostly set: the interval form stays small (see PacketSets.masked)
                long mask = new long[] {0xFFFFFFFFL, 0xFFFFFF00L, 0xFFFF0000L, 0xF0000000L, 0xFFF0FFFFL, 0}[r.nextInt(6)];
                long value = r.nextInt(5) == 0 ? r.nextInt(256) : new long[] {0, 1, 0x100, 0x10000000L, 0xFFFF0000L}[r.nextInt(5)] & mask;
                yield new MarkMatch(new ValueMask(value, mask, 0xFFFFFFFFL), r.nextInt(3) == 0);
            }
            case 12 -> new MacMatch(r.nextBoolean() ? 0x020000000001L : 0x001122334455L, "mac", r.nextInt(3) == 0);
            default -> new CommentMatch("c" + r.nextInt(10));
        };
    }

    /**
     * A match the packet space only approximates: tcp with {@code --tcp-option}, a mark under a mask with
     * many free high bits, conntrack with the virtual SNAT/DNAT states or with a tuple test.
     */
    Match approximatedMatch() {
        return switch (r.nextInt(4)) {
            case 0 -> new TcpMatch(portRange(), false, portRange(), r.nextInt(4) == 0, 0, 0, false,
                    new int[] {2, 3, 4, 8}[r.nextInt(4)], r.nextBoolean());
            case 1 -> {
                long mask = new long[] {0xFF, 0x4000, 0xFF00, 0x1}[r.nextInt(4)];
                yield new MarkMatch(new ValueMask(r.nextBoolean() ? 0 : mask, mask, 0xFFFFFFFFL), r.nextInt(3) == 0);
            }
            case 2 -> {
                Set<CtState> s = states();
                s.add(r.nextBoolean() ? CtState.SNAT : CtState.DNAT);
                yield new ConntrackMatch(new ConntrackMatch.Test<>(s, r.nextBoolean()), null, null, null,
                        null, null, null, null, null, null, null, null, null);
            }
            default -> new ConntrackMatch(new ConntrackMatch.Test<>(states(), false), new ConntrackMatch.Test<>(6, false),
                    null, null, null, null, null, null, null, null, null, null, null);
        };
    }

    /** Zero to three exactly translatable matches. */
    List<Match> exactMatches() {
        List<Match> out = new ArrayList<>();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            out.add(exactMatch());
        }
        return out;
    }

    /** A random set built from a header and matches (exactly translatable), via union/intersection/difference. */
    PacketSet set(PacketSpace space) {
        PacketSet s = PacketSets.of(header(), exactMatches(), space).over();
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            PacketSet t = PacketSets.of(header(), exactMatches(), space).over();
            s = switch (r.nextInt(3)) {
                case 0 -> s.union(t);
                case 1 -> s.intersect(t);
                default -> s.minus(t);
            };
        }
        return s;
    }

    Random random() {
        return r;
    }
}
