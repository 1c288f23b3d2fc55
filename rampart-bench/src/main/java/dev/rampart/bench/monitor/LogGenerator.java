package dev.rampart.bench.monitor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic realistic logs for the log-parsing benchmarks: an {@code auth.log} of a server under SSH
 * brute force (the mix of sshd messages such a log holds: invalid users, failed passwords, PAM failures,
 * preauth disconnects, successful key log-ins, sessions) and a {@code kern.log} of iptables LOG lines
 * (SYN probes, UDP, ICMP, IPv6, several prefixes, with and without TCP options). Sources come from the
 * documentation ranges.
 *
 * <p>Run: {@code java -cp rampart-bench/target/benchmarks.jar dev.rampart.bench.monitor.LogGenerator
 * auth|kern LINES FILE}
 */
public final class LogGenerator {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] USERS = {"root", "admin", "test", "oracle", "ubuntu", "user", "postgres", "git",
        "pi", "guest", "ftpuser", "deploy"};

    private LogGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: LogGenerator auth|kern LINES FILE");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        List<String> lines = args[0].equals("auth") ? auth(n, 42) : kern(n, 42);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
    }

    private static String stamp(int i) {
        int s = i / 20;
        return String.format("%s %2d %02d:%02d:%02d", MONTHS[10], 1 + (s / 86400) % 28, (s / 3600) % 24, (s / 60) % 60,
                s % 60);
    }

    private static String ip(SplittableRandom r) {
        String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
        return nets[r.nextInt(3)] + (1 + r.nextInt(254));
    }

    /** {@code n} sshd lines of {@code auth.log}. */
    public static List<String> auth(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int pid = 10_000 + r.nextInt(50_000);
            String head = stamp(i) + " web sshd[" + pid + "]: ";
            String ip = ip(r);
            String user = USERS[r.nextInt(USERS.length)];
            int port = 1024 + r.nextInt(60_000);
            int k = r.nextInt(100);
            String msg;
            if (k < 30) {
                msg = "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2";
            } else if (k < 50) {
                msg = "Invalid user " + user + " from " + ip + " port " + port;
            } else if (k < 62) {
                msg = "Failed password for root from " + ip + " port " + port + " ssh2";
            } else if (k < 72) {
                msg = "Connection closed by invalid user " + user + " " + ip + " port " + port + " [preauth]";
            } else if (k < 80) {
                msg = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip
                        + "  user=root";
            } else if (k < 86) {
                msg = "Received disconnect from " + ip + " port " + port + ":11: Bye Bye [preauth]";
            } else if (k < 90) {
                msg = "Disconnected from invalid user " + user + " " + ip + " port " + port + " [preauth]";
            } else if (k < 94) {
                msg = "Accepted publickey for deploy from " + ip + " port " + port
                        + " ssh2: ED25519 SHA256:Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg";
            } else if (k < 97) {
                msg = "pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)";
            } else {
                msg = "error: maximum authentication attempts exceeded for root from " + ip + " port " + port
                        + " ssh2 [preauth]";
            }
            out.add(head + msg);
        }
        return out;
    }

    /** {@code n} kernel LOG lines of {@code kern.log}. */
    public static List<String> kern(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] prefixes = {"DROP ", "[UFW BLOCK] ", "IPTABLES-DROP: ", "INPUT-REJECT "};
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String head = stamp(i) + " gw kernel: [" + String.format("%d.%06d", 400_000 + i / 20, r.nextInt(1_000_000))
                    + "] " + prefixes[r.nextInt(prefixes.length)];
            String src = ip(r);
            int k = r.nextInt(100);
            String l;
            if (k < 60) {
                l = "IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=" + src + " DST=198.18.0.1 LEN=44 "
                        + "TOS=0x00 PREC=0x00 TTL=" + (30 + r.nextInt(200)) + " ID=" + r.nextInt(65536) + " PROTO=TCP SPT="
                        + (1024 + r.nextInt(60000)) + " DPT=" + r.nextInt(65536) + " WINDOW=1024 RES=0x00 SYN URGP=0 "
                        + (r.nextBoolean() ? "OPT (020405B4) " : "");
            } else if (k < 80) {
                l = "IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=" + src + " DST=198.18.0.1 LEN=76 "
                        + "TOS=0x00 PREC=0x00 TTL=64 ID=" + r.nextInt(65536) + " DF PROTO=UDP SPT=" + (1024 + r.nextInt(60000))
                        + " DPT=" + r.nextInt(65536) + " LEN=56 ";
            } else if (k < 90) {
                l = "IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=" + src + " DST=198.18.0.1 LEN=28 "
                        + "TOS=0x00 PREC=0x00 TTL=64 ID=" + r.nextInt(65536) + " PROTO=ICMP TYPE=8 CODE=0 ID="
                        + r.nextInt(65536) + " SEQ=" + r.nextInt(65536) + " ";
            } else {
                l = "IN=eth0 OUT= MAC=33:33:ff:00:00:01:00:1b:b9:76:9c:e4:86:dd SRC=2001:0db8:0000:f101:0000:0000:0000:"
                        + String.format("%04x", r.nextInt(65536)) + " DST=2001:0db8:0000:f101:0000:0000:0000:0001 LEN=80 TC=0 "
                        + "HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=" + (1024 + r.nextInt(60000)) + " DPT=" + r.nextInt(65536)
                        + " WINDOW=5760 RES=0x00 SYN URGP=0 ";
            }
            out.add(head + l);
        }
        return out;
    }
}
