package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A seeded generator of random filter rulesets and of packets chosen at their rule boundaries, for the
 * kernel differential test. One seed gives one ruleset and its packets, always the same.
 *
 * <p>Rules: {@code filter INPUT} with policy ACCEPT or DROP and 6 to 12 rules, plus 1 to 3 user chains
 * (3 to 5 rules each) reached by {@code -j} and {@code -g}; targets ACCEPT, DROP, RETURN (user chains),
 * jumps and gotos only to later chains (no loops), and rules without a target (counting only). Matches:
 * source and destination prefixes with masks and {@code !}, protocol (tcp, udp, icmp/icmpv6, gre, and
 * {@code !} protocol), single ports and port ranges with {@code !}, multiport {@code --dports/--sports/--ports}
 * with ranges, {@code --tcp-flags} and {@code --syn} with {@code !}, icmp type/code, {@code -m length},
 * {@code -m ttl} / {@code -m hl}.
 *
 * <p>Packets: every value a rule mentions contributes its edges to a pool (prefix: first and last
 * address and the neighbours outside; range: both ends and one beside each; ttl/length: value and
 * neighbours); each packet draws its fields from these pools (and now and then a random value), so most
 * packets sit exactly at or just beside a boundary. Sources stay inside the documentation ranges, and
 * destinations inside the firewall's own local range {@link #LOCAL_V4} / {@link #LOCAL_V6}.
 */
final class GeneratedRulesets {
    /** A range the lab routes locally on the firewall (every address in it is delivered to INPUT). */
    static final String LOCAL_V4 = "198.18.2.0/24";
    static final String LOCAL_V6 = "2001:db8:18:2::/64";
    private static final String[] SRC_NETS_V4 = {"192.0.2.", "198.51.100.", "203.0.113."};
    private static final String SRC_NET_V6 = "2001:db8:1::";
    private static final int[] SERVICE_PORTS = {0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 32768, 65535};

    private final Random random;
    private final Family family;
    private final long seed;
    private final TreeSet<Integer> ports = new TreeSet<>();
    private final TreeSet<Integer> lengths = new TreeSet<>();
    private final TreeSet<Integer> ttls = new TreeSet<>();
    private final List<int[]> icmps = new ArrayList<>();
    private final List<Integer> flagSets = new ArrayList<>();
    private final List<IpAddress> sources = new ArrayList<>();
    private final List<IpAddress> destinations = new ArrayList<>();
    private final List<Integer> protocols = new ArrayList<>();

    private GeneratedRulesets(long seed) {
        this.seed = seed;
        // consecutive seeds give correlated first draws from java.util.Random: scramble them first
        this.random = new Random(new java.util.SplittableRandom(seed).nextLong());
        this.family = random.nextInt(4) == 0 ? Family.IPV6 : Family.IPV4;
    }

