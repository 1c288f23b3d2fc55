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
 * interfaces, its source MAC), so the workload exercises the rules rather than falling through to the
 * policy. A rule in a user chain also takes what the rules jumping there require (each field from the
 * innermost rule that constrains it), so the packet can reach it. An interface the path leaves open is
 * chosen the way the ruleset's own anti-spoofing and routing rules describe the topology: the interface
 * of the rule with the longest {@code -s PREFIX -i IF} ({@code -d PREFIX -o IF}) prefix containing the
 * packet's source (destination), else a random interface named in the ruleset. Negated fields get a
 * value outside. Deterministic for a seed.
 */
public final class RuleDirectedPackets {
    /** How packets travel through the host. */
    public enum Path { INPUT, FORWARD }

    private RuleDirectedPackets() {
    }

    /** A packet and the rule it was aimed at ({@code rule}: 1-based position in {@code chain}). */
    public record Aimed(Packet packet, String chain, int rule) {
    }

    /** {@code count} packets aimed at random rules of {@code table} (only IPv4 rulesets). */
    public static List<Packet> generate(Ruleset ruleset, TableName table, Path path, int count, long seed) {
        return aim(ruleset, table, path, count, seed).stream().map(Aimed::packet).toList();
    }

    /** As {@link #generate}, with the rule each packet was aimed at. */
    public static List<Aimed> aim(Ruleset ruleset, TableName table, Path path, int count, long seed) {
        if (ruleset.family() != Family.IPV4) {
            throw new IllegalArgumentException("IPv4 rulesets only");
        }
        List<Rule> rules = new ArrayList<>();
        List<String> ifaces = new ArrayList<>();
        java.util.Map<Rule, String> chainOf = new java.util.IdentityHashMap<>();
        java.util.Map<String, Rule> caller = new java.util.HashMap<>();
        for (Chain c : ruleset.table(table).orElseThrow().chains()) {
            for (Rule r : c.rules()) {
                chainOf.put(r, c.name());
                String callee = r.target() instanceof dev.rampart.model.target.Jump j ? j.chain()
                        : r.target() instanceof dev.rampart.model.target.Goto g ? g.chain() : null;
                if (callee != null) {
                    caller.putIfAbsent(callee, r);
                }
            }
        }
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
        placements(ruleset, table);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Aimed> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Rule r = rules.get(rnd.nextInt(rules.size()));
            List<Rule> pathRules = new ArrayList<>();
            pathRules.add(r);
            Rule up = caller.get(chainOf.get(r));
            while (up != null && pathRules.size() < 16 && !pathRules.contains(up)) {
                pathRules.add(up);
                up = caller.get(chainOf.get(up));
            }
            List<Rule> chainRules = ruleset.table(table).orElseThrow().chain(chainOf.get(r)).orElseThrow().rules();
            out.add(new Aimed(packetFor(pathRules, ifaces, path, rnd), chainOf.get(r), position(chainRules, r)));
        }
        return out;
    }

    private static int position(List<Rule> rules, Rule r) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == r) {
                return i + 1;
            }
        }
        throw new IllegalStateException("rule not in its chain");
    }

    private static void addIface(List<String> ifaces, String name) {
        if (name != null && !ifaces.contains(concrete(name))) {
            ifaces.add(concrete(name));
        }
    }

    private static String concrete(String name) {
        return name.endsWith("+") ? name.substring(0, name.length() - 1) + "0" : name;
    }

    /** An address prefix the ruleset ties to an interface. */
    private record Placement(IpPrefix prefix, String iface) {
    }

    private static List<Placement> inPlacements = List.of();
    private static List<Placement> outPlacements = List.of();

    private static void placements(Ruleset ruleset, TableName table) {
        List<Placement> in = new ArrayList<>();
        List<Placement> out = new ArrayList<>();
        for (Chain c : ruleset.table(table).orElseThrow().chains()) {
            for (Rule r : c.rules()) {
                RuleHeader h = r.header();
                if (h.source() != null && h.inInterface() != null && !h.inInterface().endsWith("+")) {
                    in.add(new Placement(h.source(), h.inInterface()));
                }
                if (h.destination() != null && h.outInterface() != null && !h.outInterface().endsWith("+")) {
                    out.add(new Placement(h.destination(), h.outInterface()));
                }
            }
        }
        inPlacements = in;
        outPlacements = out;
    }

    private static IpPrefix placementFor(List<Placement> placements, String iface, SplittableRandom rnd) {
        List<Placement> fit = placements.stream().filter(p -> iface == null || p.iface().equals(concrete(iface)))
                .toList();
        return fit.isEmpty() ? null : fit.get(rnd.nextInt(fit.size())).prefix();
    }

    private static String placed(List<Placement> placements, IpAddress a) {
        String best = null;
        int bestLen = -1;
        for (Placement pl : placements) {
            if (pl.prefix().contains(0, a.lo()) && pl.prefix().length() > bestLen) {
                best = pl.iface();
                bestLen = pl.prefix().length();
            }
        }
        return best;
    }

    private static Packet packetFor(List<Rule> pathRules, List<String> ifaces, Path path, SplittableRandom rnd) {
        RuleHeader h = merged(pathRules);
        int proto = h.protocol() != null && !h.protocolInverted() && h.protocol().number() != 0 ? h.protocol().number()
                : 6;
        int defaultSport = 1024 + rnd.nextInt(60000);
        int defaultDport = 1 + rnd.nextInt(1023);
        Integer sport = null;
        Integer dport = null;
        Integer icmpType = null;
        // each port (and the ICMP type) from the innermost rule of the path that constrains it, as for the
        // header fields: a packet aimed at a kube-proxy endpoint rule needs the service port of the
        // KUBE-SERVICES rule that leads there
        for (Rule pathRule : pathRules) {
            for (Match m : pathRule.matches()) {
                if (m instanceof TcpMatch t) {
                    sport = keepOrPick(sport, t.sport(), t.sportInverted(), rnd);
                    dport = keepOrPick(dport, t.dport(), t.dportInverted(), rnd);
                } else if (m instanceof UdpMatch u) {
                    sport = keepOrPick(sport, u.sport(), u.sportInverted(), rnd);
                    dport = keepOrPick(dport, u.dport(), u.dportInverted(), rnd);
                } else if (m instanceof MultiportMatch mp && !mp.inverted() && !mp.ports().isEmpty()) {
                    boolean source = mp.which() == MultiportMatch.Which.SOURCE;
                    if (source ? sport == null : dport == null) {
                        PortRange r = mp.ports().get(rnd.nextInt(mp.ports().size()));
                        int v = r.from() + rnd.nextInt(r.to() - r.from() + 1);
                        if (source) {
                            sport = v;
                        } else {
                            dport = v;
                        }
                    }
                } else if (m instanceof IcmpMatch im && !im.inverted() && icmpType == null) {
                    icmpType = im.type() == 0xFF ? 8 : im.type();
                }
            }
        }
        sport = sport == null ? defaultSport : sport;
        dport = dport == null ? defaultDport : dport;
        icmpType = icmpType == null ? 8 : icmpType;
        long mac = -1;
        for (Rule r : pathRules) {
            for (Match m : r.matches()) {
                if (mac < 0 && m instanceof dev.rampart.model.match.MacMatch mm && !mm.inverted()) {
                    mac = mm.address();
                }
            }
        }
        // an open address is taken from a prefix the ruleset ties to an interface (the chosen interface when
        // the path names one), so anti-spoofing rules see a source that belongs where it arrives
        IpPrefix srcPrefix = h.source() != null ? h.source() : placementFor(inPlacements, h.inInterface(), rnd);
        IpPrefix dstPrefix = h.destination() != null ? h.destination()
                : placementFor(outPlacements, h.outInterface(), rnd);
        IpAddress src = address(srcPrefix, h.source() != null && h.sourceInverted(), rnd, 0xCB007100L);
        IpAddress dst = address(dstPrefix, h.destination() != null && h.destinationInverted(), rnd, 0xC6120000L);
        Packet.Builder b = Packet.builder(src, dst, proto).srcMac(mac);
        if (proto == 6 || proto == 17 || proto == 132 || proto == 33 || proto == 136) {
            b.sport(sport).dport(dport);
        }
        if (proto == 6) {
            b.tcpFlags(Packet.SYN);
        }
        if (proto == 1) {
            b.icmpType(icmpType).icmpCode(0);
        }
        String placedIn = h.inInterface() == null ? placed(inPlacements, src) : null;
        b.in(placedIn != null ? placedIn : iface(h.inInterface(), h.inInverted(), ifaces, rnd));
        if (path == Path.FORWARD) {
            String placedOut = h.outInterface() == null ? placed(outPlacements, dst) : null;
            b.out(placedOut != null ? placedOut : iface(h.outInterface(), h.outInverted(), ifaces, rnd));
        }
        return b.build();
    }

    /** The header fields the path requires: each from the innermost rule that constrains it. */
    private static RuleHeader merged(List<Rule> pathRules) {
        RuleHeader h = pathRules.get(0).header();
        for (int i = 1; i < pathRules.size(); i++) {
            RuleHeader o = pathRules.get(i).header();
            boolean takeSrc = h.source() == null && o.source() != null;
            boolean takeDst = h.destination() == null && o.destination() != null;
            boolean takeIn = h.inInterface() == null && o.inInterface() != null;
            boolean takeOut = h.outInterface() == null && o.outInterface() != null;
            boolean takeProto = h.protocol() == null && o.protocol() != null;
            h = new RuleHeader(takeSrc ? o.source() : h.source(), takeSrc ? o.sourceInverted() : h.sourceInverted(),
                    takeDst ? o.destination() : h.destination(),
                    takeDst ? o.destinationInverted() : h.destinationInverted(),
                    takeIn ? o.inInterface() : h.inInterface(), takeIn ? o.inInverted() : h.inInverted(),
                    takeOut ? o.outInterface() : h.outInterface(), takeOut ? o.outInverted() : h.outInverted(),
                    takeProto ? o.protocol() : h.protocol(), takeProto ? o.protocolInverted() : h.protocolInverted(),
                    h.fragment());
        }
        return h;
    }

    /**
     * {@code current} when an inner rule already chose the port, or when {@code r} does not constrain it
     * (every port, not inverted); else a port {@code r} accepts.
     */
    private static Integer keepOrPick(Integer current, PortRange r, boolean inverted, SplittableRandom rnd) {
        if (current != null || r.isAll() && !inverted) {
            return current;
        }
        return port(r, inverted, rnd);
    }

    private static int port(PortRange r, boolean inverted, SplittableRandom rnd) {
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
