package dev.rampart.host.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The traces one firewall-related program leaves on a host: its binary, its systemd unit file, its
 * configuration directory, a running process of it ({@code /proc/PID/comm}), and its chains or nftables
 * tables in the live ruleset. Each is null or empty when not found.
 *
 * @param name      {@code firewalld}, {@code ufw}, {@code docker} or {@code fail2ban}
 * @param binary    the binary's path (as on the target system)
 * @param unit      the systemd unit file's path
 * @param configDir the configuration directory's path
 * @param process   the running process, {@code NAME (pid N)}
 * @param enabled   for ufw only: {@code ENABLED=yes} in {@code /etc/ufw/ufw.conf} (ufw has no daemon); false otherwise
 * @param chains    its chains in the live ruleset and its nftables tables ({@code nft:inet firewalld})
 */
public record ToolPresence(String name, String binary, String unit, String configDir, String process,
                           boolean enabled, List<String> chains) {

    public ToolPresence {
        Objects.requireNonNull(name, "name");
        chains = List.copyOf(chains);
    }

    /** Whether anything of the tool was found. */
    public boolean present() {
        return binary != null || unit != null || configDir != null || process != null || !chains.isEmpty();
    }

    /** Whether it is active now: a running process, ufw enabled, or its chains in the live ruleset. */
    public boolean active() {
        return process != null || enabled || !chains.isEmpty();
    }

    /** One line: {@code docker: active; binary /usr/bin/dockerd, process dockerd (pid 812), chains DOCKER, ...}. */
    public String describe() {
        if (!present()) {
            return name + ": not found";
        }
        List<String> parts = new ArrayList<>();
        if (binary != null) {
            parts.add("binary " + binary);
        }
        if (unit != null) {
            parts.add("unit " + unit);
        }
        if (configDir != null) {
            parts.add("config " + configDir);
        }
        if (process != null) {
            parts.add("process " + process);
        }
        if (enabled) {
            parts.add("ENABLED=yes");
        }
        if (!chains.isEmpty()) {
            List<String> shown = chains.size() > 6 ? chains.subList(0, 6) : chains;
            parts.add("chains " + String.join(", ", shown) + (chains.size() > 6 ? ", ... (" + chains.size() + ")" : ""));
        }
        return name + ": " + (active() ? "active" : "installed, not active") + "; " + String.join(", ", parts);
    }
}
