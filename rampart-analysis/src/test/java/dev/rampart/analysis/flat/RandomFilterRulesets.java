package dev.rampart.analysis.flat;

import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded generator of small IPv4 filter rulesets with user chains, and of packets at their rules'
 * boundaries. One seed always gives the same ruleset and packets.
 *
 * <p>Rules: {@code filter INPUT} (policy ACCEPT or DROP, 3 to 8 rules) and 1 to 3 user chains U1..U3
 * (2 to 5 rules each); targets ACCEPT, DROP, RETURN (also in INPUT, where it means the policy), LOG
 * (non-terminal), no target, and {@code -j}/{@code -g} to a later user chain (no loops). Matches, all
 * exactly translatable: {@code -s}/{@code -d} prefixes (also as dotted masks) with {@code !},
 * {@code -i} with {@code !}, {@code -p} tcp/udp/icmp/gre with {@code !}, tcp/udp {@code --sport}/
 * {@code --dport} (single or range, with {@code !}), {@code --icmp-type} with {@code !}.
 *
 * <p>Packets: each field is drawn from the values the rules mention and their neighbours (a prefix's
 * first and last address and the ones just outside; a port range's ends and the ports beside them),
 * now and then a random value; they arrive on {@code eth0} in state NEW.
 */
public final class RandomFilterRulesets {
    private static final long[] BASES = {0xC0000200L, 0xC6336400L, 0x0A000000L, 0xC6120200L, 0xCB007100L};
    private static final int[] PORTS = {0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 65535};

    private final Random random;
    private final List<Long> addresses = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> icmpTypes = new ArrayList<>(List.of(0, 8));
    private final String text;

    public RandomFilterRulesets(long seed) {
        random = new Random(new SplittableRandom(seed).nextLong());
        addresses.add(BASES[0] | 1);
        ports.add(80);
        text = ruleset();
    }

    /** The ruleset in {@code iptables-restore} format. */
    public String text() {
        return text;
    }

    private String ruleset() {
        int userChains = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder("*filter\n");
        sb.append(":INPUT ").append(random.nextBoolean() ? "ACCEPT" : "DROP").append(" [0:0]\n");
        sb.append(":FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (int c = 1; c <= userChains; c++) {
            sb.append(":U").append(c).append(" - [0:0]\n");
        }
        for (int c = 0; c <= userChains; c++) {
            int n = c == 0 ? 3 + random.nextInt(6) : 2 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                sb.append("-A ").append(c == 0 ? "INPUT" : "U" + c).append(matches()).append(target(c, userChains))
                        .append('\n');
            }
        }
        return sb.append("COMMIT\n").toString();
    }

    private String target(int chain, int userChains) {
        int pick = random.nextInt(11);
        if (pick < 4 && chain < userChains) {
            int to = chain + 1 + random.nextInt(userChains - chain);
            return (random.nextInt(3) == 0 ? " -g U" : " -j U") + to;
        }
        return switch (pick) {
            case 4, 5 -> " -j ACCEPT";
            case 6, 7 -> " -j DROP";
            case 8 -> " -j LOG --log-prefix \"seen \"";
            case 9 -> "";
            default -> " -j RETURN";
        };
    }

    private String neg() {
        return random.nextInt(4) == 0 ? " !" : "";
    }

    private String matches() {
        StringBuilder m = new StringBuilder();
        if (random.nextInt(3) == 0) {
            m.append(neg()).append(" -s ").append(prefix());
        }
        if (random.nextInt(4) == 0) {
            m.append(neg()).append(" -d ").append(prefix());
        }
        if (random.nextInt(6) == 0) {
            m.append(neg()).append(" -i ").append(random.nextBoolean() ? "eth0" : "eth1");
        }
        int proto = new int[] {0, 0, 6, 6, 17, 1, 47}[random.nextInt(7)];
        if (proto == 0) {
            return m.toString();
        }
        boolean negProto = random.nextInt(6) == 0;
        String name = switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            default -> "gre";
        };
        m.append(negProto ? " ! -p " : " -p ").append(name);
        if (negProto) {
            return m.toString();
        }
        if (proto == 6 || proto == 17) {
            m.append(" -m ").append(name);
            if (random.nextBoolean()) {
                m.append(neg()).append(" --sport ").append(portSpec());
            }
            if (random.nextInt(3) != 0) {
                m.append(neg()).append(" --dport ").append(portSpec());
            }
        } else if (proto == 1 && random.nextBoolean()) {
            int type = random.nextBoolean() ? 8 : random.nextInt(16);
            icmpTypes.add(type);
            icmpTypes.add(type + 1);
            m.append(" -m icmp").append(neg()).append(" --icmp-type ").append(type);
        }
        return m.toString();
    }

    private String prefix() {
        int len = random.nextInt(5) == 0 ? 0 : 8 + random.nextInt(25);
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        long base = (BASES[random.nextInt(BASES.length)] | random.nextInt(256)) & mask;
        long last = base | (~mask & 0xFFFFFFFFL);
        for (long a : new long[] {base - 1, base, last, last + 1}) {
            if (a >= 0 && a <= 0xFFFFFFFFL) {
                addresses.add(a);
            }
        }
        String addr = dotted(base);
        return random.nextInt(4) == 0 ? addr + "/" + dotted(mask) : addr + "/" + len;
    }

    private String portSpec() {
        int a = random.nextInt(3) == 0 ? random.nextInt(65536) : PORTS[random.nextInt(PORTS.length)];
        int b = random.nextBoolean() ? a : Math.min(65535, a + random.nextInt(2000));
        for (int p : new int[] {a - 1, a, b, b + 1}) {
            if (p >= 0 && p <= 65535) {
                ports.add(p);
            }
        }
        return a == b ? Integer.toString(a) : a + ":" + b;
    }

    private static String dotted(long a) {
        return (a >>> 24 & 255) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    /** A packet arriving on eth0 in state NEW, its fields at the rules' boundaries. */
    public Packet packet() {
        int proto = new int[] {6, 6, 17, 17, 1, 47}[random.nextInt(6)];
        Packet.Builder b = Packet.builder(address(), address(), proto).in("eth0").ctState(CtState.NEW);
        if (proto == 6 || proto == 17) {
            b.sport(port()).dport(port());
            if (proto == 6) {
                b.tcpFlags(Packet.SYN);
            }
        } else if (proto == 1) {
            b.icmpType(random.nextInt(5) == 0 ? random.nextInt(256) : icmpTypes.get(random.nextInt(icmpTypes.size())))
                    .icmpCode(0);
        }
        return b.build();
    }

    private IpAddress address() {
        long a = random.nextInt(8) == 0 ? random.nextLong() & 0xFFFFFFFFL : addresses.get(random.nextInt(addresses.size()));
        return IpAddress.ipv4((int) a);
    }

    private int port() {
        return random.nextInt(8) == 0 ? random.nextInt(65536) : ports.get(random.nextInt(ports.size()));
    }
}
