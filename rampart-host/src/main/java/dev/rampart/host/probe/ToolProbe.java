package dev.rampart.host.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Finds firewalld, ufw, Docker and fail2ban on a host from files alone (under a {@link HostRoot}) and from
 * the chain names of the live ruleset: binaries in the usual {@code bin}/{@code sbin} directories, unit
 * files in the systemd unit directories, configuration directories, running processes by
 * {@code /proc/PID/comm}, and chains ({@code ufw-*}, {@code DOCKER*}, {@code f2b-*}, firewalld's zone
 * chains) or nftables tables ({@code inet firewalld}).
 */
public final class ToolProbe {
    /** Where binaries are looked for, in order. */
    static final List<String> BIN_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin",
            "/usr/local/bin");
    /** Where systemd unit files are looked for, in order. */
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/lib/systemd/system",
            "/lib/systemd/system");

    /** What identifies one tool. */
    private record Spec(String name, List<String> binaries, String unit, String configDir, List<String> processes,
                        Predicate<String> chain, List<String> nftTables) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("firewalld", List.of("firewalld", "firewall-cmd"), "firewalld.service", "/etc/firewalld",
                    List.of("firewalld"), ToolProbe::isFirewalldChain, List.of("inet firewalld", "ip firewalld",
                    "ip6 firewalld")),
            new Spec("ufw", List.of("ufw"), "ufw.service", "/etc/ufw", List.of(),
                    c -> c.startsWith("ufw-") || c.startsWith("ufw6-"), List.of()),
            new Spec("docker", List.of("dockerd", "docker"), "docker.service", "/etc/docker",
                    List.of("dockerd"), c -> c.startsWith("DOCKER"), List.of()),
            new Spec("fail2ban", List.of("fail2ban-server", "fail2ban-client"), "fail2ban.service", "/etc/fail2ban",
                    List.of("fail2ban-server"), c -> c.startsWith("f2b-") || c.startsWith("fail2ban-"), List.of()));

    private final HostRoot root;

    public ToolProbe(HostRoot root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * The four tools, in the order firewalld, ufw, docker, fail2ban.
     *
     * @param chains    chain names of the live ruleset (any family and backend; {@code table/chain} or bare)
     * @param nftTables the live nftables tables as {@code FAMILY NAME} (e.g. {@code inet firewalld})
     */
    public List<ToolPresence> probe(List<String> chains, List<String> nftTables) {
        Map<Integer, String> processes = processes();
        List<ToolPresence> out = new ArrayList<>();
        for (Spec s : SPECS) {
            String binary = null;
            for (String b : s.binaries()) {
                binary = binary != null ? binary : find(BIN_DIRS, b);
            }
            String unit = find(UNIT_DIRS, s.unit());
            String config = root.exists(s.configDir()) ? s.configDir() : null;
            String process = null;
            for (Map.Entry<Integer, String> e : processes.entrySet()) {
                if (s.processes().contains(e.getValue())) {
                    process = e.getValue() + " (pid " + e.getKey() + ")";
                    break;
                }
            }
            boolean enabled = s.name().equals("ufw") && ufwEnabled();
            List<String> found = new ArrayList<>();
            for (String c : chains) {
                String bare = c.contains("/") ? c.substring(c.indexOf('/') + 1) : c;
                if (s.chain().test(bare) && !found.contains(bare)) {
                    found.add(bare);
                }
            }
            for (String t : nftTables) {
                if (s.nftTables().contains(t)) {
                    found.add("nft:" + t);
                }
            }
            out.add(new ToolPresence(s.name(), binary, unit, config, process, enabled, found));
        }
        return out;
    }

    private String find(List<String> dirs, String file) {
        for (String d : dirs) {
            String p = d + "/" + file;
            if (root.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /** pid to {@code comm} of every process under {@code /proc}, by pid. */
    private Map<Integer, String> processes() {
        Map<Integer, String> out = new LinkedHashMap<>();
        List<Integer> pids = new ArrayList<>();
        for (String n : root.list("/proc")) {
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 10) {
                pids.add(Integer.parseInt(n));
            }
        }
        pids.sort(null);
        for (int pid : pids) {
            root.read("/proc/" + pid + "/comm").ifPresent(comm -> out.put(pid, comm.strip()));
        }
        return out;
    }

    private boolean ufwEnabled() {
        return root.read("/etc/ufw/ufw.conf")
                .map(t -> t.lines().map(String::strip)
                        .anyMatch(l -> l.replace("\"", "").replace("'", "").equalsIgnoreCase("ENABLED=yes")))
                .orElse(false);
    }

    /** firewalld's chains in the iptables backend (zones, direct rules). */
    static boolean isFirewalldChain(String chain) {
        return chain.endsWith("_direct") || chain.startsWith("INPUT_ZONES") || chain.startsWith("FORWARD_IN_ZONES")
                || chain.startsWith("FORWARD_OUT_ZONES") || chain.startsWith("FWDI_") || chain.startsWith("FWDO_")
                || chain.startsWith("IN_public") || chain.startsWith("OUTPUT_ZONES");
    }
}
