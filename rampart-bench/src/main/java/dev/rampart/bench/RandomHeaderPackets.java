package dev.rampart.bench;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The second workload of {@code SimulatorBenchmark}: packets with random headers over the ruleset's own
 * header space, not aimed at any rule — the unsolicited traffic (scans, stray and spoofed packets) a
 * router or server sees beside its real flows. Each address is, with probability 3/4, a random host of
 * a random prefix the ruleset names ({@code -s}/{@code -d} of any rule, either side) and otherwise a
 * random IPv4 address; the protocol is TCP SYN (45%), UDP (45%) or ICMP echo (10%) with uniform ports;
 * the interfaces are drawn from those the ruleset names (in and out different on forwarded packets).
 * Where {@link RuleDirectedPackets} exercises the rules, this workload mostly ends at default policies
 * and catch-all rules after passing chains without a match. Deterministic for a seed; IPv4 only.
 */
public final class RandomHeaderPackets {

    private RandomHeaderPackets() {
    }

    /** {@code count} packets over the header space of {@code table} of {@code ruleset}. */
    public static List<Packet> generate(Ruleset ruleset, TableName table, RuleDirectedPackets.Path path, int count,
                                        long seed) {
        if (ruleset.family() != Family.IPV4) {
            throw new IllegalArgumentException("IPv4 rulesets only");
        }
        Set<IpPrefix> prefixes = new LinkedHashSet<>();
        Set<String> ifaces = new LinkedHashSet<>();
        for (Chain c : ruleset.table(table).orElseThrow().chains()) {
            for (Rule r : c.rules()) {
                RuleHeader h = r.header();
                addPrefix(prefixes, h.source());
                addPrefix(prefixes, h.destination());
                addIface(ifaces, h.inInterface());
                addIface(ifaces, h.outInterface());
            }
        }
        List<IpPrefix> prefixList = new ArrayList<>(prefixes);
        List<String> ifaceList = new ArrayList<>(ifaces);
        if (ifaceList.size() < 2) {
            ifaceList.add("eth0");
            ifaceList.add("eth1");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Packet> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            IpAddress src = address(prefixList, rnd);
            IpAddress dst = address(prefixList, rnd);
            int roll = rnd.nextInt(100);
            int proto = roll < 45 ? 6 : roll < 90 ? 17 : 1;
            Packet.Builder b = Packet.builder(src, dst, proto);
            if (proto == 1) {
                b.icmpType(8).icmpCode(0);
            } else {
                b.sport(1 + rnd.nextInt(65535)).dport(1 + rnd.nextInt(65535));
                if (proto == 6) {
                    b.tcpFlags(Packet.SYN);
                }
            }
            String in = ifaceList.get(rnd.nextInt(ifaceList.size()));
            b.in(in);
            if (path == RuleDirectedPackets.Path.FORWARD) {
                String o;
                do {
                    o = ifaceList.get(rnd.nextInt(ifaceList.size()));
                } while (o.equals(in));
                b.out(o);
            }
            out.add(b.build());
        }
        return out;
    }

    private static void addPrefix(Set<IpPrefix> prefixes, IpPrefix p) {
        if (p != null && !p.isAny()) {
            prefixes.add(p);
        }
    }

    private static void addIface(Set<String> ifaces, String name) {
        if (name != null) {
            ifaces.add(name.endsWith("+") ? name.substring(0, name.length() - 1) + "0" : name);
        }
    }

    private static IpAddress address(List<IpPrefix> prefixes, SplittableRandom rnd) {
        long random = rnd.nextLong() & 0xFFFFFFFFL;
        if (prefixes.isEmpty() || rnd.nextInt(4) == 0) {
            return IpAddress.ipv4((int) random);
        }
        IpPrefix p = prefixes.get(rnd.nextInt(prefixes.size()));
        return IpAddress.ipv4((int) ((p.lo() & p.maskLo()) | (random & ~p.maskLo() & 0xFFFFFFFFL)));
    }
}
