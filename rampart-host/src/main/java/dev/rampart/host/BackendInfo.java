package dev.rampart.host;

import dev.rampart.model.Family;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed iptables: its version and which kernel backend it drives, as reported by
 * {@code iptables --version} (e.g. {@code iptables v1.8.9 (nf_tables)}). Versions before 1.8 have no
 * backend suffix and always drive the legacy x_tables backend.
 *
 * @param command the tool that was asked ({@code iptables} or {@code ip6tables})
 * @param version the version number as printed, without the {@code v} (e.g. {@code 1.8.9})
 * @param backend the kernel interface the tool uses
 */
public record BackendInfo(String command, String version, Backend backend) {

    /** The kernel interface an iptables binary uses. */
    public enum Backend {
        /** iptables-nft: rules are translated to nftables expressions in tables named like the iptables ones. */
        NF_TABLES,
        /** iptables-legacy: the original x_tables setsockopt interface. */
        LEGACY
    }

    private static final Pattern VERSION = Pattern.compile(
            "^(ip6?tables)(?:-\\S+)?\\s+v(\\d+(?:\\.\\d+)*)(?:\\s*\\(([^)]*)\\))?\\s*$");

    public BackendInfo {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(backend, "backend");
    }

    /** Runs {@code iptables --version} (or {@code ip6tables}) through {@code runner} and parses it. */
    public static BackendInfo detect(ProcessRunner runner, Family family) {
        ProcessResult r = runner.run(family.command(), "--version").requireSuccess();
        String text = r.stdout().isBlank() ? r.stderr() : r.stdout();
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw HostException.failed(r.command(), r.exitStatus(), e.getMessage());
        }
    }

    /**
     * Parses the first line of {@code iptables --version} output.
     *
     * @throws IllegalArgumentException when the text is not such a line; the message quotes it
     */
    public static BackendInfo parse(String versionOutput) {
        String line = versionOutput == null ? "" : versionOutput.strip().lines().findFirst().orElse("");
        Matcher m = VERSION.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("unrecognised 'iptables --version' output '" + line
                    + "'; expected something like 'iptables v1.8.9 (nf_tables)'");
        }
        String suffix = m.group(3) == null ? "" : m.group(3).strip().toLowerCase(Locale.ROOT);
        Backend backend = switch (suffix) {
            case "nf_tables" -> Backend.NF_TABLES;
            case "legacy", "" -> Backend.LEGACY;
            default -> throw new IllegalArgumentException("unknown iptables backend '" + m.group(3) + "' in '"
                    + line + "'; expected 'nf_tables' or 'legacy'");
        };
        return new BackendInfo(m.group(1), m.group(2), backend);
    }

    /** Whether the version is at least {@code major.minor.patch}. */
    public boolean atLeast(int major, int minor, int patch) {
        String[] parts = version.split("\\.");
        int[] want = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            int have = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (have != want[i]) {
                return have > want[i];
            }
        }
        return true;
    }
}
