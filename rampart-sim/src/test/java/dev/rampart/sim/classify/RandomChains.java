package dev.rampart.sim.classify;

import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random chains over the fields a {@link RuleIndex} keys on — prefixes of every length (and the
 * odd non-contiguous mask) around a few shared bases, {@code !} on every field, protocols, interface
 * names and {@code +} wildcards, tcp/udp ports and ranges, multiport lists in all three forms, ICMP
 * types — and packets biased to the rules' boundaries: first and last address of a prefix and one
 * beyond, range ends and one beyond, interface names equal to, extending or cutting a rule's name,
 * fragments and packets without ports.
 */
final class RandomChains {
    private static final String[] IFACES = {"eth0", "eth1", "eth10", "eth1.96", "ppp0", "lo", "veth+", "eth+", "e+",
        "+", "wg0"};
    private static final int[] ICMP_TYPES = {0, 3, 8, 11, 255};
    private static final int[] ICMP6_TYPES = {1, 2, 128, 129, 135};

    private final Random rnd;
    private final Family family;
    private final long[][] bases;

    RandomChains(long seed, Family family) {
        this.rnd = new Random(seed);
        this.family = family;
        int n = 1 + rnd.nextInt(4);
        bases = new long[n][];
        for (int i = 0; i < n; i++) {
            bases[i] = family == Family.IPV4
                    ? new long[] {0, (0xC6120000L | rnd.nextInt(1 << 16)) & 0xFFFFFFFFL}
                    : new long[] {0x20010db800000000L | rnd.nextInt(4), rnd.nextLong() & 0xFFFFL};
        }
    }

