package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packets for a real ruleset on its INPUT path, derived from the ports its rules name: for every port and
 * range end in {@code --dport(s)}, {@code --sport(s)} and {@code --ports}, the value and its neighbours,
 * as TCP SYN, TCP ACK and UDP packets, plus ICMP/ICMPv6 echo requests and replies. Sources rotate through
 * the documentation ranges, the destination is the firewall's own address, and every packet arrives on
 * the interface the ruleset is mapped to. Deterministic: the same ruleset gives the same packets.
 */
final class DerivedPackets {
    private static final Pattern PORTS = Pattern.compile("--(?:dports?|sports?|ports|destination-ports?|source-ports?|ctorigdstport|ctorigsrcport|ctrepldstport|ctreplsrcport) ([0-9:,]+)");
    private static final String[] SOURCES_V4 = {"192.0.2.10", "198.51.100.10", "203.0.113.10"};
    private static final String[] SOURCES_V6 = {"2001:db8:1::10", "2001:db8:2::10", "2001:db8:3::10"};

    private DerivedPackets() {
    }

    static List<PacketLines.Step> forRuleset(String rules, Family family, String in, int max) {
        TreeSet<Integer> ports = new TreeSet<>(List.of(22, 80, 443));
        Matcher m = PORTS.matcher(rules);
        while (m.find()) {
            for (String item : m.group(1).split(",")) {
                for (String end : item.split(":")) {
                    if (!end.isEmpty()) {
                        int p = Integer.parseInt(end);
                        for (int d = -1; d <= 1; d++) {
                            if (p + d >= 1 && p + d <= 65535) {
                                ports.add(p + d);
                            }
                        }
                    }
                }
            }
        }
        String[] sources = family == Family.IPV4 ? SOURCES_V4 : SOURCES_V6;
        IpAddress dst = IpAddress.parse(family == Family.IPV4 ? KernelLab.FW_ADDRESS_V4 : KernelLab.FW_ADDRESS_V6);
        List<PacketLines.Step> steps = new ArrayList<>();
        int n = 0;
        for (int port : ports) {
            for (int kind = 0; kind < 3 && steps.size() < max; kind++) {
                IpAddress src = IpAddress.parse(sources[n % sources.length]);
                Packet.Builder b = Packet.builder(src, dst, kind == 2 ? 17 : 6).in(in)
                        .sport(kind == 1 ? port : 40000 + n % 20000).dport(kind == 1 ? 40000 + n % 20000 : port);
                if (kind == 0) {
                    b.tcpFlags(Packet.SYN);
                } else if (kind == 1) {
                    b.tcpFlags(Packet.ACK);
                }
                steps.add(new PacketLines.Send(b.id("d" + (++n) + "-" + (kind == 2 ? "udp" : "tcp") + "-" + port).build(), n));
            }
        }
        int icmp = family == Family.IPV4 ? 1 : 58;
        int[][] types = family == Family.IPV4 ? new int[][] {{8, 0}, {0, 0}, {3, 3}, {11, 0}} : new int[][] {{128, 0}, {129, 0}, {1, 4}};
        for (int[] t : types) {
            Packet p = Packet.builder(IpAddress.parse(sources[n % sources.length]), dst, icmp).in(in).icmpType(t[0])
                    .icmpCode(t[1]).id("d" + (++n) + "-icmp-" + t[0]).build();
            steps.add(new PacketLines.Send(p, n));
        }
        return steps;
    }
}
