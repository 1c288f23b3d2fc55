package dev.rampart.cli;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.probe.HostRoot;
import dev.rampart.host.probe.LayoutChoice;
import dev.rampart.host.probe.PersistenceLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that look at the live host ({@code host}, {@code persist},
 * {@code audit --live}): {@code --root DIR}, the directory the host's files are read and written under
 * (default {@code /}; a fixture tree in tests), {@code --netns NAME}, a network namespace every command
 * (iptables-save, sysctl, ipset, ...) runs in through {@code ip netns exec}, and {@code --layout}, the
 * persistence layout when detection from {@code /etc/os-release} is not wanted.
 */
public final class HostOptions {
    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Read (and for persist, write) the host's files under DIR instead of / (default: /).")
    Path root;

    @Option(names = "--netns", paramLabel = "NAME",
            description = "Run every command (iptables-save, sysctl, ipset, ...) inside network namespace NAME "
                    + "(ip netns exec NAME ...).")
    String netns;

    @Option(names = "--layout", paramLabel = "debian|rhel|arch",
            description = "Persistence layout (default: from /etc/os-release; unknown distributions get debian "
                    + "with a warning).")
    String layout;

    /** Whether {@code --netns} or {@code --layout} was given (both only mean something for the live host). */
    public boolean netnsOrLayoutGiven() {
        return netns != null || layout != null;
    }

    /** The runner: plain, or inside {@code --netns}. */
    public ProcessRunner runner() {
        ProcessRunner r = new ProcessRunner();
        if (netns == null) {
            return r;
        }
        try {
            return r.inNetns(netns);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--netns: " + e.getMessage());
        }
    }

    /** The root, which must be a directory. */
    public HostRoot root() {
        if (!Files.isDirectory(root)) {
            throw new UsageException("--root " + root + ": not a directory");
        }
        return new HostRoot(root);
    }

    /** The layout given with {@code --layout}, else the one detected under the root. */
    public LayoutChoice layout(java.util.function.Supplier<LayoutChoice> detected) {
        if (layout == null) {
            return detected.get();
        }
        return PersistenceLayout.byId(layout).map(LayoutChoice::given)
                .orElseThrow(() -> new UsageException("--layout must be debian, rhel or arch, not '" + layout + "'"));
    }
}
