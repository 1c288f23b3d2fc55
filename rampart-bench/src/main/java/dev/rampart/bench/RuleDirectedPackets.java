package dev.rampart.bench;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates packet workloads from a ruleset the way ClassBench's trace generator does: pick a rule at
 * random and build a packet inside its header (address inside its prefixes, its protocol and ports, its
 * interfaces), so the workload exercises the rules rather than falling through to the policy. Negated
 * fields get a value outside. Deterministic for a seed.
 */
public final class RuleDirectedPackets {
    /** How packets travel through the host. */
    public enum Path { INPUT, FORWARD }

    private RuleDirectedPackets() {
    }

    /** {@code count} packets aimed at random rules of {@code table} (only IPv4 rulesets). */
    public static List<Packet> generate(Ruleset ruleset, TableName table, Path path, int count, long seed) {
        if (ruleset.family() != Family.IPV4) {
            throw new IllegalArgumentException("IPv4 rulesets only");
        }
        List<Rule> rules = new ArrayList<>();
        List<String> ifaces = new ArrayList<>();
        for (Chain c : ruleset.table(table).orElseThrow().chains()) {
            for (Rule r : c.rules()) {
                rules.add(r);
                addIface(ifaces, r.header().inInterface());
                addIface(ifaces, r.header().outInterface());
            }
        }
        if (ifaces.isEmpty()) {
            ifaces.add("eth0");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Packet> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(packetFor(rules.get(rnd.nextInt(rules.size())), ifaces, path, rnd));
        }
        return out;
    }

    private static void addIface(List<String> ifaces, String name) {
        if (name != null && !ifaces.contains(concrete(name))) {
            ifaces.add(concrete(name));
        }
    }

    private static String concrete(String name) {
        return name.endsWith("+") ? name.substring(0, name.length() - 1) + "0" : name;
    }

    private static Packet packetFor(Rule rule, List<String> ifaces, Path path, SplittableRandom rnd) {
        RuleHeader h = rule.header();
        int proto = h.protocol() != null && !h.protocolInverted() && h.protocol().number() != 0 ? h.protocol().number()
                : 6;
        int sport = 1024 + rnd.nextInt(60000);
        int dport = 1 + rnd.nextInt(1023);
        int icmpType = 8;
        for (Match m : rule.matches()) {
            if (m instanceof TcpMatch t) {
                sport = port(t.sport(), t.sportInverted(), sport, rnd);
                dport = port(t.dport(), t.dportInverted(), dport, rnd);
            } else if (m instanceof UdpMatch u) {
                sport = port(u.sport(), u.sportInverted(), sport, rnd);
                dport = port(u.dport(), u.dportInverted(), dport, rnd);
            } else if (m instanceof MultiportMatch mp && !mp.inverted() && !mp.ports().isEmpty()) {
                PortRange r = mp.ports().get(rnd.nextInt(mp.ports().size()));
                int v = r.from() + rnd.nextInt(r.to() - r.from() + 1);
                if (mp.which() == MultiportMatch.Which.SOURCE) {
                    sport = v;
                } else {
                    dport = v;
                }
            } else if (m instanceof IcmpMatch im && !im.inverted()) {
                icmpType = im.type() == 0xFF ? 8 : im.type();
            }
        }
        IpAddress src = address(h.source(), h.sourceInverted(), rnd, 0xCB007100L);
        IpAddress dst = address(h.destination(), h.destinationInverted(), rnd, 0xC6120000L);
        Packet.Builder b = Packet.builder(src, dst, proto);
        if (proto == 6 || proto == 17 || proto == 132 || proto == 33 || proto == 136) {
            b.sport(sport).dport(dport);
        }
        if (proto == 6) {
            b.tcpFlags(Packet.SYN);
        }
        if (proto == 1) {
            b.icmpType(icmpType).icmpCode(0);
        }
        String in = iface(h.inInterface(), h.inInverted(), ifaces, rnd);
        b.in(in);
        if (path == Path.FORWARD) {
            b.out(iface(h.outInterface(), h.outInverted(), ifaces, rnd));
        }
        return b.build();
    }

    private static int port(PortRange r, boolean inverted, int fallback, SplittableRandom rnd) {
        if (r == null) {
            return fallback;
        }
        if (inverted) {
            return r.from() > 0 ? r.from() - 1 : Math.min(65535, r.to() + 1);
        }
        return r.from() + rnd.nextInt(r.to() - r.from() + 1);
    }

    private static IpAddress address(IpPrefix p, boolean inverted, SplittableRandom rnd, long defaultBase) {
        long random = rnd.nextLong() & 0xFFFFFFFFL;
        if (p == null || p.isAny()) {
            return IpAddress.ipv4((int) (defaultBase | (random & 0xFF)));
        }
        long inside = (p.lo() & p.maskLo()) | (random & ~p.maskLo() & 0xFFFFFFFFL);
        if (inverted) {
            long flipped = inside ^ (Long.lowestOneBit(p.maskLo()) == 0 ? 1 : Long.lowestOneBit(p.maskLo()));
            return IpAddress.ipv4((int) flipped);
        }
        return IpAddress.ipv4((int) inside);
    }

    private static String iface(String name, boolean inverted, List<String> ifaces, SplittableRandom rnd) {
        if (name == null) {
            return ifaces.get(rnd.nextInt(ifaces.size()));
        }
        if (inverted) {
            return "other0";
        }
        return concrete(name);
    }
}
