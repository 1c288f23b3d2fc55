package dev.rampart.sim.kernel;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessResult;
import dev.rampart.model.Family;
import dev.rampart.sim.packet.Packet;
import java.util.HexFormat;
import java.util.List;

/**
 * Sends simulator packets into a {@link KernelLab} so that the kernel sees exactly those headers.
 *
 * <p>Packets that arrive at the firewall ({@code in} set, with or without {@code out}) are encoded byte
 * for byte by {@link FrameEncoder} and put on the wire of the neighbour attached to interface {@code in}
 * through a raw AF_PACKET socket (a three-line python3 program, {@link #RAW_SEND}). This expresses every
 * header field of the packet contract, spoofed sources included, and returns as soon as the frame is
 * sent. Measured alternatives (2 cores, loaded): hping3 and nping each wait one second for an answer
 * that a dropped packet never gets (1.05 s per packet), and neither can set every field (IPv6 extension
 * headers, most TCP options, exact lengths); tcpreplay sends the same frame from a pcap file but costs
 * about 65 ms per start against about 30 ms for the raw socket.
 *
 * <p>Packets the firewall sends itself ({@code out} only) must pass its OUTPUT hook, so they are made
 * inside the firewall namespace by hping3 (IPv4, see {@link Hping3Command}); IPv6 local output is refused.
 *
 * <p>Refused with {@link UnsupportedPacketException}: a skb mark, a forced {@code ct_state}, bridge ports,
 * socket owner on received packets, and interfaces the lab does not have. The packet's {@code time} is
 * not imposed on the kernel, which runs on the real clock: cases that depend on time give each packet
 * the instant it is really sent.
 *
 * <p>When {@link #send} returns the frame has been handed to the peer's veth, whose receive side runs
 * the firewall's hooks before the next process can start, so counters can be read at once.
 */
public final class PacketSender {
    private final KernelLab lab;
    private final FrameEncoder encoder = new FrameEncoder();
    /**
     * The whole raw-socket sender, run by python3 from Debian's python3-minimal: arguments are the
     * interface and the frame in hex; the frame goes out unchanged (no routing, no ARP, no netfilter).
     */
    /** Debian's interpreter by absolute path: a version manager's shim on PATH costs 100+ ms per start. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String RAW_SEND = "import socket,sys\n"
            + "s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\n"
            + "s.bind((sys.argv[1],0))\n"
            + "s.send(bytes.fromhex(sys.argv[2]))\n";

    PacketSender(KernelLab lab) {
        this.lab = lab;
    }

    /** Sends {@code p}; throws {@link UnsupportedPacketException} for what the kernel cannot be sent. */
    public void send(Packet p) {
        refuseKernelSideFields(p);
        if (p.in() == null) {
            if (p.out() == null) {
                throw new UnsupportedPacketException(p.id(), "give 'in' (received) or 'out' (sent by the firewall)");
            }
            sendFromFirewall(p);
            return;
        }
        Route r = routeFor(p);
        transmit(r.neighbour(), r.neighbourInterface(), frameOf(p));
    }

    /** The frame that {@link #send} would put on the wire for a received packet (for tests of the encoder). */
    byte[] frameOf(Packet p) {
        Route r = routeFor(p);
        return encoder.frame(p, FrameEncoder.mac(r.firewallMac()), FrameEncoder.mac(r.neighbourMac()));
    }

    private record Route(Netns neighbour, String neighbourInterface, String firewallMac, String neighbourMac) {
    }

    private Route routeFor(Packet p) {
        KernelLab.Options o = lab.options();
        if (p.out() != null && !p.out().equals(o.fwInterface())
                && !(o.backend() && p.out().equals(o.fwBackendInterface()))) {
            throw new UnsupportedPacketException(p.id(), "the lab has no interface '" + p.out() + "'");
        }
        if (p.in().equals(o.fwInterface())) {
            return new Route(lab.peer(), KernelLab.PEER_IF, KernelLab.FW_MAC, KernelLab.PEER_MAC);
        }
        if (o.backend() && p.in().equals(o.fwBackendInterface())) {
            return new Route(lab.backend().orElseThrow(), KernelLab.BACKEND_IF, KernelLab.FW_BACKEND_MAC,
                    KernelLab.BACKEND_MAC);
        }
        throw new UnsupportedPacketException(p.id(), "the lab has no interface '" + p.in() + "' (it has "
                + o.fwInterface() + (o.backend() ? " and " + o.fwBackendInterface() : "") + ")");
    }

    private static void refuseKernelSideFields(Packet p) {
        if (p.mark() != 0) {
            throw new UnsupportedPacketException(p.id(), "a mark is set inside the kernel; no packet can carry one");
        }
        if (p.ctState() != null) {
            throw new UnsupportedPacketException(p.id(), "ct_state is derived by the kernel; it cannot be forced");
        }
        if (p.physIn() != null || p.physOut() != null) {
            throw new UnsupportedPacketException(p.id(), "the lab has no bridge (physdev)");
        }
        if (p.in() != null && (p.uid() != null || p.gid() != null)) {
            throw new UnsupportedPacketException(p.id(), "only locally sent packets have a socket owner");
        }
    }

    private void sendFromFirewall(Packet p) {
        if (p.family() != Family.IPV4) {
            throw new UnsupportedPacketException(p.id(), "IPv6 packets sent by the firewall itself are not supported");
        }
        if (p.uid() != null || p.gid() != null) {
            throw new UnsupportedPacketException(p.id(), "hping3 runs as root: uid/gid cannot be chosen");
        }
        if (!p.out().equals(lab.options().fwInterface())) {
            throw new UnsupportedPacketException(p.id(), "locally sent packets leave by " + lab.options().fwInterface());
        }
        List<String> args = Hping3Command.argumentsFor(p);
        // hping3 waits one second for an answer after its last packet; that is the cost of this path
        ProcessResult r = lab.firewall().runner().run(args, null);
        // hping3 exits 1 when nothing answers (always, here: the sink owns no host), and a packet the
        // firewall's OUTPUT or POSTROUTING drops makes sendto() fail with EPERM: both mean it was sent
        String said = r.stdout() + r.stderr();
        if (!r.succeeded() && !said.contains("1 packets transmitted") && !said.contains("Operation not permitted")) {
            r.requireSuccess();
        }
    }

    /** Sends one Ethernet frame out of {@code iface} of {@code ns} through an AF_PACKET socket. */
    private static void transmit(Netns ns, String iface, byte[] frame) {
        ns.runner().check(List.of(PYTHON, "-I", "-S", "-c", RAW_SEND, iface, HexFormat.of().formatHex(frame)), null);
    }
}
