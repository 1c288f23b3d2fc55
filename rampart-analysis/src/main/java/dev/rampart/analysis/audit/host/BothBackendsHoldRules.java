package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Family;
import java.util.List;
import java.util.Optional;

/**
 * RA138: both the legacy (x_tables) and the nf_tables backend hold rules for a family (read with
 * {@code iptables-legacy-save} and {@code iptables-nft-save}, empty default tables not counted). The
 * location is the backend {@code iptables} does not drive, the one an administrator does not see.
 */
public final class BothBackendsHoldRules extends HostCheck {

    public BothBackendsHoldRules() {
        super("RA138", "Rules in both the legacy and the nf_tables backend", Severity.MEDIUM,
                "The kernel runs the legacy iptables tables and the nf_tables ones side by side, and a packet must "
                        + "pass both. 'iptables -L' and 'iptables-save' show only the backend the installed iptables "
                        + "drives, so half of the firewall is invisible: a packet the visible rules accept can be "
                        + "dropped by leftovers in the other backend (often written by an older Docker, a container "
                        + "image or a script calling iptables-legacy), and audits, diffs and backups miss them.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        for (Family f : Family.values()) {
            Optional<BackendRules> legacy = host.backend(Backend.LEGACY, f);
            Optional<BackendRules> nft = host.backend(Backend.NF_TABLES, f);
            if (!covers(context, f) || legacy.isEmpty() || nft.isEmpty() || !legacy.get().holdsRules()
                    || !nft.get().holdsRules()) {
                continue;
            }
            boolean drivesLegacy = host.activeBackend() == Backend.LEGACY;
            String cmd = f.command() + (drivesLegacy ? "-nft" : "-legacy");
            out.add(Finding.of(this, "IPv" + f.number() + " rules are in both backends: legacy ("
                            + legacy.get().tool() + ": " + legacy.get().describe() + ") and nf_tables ("
                            + nft.get().tool() + ": " + nft.get().describe() + "); the kernel applies both, but '"
                            + f.command() + "' shows only the " + (host.activeBackend() == null ? "one it drives"
                            : host.activeBackend().id() + " one"))
                    .location(cmd)
                    .fix("# look at the hidden rules:\n" + cmd + "-save\n"
                            + "# if they belong in the other backend, move them:\n" + cmd + "-save | " + f.command()
                            + (drivesLegacy ? "-legacy" : "-nft") + "-restore --noflush\n"
                            + "# then empty the hidden backend, table by table (filter shown):\n"
                            + cmd + " -t filter -F; " + cmd + " -t filter -X; " + cmd + " -t filter -P INPUT ACCEPT")
                    .build());
        }
    }
}
