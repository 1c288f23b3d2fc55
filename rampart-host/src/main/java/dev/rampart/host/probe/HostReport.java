package dev.rampart.host.probe;

import dev.rampart.host.BackendInfo;
import dev.rampart.host.BackendInfo.Backend;
import dev.rampart.model.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HostProbe} found on a host: the distribution and its persistence layout, which backend
 * {@code iptables} drives and what each backend holds per family, ipset and nft with their versions, the
 * live nftables tables, and firewalld / ufw / Docker / fail2ban. Immutable.
 *
 * @param os               the parsed {@code /etc/os-release} ({@link OsRelease#UNKNOWN} when absent)
 * @param layout           the persistence layout for it
 * @param iptables         {@code iptables --version}, or null when it could not be run
 * @param iptablesProblem  why {@code iptables --version} failed (null when it ran)
 * @param backends         legacy and nft content for IPv4 and IPv6
 * @param ipset            ipset's availability and version
 * @param nft              nft's availability and version
 * @param nftTables        {@code nft list tables} as {@code FAMILY NAME}, empty when nft is missing
 * @param tools            firewalld, ufw, docker, fail2ban
 */
public record HostReport(OsRelease os, LayoutChoice layout, BackendInfo iptables, String iptablesProblem,
                         List<BackendContent> backends, ToolVersion ipset, ToolVersion nft, List<String> nftTables,
                         List<ToolPresence> tools) {

    public HostReport {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(layout, "layout");
        backends = List.copyOf(backends);
        Objects.requireNonNull(ipset, "ipset");
        Objects.requireNonNull(nft, "nft");
        nftTables = List.copyOf(nftTables);
        tools = List.copyOf(tools);
    }

    /** The content of {@code backend} for {@code family}, when it was read. */
    public Optional<BackendContent> backend(Backend backend, Family family) {
        return backends.stream().filter(b -> b.backend() == backend && b.family() == family).findFirst();
    }

    /** The families for which both the legacy and the nft backend hold rules. */
    public List<Family> bothBackendsHoldRules() {
        List<Family> out = new ArrayList<>();
        for (Family f : Family.values()) {
            boolean legacy = backend(Backend.LEGACY, f).map(BackendContent::holdsRules).orElse(false);
            boolean nf = backend(Backend.NF_TABLES, f).map(BackendContent::holdsRules).orElse(false);
            if (legacy && nf) {
                out.add(f);
            }
        }
        return out;
    }

    /** The tool called {@code name}. */
    public Optional<ToolPresence> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Things an administrator should know before persisting or applying rules, one sentence each. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (layout.warning() != null) {
            out.add(layout.warning());
        }
        if (iptablesProblem != null) {
            out.add("cannot tell which backend iptables uses: " + iptablesProblem);
        }
        for (Family f : bothBackendsHoldRules()) {
            out.add("IPv" + f.number() + " rules are present in BOTH the legacy and the nf_tables backend; the kernel "
                    + "applies both, but '" + f.command() + "' shows only the "
                    + (iptables == null ? "one it drives" : iptables.backend() == Backend.LEGACY ? "legacy one"
                    : "nf_tables one"));
        }
        for (ToolPresence t : tools) {
            if (t.active() && (t.name().equals("firewalld") || t.name().equals("ufw"))) {
                out.add(t.name() + " is active: it rewrites the firewall on reload and at boot, so rules persisted "
                        + "by Rampart may be overwritten or conflict with it");
            }
        }
        return out;
    }
}
