package dev.rampart.sim.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLine} against the kernel: two namespaces {@code rampart-d-<hex>-fw} and {@code -peer} joined
 * by a veth pair (198.18.0.1 and 198.18.0.2), {@code LOG} rules loaded with the real
 * {@code iptables-restore} in the firewall namespace, one packet per case sent by {@code hping3} from the
 * peer with every value the line shows pinned down (IP id, TTL, TOS, DF, ports, TCP window, sequence
 * numbers, flags, payload size), the kernel's line read back from {@code dmesg}, and compared with
 * {@code LogLine}'s, field by field. The kernel logs from a non-initial namespace only while
 * {@code net.netfilter.nf_log_all_netns} is 1: the test sets it and puts the previous value back.
 *
 * <p>Not compared: the values of the ICMP echo {@code ID=}/{@code SEQ=}, which hping3 picks (its process
 * id) and the packet model does not carry (LogLine prints 0).
 *
 * <p>Needs root, ip, iptables-restore and hping3; skips without them unless {@code CI=true}.
 */
class LogLineIT {
    private static final Path ALL_NETNS = Path.of("/proc/sys/net/netfilter/nf_log_all_netns");
    private static final String FW_ADDR = "198.18.0.1";
    private static final String PEER_ADDR = "198.18.0.2";

    private static String tag;
    private static String fw;
    private static String peer;
    private static String fwIf;
    private static String peerIf;
    private static String previousAllNetns;

