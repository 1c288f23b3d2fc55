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
 * Two network namespaces joined by a veth pair: the server ({@value #SERVER}) runs a TCP listener on
 * port 22 and the daemon's ipset/iptables; the peer ({@value #PEER}) connects to it. openssh-server is
 * not installed on the build machine, so the listener is socat, and each connection it accepts is
 * written to {@code auth.log} as the line sshd writes for a failed password of an invalid user — with the
 * peer address and port socat reports, i.e. what the kernel delivered — in syslog format. Both namespaces
 * are deleted by {@link #close()}.
 */
final class BanLab implements AutoCloseable {
    static final String SERVER = "198.18.0.1";
    static final String PEER = "198.18.0.2";
    private static final Pattern ACCEPTED = Pattern.compile("accepting connection from AF=2 ([0-9.]+):(\\d+)");
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    final Netns server;
    final Netns peer;
    final Path authLog;
    private final StreamingProcess listener;
    private final Thread logger;
    final AtomicInteger linesWritten = new AtomicInteger();

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
        this.listener = StreamingProcess.start(server.runner(), List.of("socat", "-d", "-d", "-lf", "/dev/stdout",
                "TCP-LISTEN:22,reuseaddr,fork", "EXEC:/bin/true"));
        this.logger = new Thread(this::logConnections, "ban-lab-sshd");
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

    /** Appends the line sshd writes for a failed password of an invalid user from {@code addr}. */
    synchronized void appendSshdFailure(String addr, int port, int pid) throws IOException {
        String line = SYSLOG.format(LocalDateTime.now()) + " srv sshd[" + pid + "]: Failed password for invalid user"
                + " admin from " + addr + " port " + port + " ssh2\n";
        Files.writeString(authLog, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        linesWritten.incrementAndGet();
    }

    /** One TCP connection from the peer to the server's port 22 with a 1 s timeout; whether it succeeded. */
    boolean connect() {
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
