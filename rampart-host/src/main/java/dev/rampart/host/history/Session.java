package dev.rampart.host.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Who ran a command and over which connection: what a confirmation is compared against.
 *
 * @param sshConnection the value of {@code $SSH_CONNECTION} ({@code CLIENT CPORT SERVER SPORT}), or null on a console
 * @param tty           the terminal on standard input (e.g. {@code /dev/pts/3}), or null
 * @param sessionId     the process's session id ({@code getsid}), or -1 when unknown
 * @param pid           the process id of the rampart process
 * @param pidStart      when that process started (guards against pid reuse), or null
 * @param user          the login name ({@code $SUDO_USER}, else {@code $USER}), or null
 * @param uid           the effective user id, or -1 when unknown
 */
public record Session(String sshConnection, String tty, long sessionId, long pid, Instant pidStart, String user,
                      long uid) {

    /** The session of this process, read from {@code env} and {@code /proc/self}. */
    public static Session current(Map<String, String> env) {
        ProcessHandle self = ProcessHandle.current();
        String ssh = env.get("SSH_CONNECTION");
        if (ssh != null && ssh.isBlank()) {
            ssh = null;
        }
        String user = env.getOrDefault("SUDO_USER", env.get("USER"));
        return new Session(ssh == null ? null : ssh.strip(), readTty(), procStatField(6), self.pid(),
                self.info().startInstant().orElse(null), user, readUid());
    }

    /** The user for messages: the login name, else {@code uid N}. */
    public String who() {
        return user != null ? user : "uid " + uid;
    }

    /** The SSH client address, or null when not an SSH session. */
    public String sshClient() {
        return sshWord(0);
    }

    /** The SSH client port, or null. */
    public String sshClientPort() {
        return sshWord(1);
    }

    /** The SSH server address the client connected to, or null. */
    public String sshServer() {
        return sshWord(2);
    }

    /** The SSH server port, or null. */
    public String sshServerPort() {
        return sshWord(3);
    }

    private String sshWord(int i) {
        if (sshConnection == null) {
            return null;
        }
        String[] w = sshConnection.trim().split("\\s+");
        return w.length == 4 ? w[i] : null;
    }

    /** Whether the process this session describes is still running (same pid and start time). */
    public boolean processAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> pidStart == null || p.info().startInstant().map(pidStart::equals).orElse(true))
                .isPresent();
    }

    private static String readTty() {
        try {
            Path p = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            String s = p.toString();
            return s.startsWith("/dev/pts/") || s.startsWith("/dev/tty") || s.startsWith("/dev/console") ? s : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Field {@code index} (1-based, as in proc(5): 6 = session) of {@code /proc/self/stat}, as a number. */
    private static long procStatField(int index) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // rest[0] is field 3 (state): the command name (field 2) may contain spaces
            return Long.parseLong(rest[index - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long readUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }
}
