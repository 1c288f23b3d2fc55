package dev.rampart.monitor.ban;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Networks that can never be banned: the configured ones (the admins' addresses, management networks),
 * the host's own addresses and loopback. A ban target is refused when it shares any address with an
 * entry — so neither {@code 198.51.100.7} inside an allowed {@code 198.51.100.0/24} nor the /64 that
 * holds an allowed IPv6 address can be banned.
 */
public record Allowlist(List<IpPrefix> networks) {

    /** Loopback, always allowed. */
    public static final List<IpPrefix> LOOPBACK = List.of(BanTargets.parse("127.0.0.0/8"), BanTargets.parse("::1"));

    public Allowlist {
        networks = List.copyOf(networks);
    }

    /**
     * This host's allowlist: {@code networks}, loopback and, when {@code localAddresses}, the host's own
     * addresses ({@link #localAddresses}). The daemon and {@code rampart bans add} both start from it.
     */
    public static Allowlist forHost(List<IpPrefix> networks, boolean localAddresses, ProcessRunner runner) {
        List<IpPrefix> allowed = new ArrayList<>(networks);
        allowed.addAll(LOOPBACK);
        if (localAddresses) {
            allowed.addAll(localAddresses(runner));
        }
        return new Allowlist(allowed);
    }

    /** The host's own addresses ({@code ip -o addr show} through {@code runner}), each as a host prefix. */
    public static List<IpPrefix> localAddresses(ProcessRunner runner) {
        List<IpPrefix> out = new ArrayList<>();
        try {
            for (String line : runner.output("ip", "-o", "addr", "show").split("\n")) {
                String[] w = line.trim().split("\\s+");
                for (int i = 0; i + 1 < w.length; i++) {
                    if (w[i].equals("inet") || w[i].equals("inet6")) {
                        String a = w[i + 1];
                        int slash = a.indexOf('/');
                        out.add(IpAddress.parse(slash < 0 ? a : a.substring(0, slash)).asPrefix());
                    }
                }
            }
        } catch (HostException | IllegalArgumentException e) {
            // no iproute2: only the configured networks and loopback are allowed
        }
        return out;
    }

    /** The client address of an SSH session ({@code $SSH_CONNECTION}'s first word), if there is one. */
    public static Optional<IpPrefix> sshClient(String sshConnection) {
        if (sshConnection == null || sshConnection.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(sshConnection.trim().split("\\s+")[0]).asPrefix());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The allowed network {@code target} overlaps, or null when it may be banned. */
    public IpPrefix blocking(IpPrefix target) {
        for (IpPrefix n : networks) {
            if (BanTargets.overlap(n, target)) {
                return n;
            }
        }
        return null;
    }

    /** A copy with {@code more} networks. */
    public Allowlist with(List<IpPrefix> more) {
        java.util.ArrayList<IpPrefix> all = new java.util.ArrayList<>(networks);
        all.addAll(more);
        return new Allowlist(all);
    }
}
