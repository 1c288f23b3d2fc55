package dev.rampart.host.probe;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a command-line tool ({@code ipset}, {@code nft}) is installed and its version, from
 * {@code TOOL --version} ({@code ipset v7.17, protocol version: 7}, {@code nftables v1.0.6 (Lester Gooch #5)}).
 *
 * @param tool      the command
 * @param available whether it ran successfully
 * @param version   the version number (e.g. {@code 7.17}), empty when unknown
 * @param problem   why it is not available ({@code not installed}, or the failure), null when it is
 */
public record ToolVersion(String tool, boolean available, String version, String problem) {
    private static final Pattern VERSION = Pattern.compile("\\bv(\\d+(?:\\.\\d+)+)");

    public ToolVersion {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(version, "version");
    }

    /** Runs {@code tool --version} through {@code runner}. */
    public static ToolVersion detect(ProcessRunner runner, String tool) {
        ProcessResult r;
        try {
            r = runner.run(tool, "--version");
        } catch (HostException e) {
            return new ToolVersion(tool, false, "", e.getMessage().contains("not found") ? "not installed"
                    : e.getMessage());
        }
        if (!r.succeeded()) {
            return new ToolVersion(tool, false, "", "'" + tool + " --version' failed with exit status "
                    + r.exitStatus() + ": " + r.stderr().strip());
        }
        return new ToolVersion(tool, true, parseVersion(r.stdout().isBlank() ? r.stderr() : r.stdout()), null);
    }

    /** The first {@code vN.N[.N]} in {@code text}, without the {@code v}; empty when there is none. */
    public static String parseVersion(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : "";
    }

    /** {@code ipset 7.17} or {@code nft: not installed}. */
    public String describe() {
        return available ? tool + " " + (version.isEmpty() ? "(version unknown)" : version) : tool + ": " + problem;
    }
}