    /** The case for {@code seed}: a ruleset and {@code packets} packets, all arriving on {@code eth0}. */
    static KernelDifferential.Case generate(long seed, int packets) {
        GeneratedRulesets g = new GeneratedRulesets(seed);
        String rules = g.ruleset();
        List<PacketLines.Step> steps = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            Packet p = g.packet("g" + seed + "-" + (i + 1));
            steps.add(new PacketLines.Send(p, i + 1));
        }
        return new KernelDifferential.Case("generated seed " + seed + " (" + g.family + ")", g.family, rules, null,
                steps, false);
    }

    private String ruleset() {
        int userChains = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder("*filter\n");
        sb.append(":INPUT ").append(random.nextBoolean() ? "ACCEPT" : "DROP").append(" [0:0]\n");
        sb.append(":FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (int c = 1; c <= userChains; c++) {
            sb.append(":U").append(c).append(" - [0:0]\n");
        }
        int inputRules = 6 + random.nextInt(7);
        for (int i = 0; i < inputRules; i++) {
            sb.append("-A INPUT").append(matches()).append(target(0, userChains)).append('\n');
        }
        for (int c = 1; c <= userChains; c++) {
            int n = 3 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                sb.append("-A U").append(c).append(matches()).append(target(c, userChains)).append('\n');
            }
        }
        sb.append("COMMIT\n");
        return sb.toString();
    }

    /** A target for a rule of chain {@code chain} (0 = INPUT): jumps only go to later user chains. */
    private String target(int chain, int userChains) {
        int pick = random.nextInt(10);
        if (pick < 3 && chain < userChains) {
            int to = chain + 1 + random.nextInt(userChains - chain);
            return (random.nextInt(3) == 0 ? " -g U" : " -j U") + to;
        }
        return switch (pick) {
            case 3, 4 -> " -j ACCEPT";
            case 5, 6 -> " -j DROP";
            case 7 -> chain > 0 ? " -j RETURN" : " -j DROP";
            case 8 -> "";
            default -> chain > 0 ? " -j RETURN" : " -j ACCEPT";
        };
    }

    private String matches() {
        StringBuilder m = new StringBuilder();
        if (random.nextInt(3) == 0) {
            m.append(neg()).append(" -s ").append(sourcePrefix());
        }
        if (random.nextInt(4) == 0) {
            m.append(neg()).append(" -d ").append(destinationPrefix());
        }
        int proto = pickProtocol();
        boolean negProto = proto > 0 && random.nextInt(8) == 0;
        if (proto > 0) {
            protocols.add(proto);
            m.append(negProto ? " ! -p " : " -p ").append(protoName(proto));
        }
        if (!negProto && (proto == 6 || proto == 17)) {
            portMatches(m, proto);
        }
        if (!negProto && (proto == 1 || proto == 58) && random.nextBoolean()) {
            int type = random.nextInt(3) == 0 ? random.nextInt(20) : (family == Family.IPV4 ? 8 : 128);
            boolean withCode = random.nextBoolean();
            int code = random.nextInt(3);
            icmps.add(new int[] {type, withCode ? code : 0});
            icmps.add(new int[] {type, code + 1});
            icmps.add(new int[] {type + 1, 0});
            if (family == Family.IPV4) {
                m.append(" -m icmp").append(neg()).append(" --icmp-type ").append(type).append(withCode ? "/" + code : "");
            } else {
                m.append(" -m icmp6").append(neg()).append(" --icmpv6-type ").append(type)
                        .append(withCode ? "/" + code : "");
            }
        }
        if (random.nextInt(6) == 0) {
            int a = 28 + random.nextInt(200);
            int b = a + random.nextInt(400);
            edges(lengths, a, 0, 1500);
            edges(lengths, b, 0, 1500);
            m.append(" -m length").append(neg()).append(" --length ").append(a).append(':').append(b);
        }
        if (random.nextInt(6) == 0) {
            int v = 1 + random.nextInt(254);
            edges(ttls, v, 1, 255);
            String op = new String[] {"eq", "lt", "gt"}[random.nextInt(3)];
            if (family == Family.IPV4) {
                m.append(" -m ttl --ttl-").append(op).append(' ').append(v);
            } else {
                m.append(" -m hl --hl-").append(op).append(' ').append(v);
            }
        }
        return m.toString();
    }

    private void portMatches(StringBuilder m, int proto) {
        String mod = proto == 6 ? "tcp" : "udp";
        int kind = random.nextInt(5);
        if (kind <= 1) {
            m.append(" -m ").append(mod);
            if (random.nextBoolean()) {
                m.append(neg()).append(" --sport ").append(portSpec());
            }
            if (random.nextInt(3) != 0) {
                m.append(neg()).append(" --dport ").append(portSpec());
            }
        } else if (kind == 2) {
            String option = new String[] {"--dports", "--sports", "--ports"}[random.nextInt(3)];
            int n = 1 + random.nextInt(4);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(portSpec());
            }
            m.append(" -m multiport").append(neg()).append(' ').append(option).append(' ').append(String.join(",", items));
        }
        if (proto == 6 && random.nextInt(3) == 0) {
            if (random.nextBoolean()) {
                m.append(" -m tcp").append(neg()).append(" --syn");
                flagSets.add(Packet.SYN);
                flagSets.add(Packet.SYN | Packet.ACK);
            } else {
                int mask = 1 + random.nextInt(0x3F);
                int comp = mask & random.nextInt(0x40);
                flagSets.add(comp);
                flagSets.add(comp ^ (1 << random.nextInt(6)));
                m.append(" -m tcp").append(neg()).append(" --tcp-flags ").append(flagNames(mask)).append(' ')
                        .append(flagNames(comp));
            }
        }
    }

    private String portSpec() {
        int a = random.nextInt(3) == 0 ? random.nextInt(65536) : SERVICE_PORTS[random.nextInt(SERVICE_PORTS.length)];
        edges(ports, a, 0, 65535);
        if (random.nextBoolean()) {
            return Integer.toString(a);
        }
        if (a == 65535) {
            return "65535";
        }
        // multiport refuses a range whose ends are equal, so the end is always above the start
        int b = Math.min(65535, a + 1 + random.nextInt(2000));
        edges(ports, b, 0, 65535);
        return a + ":" + b;
    }

    private static void edges(TreeSet<Integer> pool, int v, int min, int max) {
        for (int d = -1; d <= 1; d++) {
            if (v + d >= min && v + d <= max) {
                pool.add(v + d);
            }
        }
    }

    private String sourcePrefix() {
        if (family == Family.IPV6) {
            int len = 112 + random.nextInt(17);
            IpAddress base = IpAddress.parse(SRC_NET_V6 + Integer.toHexString(random.nextInt(0x10000)));
            return prefix6(base, len, sources);
        }
        String net = SRC_NETS_V4[random.nextInt(SRC_NETS_V4.length)];
        int len = 24 + random.nextInt(9);
        return prefix4(IpAddress.parse(net + random.nextInt(256)), len, sources, 24);
    }

    private String destinationPrefix() {
        if (family == Family.IPV6) {
            int len = 112 + random.nextInt(17);
            IpAddress base = IpAddress.parse("2001:db8:18:2::" + Integer.toHexString(random.nextInt(0x10000)));
            return prefix6(base, len, destinations);
        }
        int len = 24 + random.nextInt(9);
        return prefix4(IpAddress.parse("198.18.2." + random.nextInt(256)), len, destinations, 24);
    }

    /** The prefix text, adding its edges that stay inside the enclosing /{@code outer} to {@code pool}. */
    private static String prefix4(IpAddress a, int len, List<IpAddress> pool, int outer) {
        long first = a.masked(len).lo();
        long last = first | ((1L << (32 - len)) - 1);
        long outerFirst = a.masked(outer).lo();
        long outerLast = outerFirst | ((1L << (32 - outer)) - 1);
        for (long v : new long[] {first - 1, first, last, last + 1}) {
            if (v >= outerFirst && v <= outerLast) {
                pool.add(new IpAddress(Family.IPV4, 0, v));
            }
        }
        return new IpAddress(Family.IPV4, 0, first) + "/" + len;
    }

    private static String prefix6(IpAddress a, int len, List<IpAddress> pool) {
        IpAddress first = a.masked(len);
        long span = len == 128 ? 0 : (1L << (128 - len)) - 1;
        long lo = first.lo();
        for (long v : new long[] {lo - 1, lo, lo + span, lo + span + 1}) {
            if (Long.compareUnsigned(v >>> 16, lo >>> 16) == 0) {
                pool.add(new IpAddress(Family.IPV6, first.hi(), v));
            }
        }
        return first + "/" + len;
    }

    private int pickProtocol() {
        int r = random.nextInt(12);
        if (r < 4) {
            return 6;
        }
        if (r < 7) {
            return 17;
        }
        if (r < 9) {
            return family == Family.IPV4 ? 1 : 58;
        }
        if (r == 9) {
            return 47;
        }
        return 0;
    }

    private String protoName(int proto) {
        return switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "ipv6-icmp";
            default -> Integer.toString(proto);
        };
    }

    private String neg() {
        return random.nextInt(6) == 0 ? " !" : "";
    }

    private static String flagNames(int bits) {
        if (bits == 0) {
            return "NONE";
        }
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
        return String.join(",", out);
    }

    private <T> T pick(List<T> pool) {
        return pool.get(random.nextInt(pool.size()));
    }

    private int pickInt(TreeSet<Integer> pool, int fallback) {
        if (pool.isEmpty() || random.nextInt(5) == 0) {
            return fallback;
        }
        int skip = random.nextInt(pool.size());
        return pool.stream().skip(skip).findFirst().orElse(fallback);
    }

    private Packet packet(String id) {
        int proto = protocols.isEmpty() || random.nextInt(6) == 0 ? new int[] {6, 17, 47}[random.nextInt(3)]
                : pick(protocols);
        if (proto == 1 && family == Family.IPV6 || proto == 58 && family == Family.IPV4) {
            proto = family == Family.IPV4 ? 1 : 58;
        }
        IpAddress src = !sources.isEmpty() && random.nextInt(4) != 0 ? pick(sources) : randomSource();
        IpAddress dst = !destinations.isEmpty() && random.nextInt(3) != 0 ? pick(destinations) : randomDestination();
        Packet.Builder b = Packet.builder(src, dst, proto).id(id).in("eth0");
        if (proto == 6 || proto == 17) {
            b.sport(pickInt(ports, 1024 + random.nextInt(60000))).dport(pickInt(ports, random.nextInt(65536)));
        }
        if (proto == 6) {
            b.tcpFlags(!flagSets.isEmpty() && random.nextBoolean() ? pick(flagSets)
                    : new int[] {Packet.SYN, Packet.ACK, Packet.SYN | Packet.ACK, Packet.FIN | Packet.ACK,
                        Packet.RST, 0}[random.nextInt(6)]);
        }
        if (proto == 1 || proto == 58) {
            int[] tc = !icmps.isEmpty() && random.nextInt(4) != 0 ? pick(icmps)
                    : new int[] {family == Family.IPV4 ? 8 : 128, 0};
            b.icmpType(Math.min(255, tc[0])).icmpCode(Math.min(255, tc[1]));
        }
        b.ttl(pickInt(ttls, 64));
        Packet natural = b.build();
        int len = pickInt(lengths, natural.length());
        if (len > natural.length() && len <= 1500) {
            b.length(len);
        }
        return b.build();
    }

    private IpAddress randomSource() {
        if (family == Family.IPV6) {
            return IpAddress.parse(SRC_NET_V6 + Integer.toHexString(random.nextInt(0x10000)));
        }
        return IpAddress.parse(SRC_NETS_V4[random.nextInt(SRC_NETS_V4.length)] + random.nextInt(256));
    }

    private IpAddress randomDestination() {
        if (family == Family.IPV6) {
            return IpAddress.parse("2001:db8:18:2::" + Integer.toHexString(random.nextInt(0x10000)));
        }
        return IpAddress.parse("198.18.2." + random.nextInt(256));
    }

    long seed() {
        return seed;
    }
}
