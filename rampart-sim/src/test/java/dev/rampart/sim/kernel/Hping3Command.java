package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * The hping3 argument array that sends one IPv4 {@link Packet} (used for packets the firewall sends
 * itself, which must pass its OUTPUT hook). Mapping: TCP flags to {@code -S -A -F -R -P -U -X -Y}, ports
 * to {@code -s PORT -k -p PORT}, seq/ack to {@code -M}/{@code -L}, the MSS option to {@code --tcp-mss},
 * UDP to {@code -2}, ICMP to {@code -1 -C TYPE -K CODE}, other protocols to {@code -0 -H PROTO},
 * TTL to {@code -t}, TOS to {@code -o}, a non-first fragment to {@code -g 1480}, the source to
 * {@code -a}, and the IP length to the data size {@code -d}.
 *
 * <p>Refused ({@link UnsupportedPacketException}): IPv6, payload content (hping3 sends zero bytes of the
 * requested size), TCP options other than a lone MSS, ICMP errors with an embedded packet, and raw
 * protocols with ports.
 */
final class Hping3Command {
    private Hping3Command() {
    }

    static List<String> argumentsFor(Packet p) {
        if (p.family() != Family.IPV4) {
            throw new UnsupportedPacketException(p.id(), "hping3 sends IPv4 only");
        }
        if (!p.payload().isEmpty()) {
            throw new UnsupportedPacketException(p.id(), "hping3 cannot send a chosen payload, only a size");
        }
        List<String> a = new ArrayList<>(List.of("hping3", "-q", "-n", "-c", "1"));
        int l4;
        switch (p.protocol()) {
            case 6 -> {
                if (!p.tcpOptions().isEmpty() && !p.tcpOptions().equals(List.of(2))) {
                    throw new UnsupportedPacketException(p.id(), "hping3 can add only the MSS TCP option");
                }
                l4 = 20 + (p.tcpOptions().isEmpty() ? 0 : 4);
                String[] names = {"-F", "-S", "-R", "-P", "-A", "-U", "-X", "-Y"};
                for (int bit = 0; bit < 8; bit++) {
                    if ((p.tcpFlags() & (1 << bit)) != 0) {
                        a.add(names[bit]);
                    }
                }
                ports(p, a);
                if (p.seq() >= 0) {
                    a.addAll(List.of("-M", Long.toString(p.seq())));
                }
                if (p.ack() >= 0) {
                    a.addAll(List.of("-L", Long.toString(p.ack())));
                }
                if (!p.tcpOptions().isEmpty()) {
                    a.addAll(List.of("--tcp-mss", Integer.toString(p.mss() >= 0 ? p.mss() : 1460)));
                }
            }
            case 17 -> {
                l4 = 8;
                a.add("-2");
                ports(p, a);
            }
            case 1 -> {
                if (p.embedded() != null) {
                    throw new UnsupportedPacketException(p.id(), "hping3 cannot embed an offending packet in ICMP");
                }
                l4 = 8;
                a.addAll(List.of("-1", "-C", Integer.toString(p.icmpType()), "-K", Integer.toString(Math.max(0, p.icmpCode()))));
            }
            default -> {
                if (p.sport() >= 0 || p.dport() >= 0) {
                    throw new UnsupportedPacketException(p.id(), "hping3 raw IP mode has no ports");
                }
                l4 = 0;
                a.addAll(List.of("-0", "-H", Integer.toString(p.protocol())));
            }
        }
        if (p.fragment()) {
            l4 = 0;
            a.addAll(List.of("-g", Integer.toString(FrameEncoder.FRAGMENT_OFFSET_UNITS * 8)));
        }
        int data = p.length() - 20 - l4;
        if (data < 0) {
            throw new UnsupportedPacketException(p.id(), "length " + p.length() + " is shorter than the headers");
        }
        if (data > 0) {
            a.addAll(List.of("-d", Integer.toString(data)));
        }
        a.addAll(List.of("-t", Integer.toString(p.ttl()), "-o", Integer.toHexString(p.tos())));
        a.addAll(List.of("-a", p.src().toString(), p.dst().toString()));
        return a;
    }

    private static void ports(Packet p, List<String> a) {
        if (p.sport() < 0 || p.dport() < 0) {
            throw new UnsupportedPacketException(p.id(), "TCP/UDP packets need sport and dport");
        }
        a.addAll(List.of("-s", Integer.toString(p.sport()), "-k", "-p", Integer.toString(p.dport())));
    }
}