    @BeforeAll
    static void setUp() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean able = "root".equals(System.getProperty("user.name")) && Files.isWritable(ALL_NETNS)
                && run(List.of("hping3", "--version")).exit >= 0 && run(List.of("iptables-restore", "--version")).exit == 0;
        if (!ci) {
            Assumptions.assumeTrue(able, "LogLineIT needs root, hping3 and iptables-restore (runs when CI=true)");
        }
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        tag = HexFormat.of().formatHex(b);
        fw = "rampart-d-" + tag + "-fw";
        peer = "rampart-d-" + tag + "-peer";
        fwIf = "rd" + tag + "a";
        peerIf = "rd" + tag + "b";
        check("ip", "netns", "add", fw);
        check("ip", "netns", "add", peer);
        check("ip", "link", "add", fwIf, "netns", fw, "type", "veth", "peer", "name", peerIf, "netns", peer);
        inNs(fw, "ip", "addr", "add", FW_ADDR + "/24", "dev", fwIf);
        inNs(peer, "ip", "addr", "add", PEER_ADDR + "/24", "dev", peerIf);
        inNs(fw, "ip", "link", "set", fwIf, "up");
        inNs(peer, "ip", "link", "set", peerIf, "up");
        inNs(fw, "ip", "link", "set", "lo", "up");
        previousAllNetns = Files.readString(ALL_NETNS).trim();
        Files.writeString(ALL_NETNS, "1");
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (previousAllNetns != null) {
                Files.writeString(ALL_NETNS, previousAllNetns);
            }
        } finally {
            if (fw != null) {
                run(List.of("ip", "netns", "del", fw));
                run(List.of("ip", "netns", "del", peer));
            }
        }
    }

    @Test
    void tcpSynWithDfTosTtlAndWindow() throws Exception {
        LogTarget log = new LogTarget(prefix(1), 4, false, false, false, false, false);
        Packet p = fromPeer(6).sport(40001).dport(22).tcpFlags(Packet.SYN).ipId(4321).dontFragment(true)
                .tcpWindow(29200).ttl(50).tos(0x10).build();
        compare(log, "-p tcp --dport 22", p, List.of("-S", "-p", "22", "-s", "40001", "-k", "-N", "4321", "-w",
                "29200", "-y", "-t", "50", "-o", "10"));
    }

    @Test
    void tcpSequenceNumbersFlagsAndMacDecode() throws Exception {
        LogTarget log = new LogTarget(prefix(2), 6, true, true, true, false, true);
        Packet p = fromPeer(6).sport(40002).dport(8080).tcpFlags(Packet.ACK | Packet.PSH | Packet.FIN)
                .seq(123456789L).ack(987654321L).ipId(77).tcpWindow(512).build();
        compare(log, "-p tcp --dport 8080", p, List.of("-A", "-P", "-F", "-p", "8080", "-s", "40002", "-k", "-M",
                "123456789", "-L", "987654321", "-N", "77", "-w", "512"));
    }

    @Test
    void udpWithPayloadAndMark() throws Exception {
        LogTarget log = new LogTarget(prefix(3), 4, false, false, false, false, false);
        Packet p = fromPeer(17).sport(5353).dport(53).ipId(9).payload("x".repeat(12)).mark(0x2a).build();
        compare(log, "-p udp --dport 53", p, List.of("--udp", "-p", "53", "-s", "5353", "-k", "-N", "9", "-d",
                "12"));
    }

    @Test
    void icmpEcho() throws Exception {
        LogTarget log = new LogTarget(prefix(4), 4, false, false, false, false, false);
        Packet p = fromPeer(1).icmpType(8).icmpCode(0).ipId(1234).build();
        compare(log, "-p icmp --icmp-type 8", p, List.of("-1", "-N", "1234"));
    }

    private static String prefix(int n) {
        return "RD" + tag + "-" + n + " ";
    }

    private static Packet.Builder fromPeer(int protocol) {
        return Packet.builder(IpAddress.parse(PEER_ADDR), IpAddress.parse(FW_ADDR), protocol).in(fwIf);
    }

    /** Loads a LOG rule for {@code match}, sends the packet with hping3, and compares the two lines. */
    private static void compare(LogTarget log, String match, Packet expected, List<String> hping) throws Exception {
        StringBuilder rules = new StringBuilder();
        rules.append("*mangle\n:PREROUTING ACCEPT [0:0]\n");
        if (expected.mark() != 0) {
            rules.append("-A PREROUTING -s ").append(PEER_ADDR).append(' ').append(match)
                    .append(" -j MARK --set-mark 0x").append(Long.toHexString(expected.mark())).append('\n');
        }
        rules.append("COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s ").append(PEER_ADDR).append(' ')
                .append(match).append(" -j LOG --log-prefix \"").append(log.prefix()).append('"')
                .append(" --log-level ").append(log.level());
        if (log.tcpSequence()) {
            rules.append(" --log-tcp-sequence");
        }
        if (log.tcpOptions()) {
            rules.append(" --log-tcp-options");
        }
        if (log.ipOptions()) {
            rules.append(" --log-ip-options");
        }
        if (log.macDecode()) {
            rules.append(" --log-macdecode");
        }
        rules.append("\nCOMMIT\n");
        Result r = run(List.of("ip", "netns", "exec", fw, "iptables-restore"), rules.toString());
        assertThat(r.exit).as("iptables-restore: %s", r.out).isZero();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", peer, "hping3", "-c", "1", "-q"));
        cmd.addAll(hping);
        cmd.add(FW_ADDR);
        run(cmd);
        String kernel = kernelLine(log.prefix());
        long fwMac = LinkHeader.parseMac(macOf(fw, fwIf));
        long peerMac = LinkHeader.parseMac(macOf(peer, peerIf));
        String ours = LogLine.format(log, new PacketState(expected), LinkHeader.ethernet(fwMac, peerMac, Family.IPV4));
        List<String> kernelFields = fields(kernel);
        List<String> ourFields = fields(ours);
        if (expected.isIcmp() && expected.icmpType() == 8) {
            // the echo identifier and sequence are hping3's choice and not in the packet model
            kernelFields = blankEcho(kernelFields);
            ourFields = blankEcho(ourFields);
        }
        assertThat(ourFields).as("LogLine:  %s%nkernel:   %s", ours, kernel).containsExactlyElementsOf(kernelFields);
        assertThat(ours).as("the kernel's line ends in a space; dmesg keeps it").endsWith(" ");
    }

    private static List<String> fields(String line) {
        return Arrays.asList(line.trim().split(" "));
    }

    private static List<String> blankEcho(List<String> f) {
        List<String> out = new ArrayList<>(f);
        int type = out.indexOf("TYPE=8");
        out.set(type + 2, "ID=?");
        out.set(type + 3, "SEQ=?");
        return out;
    }

    /** The last kernel log line with {@code prefix}, without dmesg's timestamp; waits up to 5 s for it. */
    private static String kernelLine(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Result r = run(List.of("dmesg"));
            String found = null;
            for (String line : r.out.split("\n")) {
                int at = line.indexOf(prefix);
                if (at >= 0) {
                    found = line.substring(at);
                }
            }
            if (found != null) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no kernel log line with prefix '" + prefix + "' (is nf_log_syslog loaded?)");
            }
            Thread.sleep(100);
        }
    }

    private static String macOf(String ns, String dev) throws Exception {
        Result r = run(List.of("ip", "netns", "exec", ns, "ip", "-o", "link", "show", "dev", dev));
        String[] words = r.out.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("link/ether")) {
                return words[i + 1];
            }
        }
        throw new AssertionError("no MAC address for " + dev + ": " + r.out);
    }

    private static void inNs(String ns, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(Arrays.asList(command));
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new IllegalStateException(cmd + " failed (" + r.exit + "): " + r.out);
        }
    }

    private static void check(String... command) throws Exception {
        Result r = run(Arrays.asList(command));
        if (r.exit != 0) {
            throw new IllegalStateException(Arrays.toString(command) + " failed (" + r.exit + "): " + r.out);
        }
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    /** Runs {@code command} (no shell), stdout and stderr together; exit -1 when it cannot start or hangs. */
    private static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }
}
