package dev.rampart.monitor.daemon;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.StreamingProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair: the server ({@value #SERVER}) runs an SSH listener on
 * port 22 and the daemon's ipset/iptables; the peer ({@value #PEER}) connects to it.
 *
 * <p>With openssh-server installed ({@code /usr/sbin/sshd}; {@code .ci/run} installs it) the listener is
 * the real sshd (own host key and configuration in a temporary directory, {@code -D -e}), the peer runs
 * the real {@code ssh} client as an invalid user, and every line sshd logs is appended to {@code auth.log}
 * with the syslog header rsyslog would put in front of it ({@code MMM d HH:mm:ss srv sshd[PID]: }): the
 * messages are sshd's own. Without sshd the listener is socat, and each connection it accepts is written
 * as the line sshd writes for a failed password of an invalid user, with the peer address and port socat
 * reports. Both namespaces are deleted by {@link #close()}.
 */
final class BanLab implements AutoCloseable {
    static final String SERVER = "198.18.0.1";
    static final String PEER = "198.18.0.2";
    private static final Pattern ACCEPTED = Pattern.compile("accepting connection from AF=2 ([0-9.]+):(\\d+)");
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    final Netns server;
    final Netns peer;
    final Path authLog;
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final StreamingProcess listener;
    private final Thread logger;
    private final boolean realSshd;
    final AtomicInteger linesWritten = new AtomicInteger();

    /** Whether the lab runs the real sshd (else socat). */
    boolean realSshd() {
        return realSshd;
    }

    BanLab(Path authLog) throws IOException {
        ProcessRunner host = new ProcessRunner();
        this.authLog = authLog;
        Files.writeString(authLog, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Netns s = Netns.create(host, "rampart-d-");
        Netns p = null;
        try {
            p = Netns.create(host, "rampart-d-");
            s.check("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", p.name());
            s.check("ip", "addr", "add", SERVER + "/24", "dev", "veth0");
            s.check("ip", "link", "set", "veth0", "up");
            p.check("ip", "addr", "add", PEER + "/24", "dev", "veth1");
            p.check("ip", "link", "set", "veth1", "up");
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            s.close();
            throw e;
        }
        this.server = s;
        this.peer = p;
        this.realSshd = Files.isExecutable(SSHD);
        if (realSshd) {
            Path dir = Files.createTempDirectory("rampart-sshd");
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
            host.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("key").toString()), null);
            Path cfg = dir.resolve("sshd_config");
            Files.writeString(cfg, "Port 22\nListenAddress " + SERVER + "\nHostKey " + dir.resolve("key") + "\n"
                    + "PidFile none\nUsePAM no\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
                    + "LogLevel INFO\n");
            this.listener = StreamingProcess.start(server.runner(), List.of(SSHD.toString(), "-D", "-e", "-f",
                    cfg.toString()), true);
            this.logger = new Thread(this::logSshd, "ban-lab-sshd");
        } else {
            this.listener = StreamingProcess.start(server.runner(), List.of("socat", "-d", "-d", "-lf", "/dev/stdout",
                    "TCP-LISTEN:22,reuseaddr,fork", "EXEC:/bin/true"));
            this.logger = new Thread(this::logConnections, "ban-lab-socat");
        }
        logger.setDaemon(true);
        logger.start();
        waitForListener();
    }

    private void waitForListener() {
        for (int i = 0; i < 100; i++) {
            if (server.exec("ss", "-ltn", "sport", "= :22").stdout().contains(":22")) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("socat did not listen: " + listener.stderrTail());
    }

    private void logConnections() {
        try {
            String line;
            int pid = 4000;
            while ((line = listener.readLine()) != null) {
                Matcher m = ACCEPTED.matcher(line);
                if (m.find()) {
                    appendSshdFailure(m.group(1), Integer.parseInt(m.group(2)), pid++);
                }
            }
        } catch (IOException e) {
            // listener stopped
        }
    }

    /** Appends each line the real sshd logs, with a syslog header. */
    private void logSshd() {
        try {
            String line;
            while ((line = listener.readLine()) != null) {
                String msg = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (msg.startsWith("Server listening")) {
                    continue;
                }
                synchronized (this) {
                    Files.writeString(authLog, SYSLOG.format(LocalDateTime.now()) + " srv sshd[" + listener.pid() + "]: "
                            + msg + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                linesWritten.incrementAndGet();
            }
        } catch (IOException e) {
            // sshd stopped
        }
    }

    /** Appends the line sshd writes for a failed password of an invalid user from {@code addr}. */
    synchronized void appendSshdFailure(String addr, int port, int pid) throws IOException {
        String line = SYSLOG.format(LocalDateTime.now()) + " srv sshd[" + pid + "]: Failed password for invalid user"
                + " admin from " + addr + " port " + port + " ssh2\n";
        Files.writeString(authLog, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        linesWritten.incrementAndGet();
    }

    /**
     * One SSH log-in attempt (real sshd: {@code ssh} as the invalid user {@code admin}, no usable
     * credentials; socat: a TCP connection) from the peer with a 1 s connect timeout; whether it reached
     * the server.
     */
    boolean connect() {
        if (realSshd) {
            ProcessResult r = peer.exec("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=1", "-o", "IdentitiesOnly=yes", "-o",
                    "IdentityFile=none", "-o", "LogLevel=ERROR", "admin@" + SERVER, "true");
            return r.stderr().contains("Permission denied");
        }
        ProcessResult r = peer.exec("socat", "-u", "OPEN:/dev/null", "TCP:" + SERVER + ":22,connect-timeout=1");
        return r.succeeded();
    }

    /** Packets counted by the rule that references {@code set} in the server's INPUT chain. */
    long banRulePackets(String set) {
        for (String line : server.check("iptables", "-w", "-L", "INPUT", "-v", "-x", "-n").stdout().split("\n")) {
            if (line.contains("match-set " + set + " src")) {
                return Long.parseLong(line.trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no rule references " + set);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        listener.close();
        try {
            peer.close();
        } finally {
            server.close();
        }
    }
}