    /** A chain of 1..{@code maxRules} rules. */
    List<Rule> chain(int maxRules) {
        int n = 1 + rnd.nextInt(maxRules);
        List<Rule> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rules.add(rule());
        }
        return rules;
    }

    private Rule rule() {
        IpPrefix src = chance(50) ? prefix() : null;
        IpPrefix dst = chance(50) ? prefix() : null;
        String in = chance(35) ? pick(IFACES) : null;
        String out = chance(25) ? pick(IFACES) : null;
        int roll = rnd.nextInt(100);
        int icmp = family == Family.IPV4 ? 1 : 58;
        int proto = roll < 25 ? -1 : roll < 60 ? 6 : roll < 80 ? 17 : roll < 95 ? icmp : 47;
        boolean protoInv = proto > 0 && chance(10);
        Fragment frag = family == Family.IPV4 && chance(10) ? (chance(50) ? Fragment.FRAGMENTS : Fragment.NON_FRAGMENTS)
                : Fragment.ANY;
        RuleHeader h = new RuleHeader(src, src != null && chance(20), dst, dst != null && chance(20),
                in, in != null && chance(20), out, out != null && chance(20),
                proto < 0 ? (chance(20) ? Protocol.ALL : null) : Protocol.of(proto), protoInv, frag);
        List<Match> matches = new ArrayList<>();
        if (!protoInv && (proto == 6 || proto == 17)) {
            if (chance(65)) {
                PortRange sport = chance(30) ? portRange() : PortRange.ALL;
                PortRange dport = chance(75) ? portRange() : PortRange.ALL;
                boolean si = chance(15);
                boolean di = chance(15);
                matches.add(proto == 6 ? new TcpMatch(sport, si, dport, di, 0, 0, false, 0, false)
                        : new UdpMatch(sport, si, dport, di));
            }
            if (chance(35)) {
                matches.add(multiport());
            }
        } else if (!protoInv && proto == icmp && chance(70)) {
            if (family == Family.IPV4) {
                int type = pick(ICMP_TYPES);
                int lo = chance(70) ? 0 : rnd.nextInt(4);
                int hi = chance(70) ? 255 : lo + rnd.nextInt(3);
                matches.add(new IcmpMatch(type, lo, hi, chance(20)));
            } else {
                int type = pick(ICMP6_TYPES);
                int lo = chance(70) ? 0 : rnd.nextInt(4);
                int hi = chance(70) ? 255 : lo + rnd.nextInt(3);
                matches.add(new Icmp6Match(type, lo, hi, chance(20)));
            }
        }
        return new Rule(h, matches, null, null, 0, 0);
    }

    private MultiportMatch multiport() {
        MultiportMatch.Which which = MultiportMatch.Which.values()[rnd.nextInt(3)];
        List<PortRange> ports = new ArrayList<>();
        int slots = 0;
        int items = 1 + rnd.nextInt(6);
        for (int i = 0; i < items && slots < 14; i++) {
            if (chance(30)) {
                int a = port();
                int b = Math.min(65535, a + 1 + rnd.nextInt(chance(50) ? 10 : 5000));
                if (a == b) {
                    a = b - 1;
                }
                ports.add(new PortRange(a, b));
                slots += 2;
            } else {
                ports.add(PortRange.of(port()));
                slots++;
            }
        }
        return new MultiportMatch(which, ports, chance(20));
    }

    private PortRange portRange() {
        int a = port();
        int roll = rnd.nextInt(10);
        if (roll < 6) {
            return PortRange.of(a);
        }
        int b = Math.min(65535, a + rnd.nextInt(roll < 9 ? 40 : 30000));
        return new PortRange(a, b);
    }

    private int port() {
        int roll = rnd.nextInt(10);
        return roll < 5 ? 20 + rnd.nextInt(10) : roll < 8 ? 1020 + rnd.nextInt(10) : rnd.nextInt(65536);
    }

    private IpPrefix prefix() {
        long[] base = bases[rnd.nextInt(bases.length)];
        if (family == Family.IPV4) {
            if (chance(5)) {
                long mask = 0xFF00FF00L;
                return new IpPrefix(Family.IPV4, 0, base[1] ^ rnd.nextInt(256), 0, mask);
            }
            int len = chance(50) ? pick(new int[] {32, 24, 16, 28, 8}) : rnd.nextInt(33);
            long addr = base[1] ^ (rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 12) : rnd.nextInt(8));
            return IpPrefix.ipv4((int) addr, len);
        }
        if (chance(5)) {
            return new IpPrefix(Family.IPV6, base[0], base[1] ^ rnd.nextInt(256), 0xFFFFFFFF00000000L, 0xFF00L);
        }
        int len = chance(50) ? pick(new int[] {128, 64, 48, 56, 120}) : rnd.nextInt(129);
        return IpPrefix.ipv6(base[0], base[1] ^ rnd.nextInt(8), len);
    }

    /** A packet near a random rule of {@code rules} (80%) or from the same pools at random. */
    PacketState packet(List<Rule> rules) {
        Rule r = rules.get(rnd.nextInt(rules.size()));
        boolean near = chance(80);
        RuleHeader h = r.header();
        IpAddress src = near && h.source() != null ? around(h.source()) : address();
        IpAddress dst = near && h.destination() != null ? around(h.destination()) : address();
        int proto;
        if (near && h.protocol() != null && !h.protocol().isAll() && chance(85)) {
            proto = h.protocol().number();
        } else {
            int icmp = family == Family.IPV4 ? 1 : 58;
            proto = new int[] {6, 17, icmp, 47, 6}[rnd.nextInt(5)];
        }
        Packet.Builder b = Packet.builder(src, dst, proto);
        b.in(near && h.inInterface() != null ? ifaceAround(h.inInterface()) : chance(80) ? ifaceAround(pick(IFACES))
                : null);
        b.out(near && h.outInterface() != null ? ifaceAround(h.outInterface()) : chance(50)
                ? ifaceAround(pick(IFACES)) : null);
        boolean fragment = chance(8);
        b.fragment(fragment);
        if (proto == 6 || proto == 17) {
            if (!chance(5)) {
                b.sport(portAround(r, true)).dport(portAround(r, false));
            }
        } else if (proto == 1 || proto == 58) {
            int type = -1;
            for (Match m : r.matches()) {
                if (m instanceof IcmpMatch i && near) {
                    type = i.type();
                } else if (m instanceof Icmp6Match i && near) {
                    type = i.type();
                }
            }
            if (type < 0 || type == 255 || chance(20)) {
                type = proto == 1 ? pick(ICMP_TYPES) : pick(ICMP6_TYPES);
            }
            if (!chance(5)) {
                b.icmpType(type).icmpCode(rnd.nextInt(5));
            }
        }
        return new PacketState(b.build());
    }

    private int portAround(Rule r, boolean source) {
        List<Integer> edges = new ArrayList<>();
        for (Match m : r.matches()) {
            List<PortRange> ranges = new ArrayList<>();
            if (m instanceof TcpMatch t) {
                ranges.add(source ? t.sport() : t.dport());
            } else if (m instanceof UdpMatch u) {
                ranges.add(source ? u.sport() : u.dport());
            } else if (m instanceof MultiportMatch mp) {
                ranges.addAll(mp.ports());
            }
            for (PortRange pr : ranges) {
                edges.add(pr.from());
                edges.add(pr.to());
                edges.add(Math.max(0, pr.from() - 1));
                edges.add(Math.min(65535, pr.to() + 1));
            }
        }
        if (edges.isEmpty() || chance(15)) {
            return port();
        }
        return edges.get(rnd.nextInt(edges.size()));
    }

    private String ifaceAround(String rule) {
        String base = rule.endsWith("+") ? rule.substring(0, rule.length() - 1) : rule;
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> base.isEmpty() ? "eth0" : base;
            case 2 -> base + rnd.nextInt(3);
            case 3 -> base.length() > 1 ? base.substring(0, base.length() - 1) : "x";
            case 4 -> base + ".1";
            default -> pick(IFACES).replace("+", "7");
        };
    }

    /** An address at or just beside an edge of {@code p}, or inside it. */
    private IpAddress around(IpPrefix p) {
        long hostHi = ~p.maskHi();
        long hostLo = family == Family.IPV4 ? ~p.maskLo() & 0xFFFFFFFFL : ~p.maskLo();
        long hi;
        long lo;
        switch (rnd.nextInt(5)) {
            case 0 -> { hi = p.hi(); lo = p.lo(); }
            case 1 -> { hi = p.hi() | hostHi; lo = p.lo() | hostLo; }
            case 2 -> { hi = p.hi(); lo = p.lo() - 1; }
            case 3 -> { hi = p.hi() | hostHi; lo = (p.lo() | hostLo) + 1; }
            default -> { hi = p.hi() | (rnd.nextLong() & hostHi); lo = p.lo() | (rnd.nextLong() & hostLo); }
        }
        return family == Family.IPV4 ? IpAddress.ipv4((int) lo) : new IpAddress(Family.IPV6, hi, lo);
    }

    private IpAddress address() {
        long[] base = bases[rnd.nextInt(bases.length)];
        if (family == Family.IPV4) {
            return IpAddress.ipv4((int) (base[1] ^ rnd.nextInt(chance(50) ? 8 : 1 << 12)));
        }
        return new IpAddress(Family.IPV6, base[0], base[1] ^ rnd.nextInt(8));
    }

    private boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private int pick(int[] a) {
        return a[rnd.nextInt(a.length)];
    }
}
