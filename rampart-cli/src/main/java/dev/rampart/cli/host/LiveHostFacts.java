package dev.rampart.cli.host;

import dev.rampart.analysis.audit.host.BackendRules;
import dev.rampart.analysis.audit.host.HostFacts;
import dev.rampart.analysis.audit.host.PersistedFile;
import dev.rampart.analysis.audit.host.Sysctls;
import dev.rampart.host.BackendInfo;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.probe.BackendContent;
import dev.rampart.host.probe.HostRoot;
import dev.rampart.host.probe.PersistenceLayout;
import dev.rampart.host.probe.ToolVersion;
import dev.rampart.host.sysctl.SysctlReader;
import dev.rampart.model.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gathers the facts the host checks of {@code audit --live} read, through {@code rampart-host}, and maps
 * them to the analysis module's {@link HostFacts} (the analysis module runs no process): kernel parameters
 * ({@link SysctlReader}, inside the runner's namespace), the layout's persistence files under the root,
 * {@code ipset save}, what the legacy and nf_tables backends hold, and which one {@code iptables} drives.
 * A fact that cannot be read is left out with a warning (its checks then stay silent), never guessed.
 */
public final class LiveHostFacts {
    private LiveHostFacts() {
    }

    public static HostFacts gather(ProcessRunner runner, HostRoot root, PersistenceLayout layout, Consumer<String> warn) {
        Map<String, String> sysctls = Map.of();
        try {
            sysctls = new SysctlReader(runner).read();
        } catch (dev.rampart.host.HostException e) {
            warn.accept("kernel parameters not read, their checks (RA130-RA135, RA139) skipped: " + e.getMessage());
        }
        List<PersistedFile> files = List.of(
                new PersistedFile(PersistedFile.Kind.IPV4_RULES, layout.rulesV4(), root.read(layout.rulesV4()).orElse(null)),
                new PersistedFile(PersistedFile.Kind.IPV6_RULES, layout.rulesV6(), root.read(layout.rulesV6()).orElse(null)),
                new PersistedFile(PersistedFile.Kind.IPSETS, layout.ipsets(), root.read(layout.ipsets()).orElse(null)));
        String ipsets = null;
        if (ToolVersion.detect(runner, "ipset").available()) {
            ProcessResult r = runner.run(List.of("ipset", "save"), null);
            if (r.succeeded()) {
                ipsets = r.stdout();
            } else {
                warn.accept("'ipset save' failed, ipsets not compared with " + layout.ipsets() + ": "
                        + r.stderr().strip());
            }
        }
        List<BackendRules> backends = new ArrayList<>();
        for (Family f : Family.values()) {
            for (BackendInfo.Backend b : BackendInfo.Backend.values()) {
                BackendContent c = BackendContent.read(runner, b, f);
                if (c.available()) {
                    backends.add(new BackendRules(backend(b), f, c.tool(), c.rules(),
                            c.userChains().size(), c.nonAcceptPolicies().size()));
                } else if (c.problem() != null) {
                    warn.accept("cannot read the " + HostCommand.backendName(b) + " backend: " + c.problem());
                }
            }
        }
        dev.rampart.analysis.audit.host.Backend active = null;
        try {
            active = backend(BackendInfo.detect(runner, Family.IPV4).backend());
        } catch (dev.rampart.host.HostException e) {
            warn.accept("cannot tell which backend iptables drives: " + e.getMessage());
        }
        return new HostFacts(new Sysctls(sysctls), layout.id(), files, ipsets, backends, active);
    }

    /** The analysis module's name of a backend. */
    static dev.rampart.analysis.audit.host.Backend backend(BackendInfo.Backend b) {
        return switch (b) {
            case LEGACY -> dev.rampart.analysis.audit.host.Backend.LEGACY;
            case NF_TABLES -> dev.rampart.analysis.audit.host.Backend.NF_TABLES;
        };
    }
}
