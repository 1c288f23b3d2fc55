package dev.rampart.cli.host;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.apply.RampartDirs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code apply}, {@code confirm}, {@code rollback} and {@code history}: where the
 * history and run-time files live ({@code --root}, or {@code $RAMPART_ROOT}), and, hidden, the network
 * namespace to act in ({@code --netns}, used by the tests and the rollback watcher).
 */
public final class StateOptions {
    @Option(names = "--root", paramLabel = "DIR",
            description = "Prefix for /var/lib/rampart (history) and /run/rampart (lock, pending entry). "
                    + "Default: $RAMPART_ROOT, else /.")
    Path root;

    @Option(names = "--netns", paramLabel = "NAME", hidden = true,
            description = "Act inside network namespace NAME (ip netns exec NAME ...).")
    String netns;

    /** The directories to use. */
    public RampartDirs dirs() {
        return RampartDirs.resolve(root, System.getenv());
    }

    /** The runner for kernel tools (inside the namespace when {@code --netns} is given). */
    public ProcessRunner runner() {
        ProcessRunner r = new ProcessRunner();
        return netns == null ? r : r.inNetns(netns);
    }

    /** The namespace name, or null. */
    public String netns() {
        return netns;
    }
}
