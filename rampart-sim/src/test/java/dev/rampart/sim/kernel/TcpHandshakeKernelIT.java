package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.ProcessResult;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TCP connection through a stateful firewall, judged by the kernel: the peer (198.18.0.2) opens a
 * connection to a {@code socat} listener in the firewall namespace (198.18.0.1), sends a line and closes;
 * it connects to an allowed port where nothing listens (the firewall answers with a reset) and to a
 * filtered port (the SYN meets INPUT's DROP policy); then it sends a UDP datagram to a closed port, which the firewall answers with an ICMP port-unreachable
 * that leaves through OUTPUT as RELATED. Every frame on the firewall's interface is captured with
 * {@code tcpdump -w}, decoded back into simulator packets ({@link PcapFile}, {@link FrameDecoder}: arriving
 * from the peer = {@code in eth0}, sent by the firewall = {@code out eth0}, times from the capture) and fed
 * in capture order to a {@link Simulator} over the same ruleset. For every counter of the ruleset, the
 * number of packets the kernel counted ({@code iptables-save -c} before and after) must equal the number
 * of times the simulator's {@code matched} lists it over the whole sequence.
 *
 * <p>The ruleset has policy DROP on INPUT and OUTPUT, so the connection only works if both directions are
 * recognised as ESTABLISHED; counting rules (no target) in raw, mangle, nat and filter see how each
 * packet was classified, and the nat counters show that only the first packet of a connection traverses
 * the nat table.
 *
 * <p>The capture sees what crossed the wire: arriving packets before PREROUTING, sent ones after
 * POSTROUTING. A packet the firewall generated and then dropped in OUTPUT or POSTROUTING never reaches
 * the wire, so it would show as a counter the kernel moved and the simulator did not; the ruleset lets
 * every packet of these flows out, and the counter comparison would report such a loss.
 */
class TcpHandshakeKernelIT {
    private static final int TCP_PORT = 5001;
    /** Allowed by the firewall, but nothing listens: the kernel answers the SYN with a reset. */
    private static final int REFUSED_TCP_PORT = 5002;
    /** Not allowed: the SYN meets INPUT's DROP policy and the client gives up. */
    private static final int FILTERED_TCP_PORT = 5003;
    /** How long the client waits for the filtered port: below the first SYN retransmission (1 s). */
    private static final String FILTERED_CONNECT_TIMEOUT_SECONDS = "0.3";
    private static final int CLOSED_UDP_PORT = 33434;
    private static final String MESSAGE = "hello through the firewall\n";
    private static final String PROBE = "probe\n";
    /** Upper bound for any one tool of the session (listener, capture), seconds. */
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** How long the capture must stay unchanged before it is taken as complete, milliseconds. */
    private static final long CAPTURE_QUIET_MILLIS = 300;
    private static final int ICMP_DEST_UNREACHABLE = 3;
    private static final int ICMP_PORT_UNREACHABLE = 3;

    private static final String RULES = """
            *raw
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A PREROUTING -i eth0 -p tcp -m tcp --dport 5001
            -A PREROUTING -i eth0 -p udp
            -A OUTPUT -o eth0 -p tcp -m tcp --sport 5001
            -A OUTPUT -o eth0 -p icmp
            COMMIT
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --tcp-flags FIN FIN
            -A POSTROUTING -o eth0 -p tcp -m tcp --tcp-flags FIN FIN
            -A POSTROUTING -o eth0 -m conntrack --ctstate RELATED
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -p tcp -m tcp --dport 5001
            -A PREROUTING -p udp
            -A INPUT -p tcp
            -A INPUT -p udp
            -A OUTPUT -p tcp
            -A POSTROUTING -o eth0
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT DROP [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 5001 --tcp-flags FIN FIN
            -A INPUT -m conntrack --ctstate ESTABLISHED --ctdir ORIGINAL
            -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A INPUT -m conntrack --ctstate INVALID -j DROP
            -A INPUT -p tcp -m tcp --dport 5001 --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 5002 -m conntrack --ctstate NEW -j ACCEPT
            -A INPUT -p udp -m udp --dport 33434 -m conntrack --ctstate NEW -j ACCEPT
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -p tcp -m tcp --sport 5001 --tcp-flags SYN,ACK SYN,ACK
            -A OUTPUT -p icmp -m icmp --icmp-type 3 -m conntrack --ctstate RELATED
            -A OUTPUT -p tcp -m tcp --tcp-flags RST RST
            -A OUTPUT -m state --state ESTABLISHED
            -A OUTPUT -m conntrack --ctstate ESTABLISHED --ctdir REPLY
            -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            COMMIT
            """;

    private static final CounterRef OUTPUT_RELATED_ICMP = new CounterRef(TableName.FILTER, "OUTPUT", 3);
    private static final CounterRef INPUT_NEW_SYN = new CounterRef(TableName.FILTER, "INPUT", 6);
    private static final CounterRef OUTPUT_RST = new CounterRef(TableName.FILTER, "OUTPUT", 4);
    private static final CounterRef INPUT_POLICY = CounterRef.policy(TableName.FILTER, "INPUT");

    /** What the real session left: the frames on the firewall's interface and what the listener received. */
    private record Session(List<PcapFile.Frame> frames, String received) {
    }

    @Test
    void aRealConnectionAndItsIcmpErrorMoveTheCountersTheSimulatorPredicts(@TempDir Path dir) {
        RootRequirement.requireRoot();
        Ruleset ruleset = KernelDifferential.parseRules("tcp-handshake", Family.IPV4, RULES);
        try (KernelLab lab = KernelLab.start()) {
            lab.reset();
            lab.loadRules(Family.IPV4, RULES);
            CounterSnapshot before = lab.counters(Family.IPV4);
            Session session = runSession(lab, dir.resolve("fw.pcap"));
            CounterSnapshot after = lab.counters(Family.IPV4);

            List<Packet> packets = packetsOf(session.frames(), lab.options().fwInterface());
            Simulator sim = Simulator.builder(ruleset).build();
            List<TraceResult> results = packets.stream().map(sim::process).toList();

            String packetList = packetList(packets, results);
            System.out.println("tcp handshake: " + packets.size() + " IPv4 packets captured on the firewall\n"
                    + packetList + "  kernel counters moved: " + kernelCounts(before, after));
            assertThat(session.received()).as("the listener received the client's bytes: the connection was"
                    + " accepted by the kernel\n" + packetList).isEqualTo(MESSAGE);
            List<String> mismatches = counterMismatches(before, after, results);
            assertThat(mismatches).as(() -> "kernel and simulator counted different packets per counter:\n  "
                    + String.join("\n  ", mismatches) + "\n  ruleset:\n" + RULES.indent(4) + "packets:\n"
                    + packetList).isEmpty();
            assertThat(after.packetsSince(before, OUTPUT_RELATED_ICMP))
                    .as("the kernel sent one port-unreachable through OUTPUT as RELATED\n" + packetList).isEqualTo(1);
            assertThat(after.packetsSince(before, INPUT_NEW_SYN))
                    .as("the kernel accepted one SYN as NEW\n" + packetList).isEqualTo(1);
            assertThat(after.packetsSince(before, OUTPUT_RST))
                    .as("the kernel refused the connection to the closed port with one reset\n" + packetList)
                    .isEqualTo(1);
            assertThat(after.packetsSince(before, INPUT_POLICY))
                    .as("the SYN to the filtered port met INPUT's policy\n" + packetList).isEqualTo(1);
            assertUserVisibleStates(packets, results, packetList);
        }
    }

    /**
     * The states and verdicts a user relies on, per flow: the accepted connection's SYN NEW and every later
     * segment ESTABLISHED; the refused connection's SYN NEW and the firewall's reset ESTABLISHED (a reply);
     * the filtered SYN NEW and dropped; the UDP probe NEW and its ICMP error RELATED.
     */
    private static void assertUserVisibleStates(List<Packet> packets, List<TraceResult> results, String list) {
        Map<Integer, List<Integer>> tcpByServerPort = new LinkedHashMap<>();
        int icmpErrors = 0;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            TraceResult r = results.get(i);
            if (p.protocol() == 6) {
                tcpByServerPort.computeIfAbsent(p.in() != null ? p.dport() : p.sport(), k -> new ArrayList<>()).add(i);
            } else if (p.protocol() == 17) {
                assertThat(r.ctState()).as("the UDP probe opens a flow\n%s", list).isEqualTo(CtState.NEW);
                assertThat(r.verdict()).as("the UDP probe is accepted\n%s", list).isEqualTo(Verdict.ACCEPT);
            } else if (p.isIcmp() && p.icmpType() == ICMP_DEST_UNREACHABLE) {
                assertThat(p.icmpCode()).isEqualTo(ICMP_PORT_UNREACHABLE);
                assertThat(p.out()).as("the firewall sent the ICMP error\n%s", list).isNotNull();
                assertThat(r.ctState()).as("the ICMP error is RELATED to the UDP probe\n%s", list)
                        .isEqualTo(CtState.RELATED);
                assertThat(r.verdict()).as("the ICMP error passes OUTPUT\n%s", list).isEqualTo(Verdict.ACCEPT);
                icmpErrors++;
            }
        }
        assertThat(tcpByServerPort).as("TCP flows by firewall port\n%s", list)
                .containsOnlyKeys(TCP_PORT, REFUSED_TCP_PORT, FILTERED_TCP_PORT);
        List<Integer> accepted = tcpByServerPort.get(TCP_PORT);
        assertThat(accepted).as("handshake, data and close: at least 8 TCP segments\n%s", list).hasSizeGreaterThanOrEqualTo(8);
        for (int k = 0; k < accepted.size(); k++) {
            Packet p = packets.get(accepted.get(k));
            TraceResult r = results.get(accepted.get(k));
            if (k == 0) {
                assertThat(p.tcpFlags()).as("the capture starts with the client's SYN\n%s", list).isEqualTo(Packet.SYN);
                assertThat(p.in()).as("the SYN arrives from the peer\n%s", list).isNotNull();
            }
            assertThat(r.ctState()).as("conntrack state of TCP packet %s\n%s", p.id(), list)
                    .isEqualTo(k == 0 ? CtState.NEW : CtState.ESTABLISHED);
            assertThat(r.verdict()).as("TCP packet %s is accepted\n%s", p.id(), list).isEqualTo(Verdict.ACCEPT);
        }
        List<Integer> refused = tcpByServerPort.get(REFUSED_TCP_PORT);
        assertThat(refused.stream().map(i -> packets.get(i).tcpFlags()).toList()).as("SYN, then RST/ACK\n%s", list)
                .containsExactly(Packet.SYN, Packet.RST | Packet.ACK);
        assertThat(results.get(refused.get(0)).ctState()).isEqualTo(CtState.NEW);
        assertThat(results.get(refused.get(1)).ctState()).as("the reset answers the SYN\n%s", list)
                .isEqualTo(CtState.ESTABLISHED);
        assertThat(results.get(refused.get(1)).verdict()).isEqualTo(Verdict.ACCEPT);
        List<Integer> filtered = tcpByServerPort.get(FILTERED_TCP_PORT);
        assertThat(filtered).as("one SYN, never answered\n%s", list).hasSize(1);
        assertThat(results.get(filtered.get(0)).ctState()).isEqualTo(CtState.NEW);
        assertThat(results.get(filtered.get(0)).verdict()).isEqualTo(Verdict.DROP);
        assertThat(icmpErrors).as("one port-unreachable was captured\n%s", list).isEqualTo(1);
    }

    /**
     * Runs the real traffic: capture on, listener up, client connects, sends {@link #MESSAGE} and closes,
     * a refused and a filtered connection attempt, then the UDP probe; the capture is stopped once it has the ICMP error and has been quiet. Every
     * background tool is killed on the way out, also on failure.
     */
    private static Session runSession(KernelLab lab, Path pcap) {
        String fwIf = lab.options().fwInterface();
        try (BackgroundCommand capture = BackgroundCommand.start(lab.firewall(), TOOL_TIMEOUT, List.of("tcpdump",
                "-i", fwIf, "-nn", "-U", "--immediate-mode", "-s", "0", "-Z", "root", "-w", pcap.toString()));
             BackgroundCommand listener = BackgroundCommand.start(lab.firewall(), TOOL_TIMEOUT, List.of("socat", "-u",
                     "TCP4-LISTEN:" + TCP_PORT + ",bind=" + KernelLab.FW_ADDRESS_V4 + ",reuseaddr", "STDOUT"))) {
            capture.awaitReady(READY_TIMEOUT, TcpHandshakeKernelIT::capturing);
            listener.awaitReady(READY_TIMEOUT, pid -> listening(pid, TCP_PORT));
            ProcessResult client = lab.peer().runner().withTimeout(CLIENT_TIMEOUT).run(List.of("socat", "-u", "STDIN",
                    "TCP4:" + KernelLab.FW_ADDRESS_V4 + ":" + TCP_PORT + ",connect-timeout=5"), MESSAGE);
            assertThat(client.succeeded()).as("client: " + BackgroundCommand.describe(client)).isTrue();
            ProcessResult served = listener.await(CLIENT_TIMEOUT);
            assertThat(served.succeeded()).as("listener: " + BackgroundCommand.describe(served)).isTrue();
            ProcessResult refused = lab.peer().runner().withTimeout(CLIENT_TIMEOUT).run(List.of("socat", "-u", "STDIN",
                    "TCP4:" + KernelLab.FW_ADDRESS_V4 + ":" + REFUSED_TCP_PORT + ",connect-timeout=5"), MESSAGE);
            assertThat(refused.stderr()).as("refused: " + BackgroundCommand.describe(refused))
                    .contains("Connection refused");
            ProcessResult filtered = lab.peer().runner().withTimeout(CLIENT_TIMEOUT).run(List.of("socat", "-u",
                    "STDIN", "TCP4:" + KernelLab.FW_ADDRESS_V4 + ":" + FILTERED_TCP_PORT + ",connect-timeout="
                            + FILTERED_CONNECT_TIMEOUT_SECONDS), MESSAGE);
            assertThat(filtered.succeeded()).as("filtered: " + BackgroundCommand.describe(filtered)).isFalse();
            ProcessResult probe = lab.peer().runner().withTimeout(CLIENT_TIMEOUT).run(List.of("socat", "-u", "STDIN",
                    "UDP4-SENDTO:" + KernelLab.FW_ADDRESS_V4 + ":" + CLOSED_UDP_PORT), PROBE);
            assertThat(probe.succeeded()).as("UDP probe: " + BackgroundCommand.describe(probe)).isTrue();
            awaitQuietCaptureWithIcmpError(pcap);
            ProcessResult captured = capture.stop(CLIENT_TIMEOUT);
            assertThat(captured.succeeded()).as("tcpdump: " + BackgroundCommand.describe(captured)).isTrue();
            return new Session(PcapFile.read(read(pcap)), served.stdout());
        }
    }

    /** Whether {@code pid} has a packet socket bound to an interface and running ({@code /proc/PID/net/packet}). */
    private static boolean capturing(long pid) {
        return procLines(pid, "packet").stream().skip(1).map(l -> l.trim().split("\\s+"))
                .anyMatch(f -> f.length >= 6 && !f[4].equals("0") && f[5].equals("1"));
    }

    /** Whether a TCP socket of {@code pid}'s namespace listens on {@code port} ({@code /proc/PID/net/tcp}). */
    private static boolean listening(long pid, int port) {
        String local = String.format(":%04X", port);
        return procLines(pid, "tcp").stream().skip(1).map(l -> l.trim().split("\\s+"))
                .anyMatch(f -> f.length >= 4 && f[1].endsWith(local) && f[3].equals("0A"));
    }

    private static List<String> procLines(long pid, String file) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", file));
        } catch (IOException gone) {
            return List.of();
        }
    }

    /** Waits (bounded) until the capture holds an ICMP error and has not grown for a while. */
    private static void awaitQuietCaptureWithIcmpError(Path pcap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long size = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            byte[] bytes = read(pcap);
            if (bytes.length != size) {
                size = bytes.length;
                quietSince = System.nanoTime();
            } else if (bytes.length > 24 && System.nanoTime() - quietSince >= CAPTURE_QUIET_MILLIS * 1_000_000L
                    && PcapFile.read(bytes).stream().anyMatch(TcpHandshakeKernelIT::isIcmpError)) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("the capture never showed the ICMP error within " + READY_TIMEOUT);
    }

    private static boolean isIcmpError(PcapFile.Frame f) {
        byte[] b = f.bytes();
        // Ethernet (14) + IPv4 with protocol 1 at byte 9; ICMP type right after the IP header
        return b.length > 34 && b[12] == 0x08 && b[13] == 0x00 && b[14 + 9] == 1
                && b[14 + (b[14] & 0xF) * 4] == ICMP_DEST_UNREACHABLE;
    }

    /**
     * The captured IPv4 frames as simulator packets: from the peer's MAC = arriving, from the firewall's =
     * sent. Other frames (IPv6 multicast listener reports the lab's addresses cause, ARP) are left out:
     * they cannot move IPv4 counters.
     */
    private static List<Packet> packetsOf(List<PcapFile.Frame> frames, String fwIf) {
        byte[] peerMac = FrameEncoder.mac(KernelLab.PEER_MAC);
        byte[] fwMac = FrameEncoder.mac(KernelLab.FW_MAC);
        List<Packet> packets = new ArrayList<>();
        for (PcapFile.Frame f : frames) {
            if (f.bytes().length < 14 || f.bytes()[12] != 0x08 || f.bytes()[13] != 0x00) {
                // IPv6 (MLD reports for the lab's addresses) and ARP cannot move IPv4 counters
                continue;
            }
            assertThat(f.complete()).as("frame %d captured whole", packets.size() + 1).isTrue();
            byte[] src = java.util.Arrays.copyOfRange(f.bytes(), 6, 12);
            String id = "c" + (packets.size() + 1);
            if (java.util.Arrays.equals(src, peerMac)) {
                packets.add(FrameDecoder.decode(f.bytes(), id, fwIf, null, f.time()));
            } else if (java.util.Arrays.equals(src, fwMac)) {
                packets.add(FrameDecoder.decode(f.bytes(), id, null, fwIf, f.time()));
            } else {
                throw new AssertionError("frame " + id + " from an unknown MAC: "
                        + java.util.HexFormat.of().formatHex(f.bytes()));
            }
        }
        return packets;
    }

    /** One line per counter where the kernel and the simulator disagree: counter, kernel count, simulator count. */
    private static List<String> counterMismatches(CounterSnapshot before, CounterSnapshot after,
                                                  List<TraceResult> results) {
        Map<CounterRef, Long> simulated = new LinkedHashMap<>();
        for (TraceResult r : results) {
            r.matched().forEach(ref -> simulated.merge(ref, 1L, Long::sum));
        }
        Set<CounterRef> all = new LinkedHashSet<>(after.counters().keySet());
        all.addAll(simulated.keySet());
        List<String> out = new ArrayList<>();
        for (CounterRef ref : all) {
            long kernel = after.packetsSince(before, ref);
            long sim = simulated.getOrDefault(ref, 0L);
            if (kernel != sim) {
                out.add(ref + ": kernel " + kernel + ", simulator " + sim);
            }
        }
        return out;
    }

    private static Map<CounterRef, Long> kernelCounts(CounterSnapshot before, CounterSnapshot after) {
        Map<CounterRef, Long> moved = new LinkedHashMap<>();
        for (CounterRef ref : after.counters().keySet()) {
            long n = after.packetsSince(before, ref);
            if (n != 0) {
                moved.put(ref, n);
            }
        }
        return moved;
    }

    /** The packet sequence with what the simulator said of each, for failure messages. */
    private static String packetList(List<Packet> packets, List<TraceResult> results) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            TraceResult r = i < results.size() ? results.get(i) : null;
            sb.append("    ").append(PacketLines.toJson(p));
            if (p.protocol() == 6) {
                sb.append(" seq=").append(p.seq()).append(" ack=").append(p.ack())
                        .append(" data=").append(p.payload().length());
            }
            if (r != null) {
                sb.append("\n      -> ").append(r.verdict()).append(" ct=").append(r.ctState())
                        .append(" matched=").append(r.matched());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        Pause.millis(millis);
    }
}
