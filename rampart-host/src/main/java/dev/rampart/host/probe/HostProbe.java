package dev.rampart.host.probe;

import dev.rampart.host.BackendInfo;
import dev.rampart.host.BackendInfo.Backend;
import dev.rampart.host.HostException;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Detects how a host's firewall is set up (see {@link HostReport}). Files are read under a
 * {@link HostRoot}; commands ({@code iptables --version}, the legacy and nft save tools, {@code ipset
 * --version}, {@code nft --version}, {@code nft list tables}) are run through a {@link ProcessRunner}, so a
 * test points both at its own fixture tree and network namespace. Nothing is changed on the host.
 */
public final class HostProbe {
    private final ProcessRunner runner;
    private final HostRoot root;

    public HostProbe(ProcessRunner runner, HostRoot root) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Everything, read now. */
    public HostReport probe() {
        OsRelease os = osRelease();
        BackendInfo iptables = null;
        String problem = null;
        try {
            iptables = BackendInfo.detect(runner, Family.IPV4);
        } catch (HostException e) {
            problem = e.getMessage();
        }
        List<BackendContent> backends = new ArrayList<>();
        for (Family f : Family.values()) {
            for (Backend b : Backend.values()) {
                backends.add(BackendContent.read(runner, b, f));
            }
        }
        ToolVersion ipset = ToolVersion.detect(runner, "ipset");
        ToolVersion nft = ToolVersion.detect(runner, "nft");
        List<String> tables = nft.available() ? nftTables() : List.of();
        List<String> chains = new ArrayList<>();
        for (BackendContent b : backends) {
            chains.addAll(b.userChains());
        }
        List<ToolPresence> tools = new ToolProbe(root).probe(chains, tables);
        return new HostReport(os, PersistenceLayout.choose(os), iptables, problem, backends, ipset, nft, tables, tools);
    }

    /** {@code /etc/os-release} (falling back to {@code /usr/lib/os-release}, as os-release(5) says). */
    public OsRelease osRelease() {
        return root.read("/etc/os-release").or(() -> root.read("/usr/lib/os-release"))
                .map(OsRelease::parse).orElse(OsRelease.UNKNOWN);
    }

    /** The persistence layout of this host's distribution. */
    public LayoutChoice layout() {
        return PersistenceLayout.choose(osRelease());
    }

    /** {@code nft list tables} as {@code FAMILY NAME}; empty when it fails (e.g. not root). */
    private List<String> nftTables() {
        ProcessResult r;
        try {
            r = runner.run("nft", "list", "tables");
        } catch (HostException e) {
            return List.of();
        }
        if (!r.succeeded()) {
            return List.of();
        }
        return parseNftTables(r.stdout());
    }

    /** Parses {@code nft list tables} output ({@code table inet firewalld} lines). */
    static List<String> parseNftTables(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 3 && w[0].equals("table")) {
                out.add(w[1] + " " + w[2]);
            }
        }
        return out;
    }
}
