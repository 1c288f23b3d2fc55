package dev.rampart.cli.host;

import dev.rampart.cli.Main;
import dev.rampart.host.HostException;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.apply.ApplyException;
import dev.rampart.host.apply.RampartDirs;
import dev.rampart.host.apply.SafeApply;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the rollback watcher as {@code setsid -f JAVA -cp CLASSPATH dev.rampart.cli.Main
 * __rollback-watcher --root ROOT --entry ID [--netns NAME]}: this same rampart (the running JVM's
 * {@code java} binary and class path), in a new session with no controlling terminal, standard input
 * from {@code /dev/null} and output to {@code /run/rampart/watcher-ID.log}. {@code setsid -f} forks, so
 * the watcher is not a child of the terminal's process group either: SIGHUP or SIGKILL sent to the
 * admin's session or to {@code rampart apply}'s process group does not reach it.
 *
 * <p>On a host whose PID 1 is systemd, {@code systemd-run --on-active=} would be the other choice; the
 * detached process is used everywhere because it needs nothing but util-linux's {@code setsid}, and it
 * is the path the tests exercise.
 */
final class WatcherProcess {
    private WatcherProcess() {
    }

    static SafeApply.WatcherLauncher launcher(RampartDirs dirs, String netns) {
        return id -> {
            List<String> cmd = new ArrayList<>(List.of("setsid", "-f", javaBinary()));
            cmd.addAll(jvmFlags());
            cmd.addAll(List.of("-cp", classPath(), Main.class.getName(), RollbackWatcherCommand.NAME,
                    "--root", dirs.root().toString(), "--entry", Long.toString(id),
                    "--apply-pid", Long.toString(ProcessHandle.current().pid())));
            if (netns != null) {
                cmd.add("--netns");
                cmd.add(netns);
            }
            Path log = dirs.watcherLog(id);
            try {
                Files.createDirectories(log.getParent());
            } catch (IOException e) {
                throw new ApplyException(ApplyException.Problem.WATCHER, "cannot create " + log.getParent() + ": "
                        + e.getMessage());
            }
            try {
                ProcessResult r = new ProcessRunner().runDetached(cmd, log);
                if (!r.succeeded()) {
                    throw new ApplyException(ApplyException.Problem.WATCHER, "'setsid -f' exited with status "
                            + r.exitStatus() + " (see " + log + ")");
                }
            } catch (HostException e) {
                throw new ApplyException(ApplyException.Problem.WATCHER, e.getMessage());
            }
        };
    }

    /**
     * The running JVM's own flags (e.g. the launcher's class-data archive, which halves the watcher's
     * start-up while the apply keeps both CPUs busy parsing), read from this process's command line up
     * to {@code -jar}/{@code -cp}; a default set when they cannot be read.
     */
    private static List<String> jvmFlags() {
        List<String> out = new ArrayList<>();
        String[] args = ProcessHandle.current().info().arguments().orElse(null);
        if (args != null) {
            for (String a : args) {
                if (a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")
                        || !a.startsWith("-")) {
                    break;
                }
                if (a.startsWith("-X") || a.startsWith("-D")) {
                    out.add(a);
                }
            }
        }
        return out.isEmpty() ? List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto") : out;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The running class path with every entry made absolute (the watcher may start elsewhere). */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isBlank()) {
            try {
                cp = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException | RuntimeException e) {
                throw new ApplyException(ApplyException.Problem.WATCHER, "cannot find rampart's own jar: " + e);
            }
        }
        List<String> out = new ArrayList<>();
        for (String p : cp.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                out.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
