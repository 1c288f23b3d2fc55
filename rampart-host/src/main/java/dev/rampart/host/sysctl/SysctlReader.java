package dev.rampart.host.sysctl;

import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads the kernel parameters the host audit needs with {@code sysctl -a -r PATTERN} through a
 * {@link ProcessRunner}. {@code net.*} parameters belong to the network namespace of the process that
 * reads {@code /proc/sys}, so they are read by a process the runner starts (inside the namespace when the
 * runner has an {@code ip netns exec} prefix), never by this JVM.
 *
 * <p>Read: {@code net.ipv4.tcp_syncookies}, {@code net.ipv4.ip_forward}, and for every
 * {@code net.ipv4.conf.*} entry ({@code all}, {@code default} and each interface) {@code rp_filter},
 * {@code accept_redirects}, {@code send_redirects}, {@code secure_redirects}, {@code forwarding};
 * for every {@code net.ipv6.conf.*} entry {@code forwarding}, {@code accept_redirects},
 * {@code accept_ra}.
 */
public final class SysctlReader {
    /** The parameters read, as a regular expression over their dotted names (sysctl {@code -r}). */
    public static final String PATTERN = "^net\\.(ipv4\\.(tcp_syncookies|ip_forward|conf\\.[^.]+\\."
            + "(rp_filter|accept_redirects|send_redirects|secure_redirects|forwarding))|ipv6\\.conf\\.[^.]+\\."
            + "(forwarding|accept_redirects|accept_ra))$";

    private final ProcessRunner runner;

    public SysctlReader(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * The parameters, name to value as {@code sysctl} prints them. {@code sysctl -a} also complains on
     * stderr about write-only entries and exits non-zero for some of them; the values it printed are kept
     * as long as it printed any.
     *
     * @throws dev.rampart.host.HostException when sysctl cannot be run, or printed nothing and failed
     */
    public Map<String, String> read() {
        ProcessResult r = runner.run(List.of("sysctl", "-a", "-r", PATTERN), null);
        Map<String, String> values = parse(r.stdout());
        if (values.isEmpty()) {
            r.requireSuccess();
        }
        return values;
    }

    /** Parses {@code name = value} lines (sysctl's default output). */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
            }
        }
        return out;
    }
}
