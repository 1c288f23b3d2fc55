package dev.rampart.analysis.audit.host;

import dev.rampart.model.Family;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host checks know about a live host, as plain data (gathered by the command line through
 * {@code rampart-host}; nothing here runs a process or reads a file).
 *
 * @param sysctls       kernel parameters of the audited network namespace (empty map when not read)
 * @param layout        the persistence layout in use, e.g. {@code debian}, for messages
 * @param persisted     the layout's files and their content (one per kind the layout has)
 * @param liveIpsets    {@code ipset save} output of the live host, null when ipset is not installed
 * @param backends      what the legacy and nf_tables backends hold, per family (empty when not probed)
 * @param activeBackend the backend {@code iptables} drives, null if unknown
 */
public record HostFacts(Sysctls sysctls, String layout, List<PersistedFile> persisted, String liveIpsets,
                        List<BackendRules> backends, Backend activeBackend) {

    public HostFacts {
        Objects.requireNonNull(sysctls, "sysctls");
        Objects.requireNonNull(layout, "layout");
        persisted = List.copyOf(persisted);
        backends = List.copyOf(backends);
    }

    /** The persisted file of {@code kind}, if the layout has one. */
    public Optional<PersistedFile> persisted(PersistedFile.Kind kind) {
        return persisted.stream().filter(p -> p.kind() == kind).findFirst();
    }

    /** What {@code backend} holds for {@code family}, if probed. */
    public Optional<BackendRules> backend(Backend backend, Family family) {
        return backends.stream().filter(b -> b.backend() == backend && b.family() == family).findFirst();
    }
}
