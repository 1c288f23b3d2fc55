package dev.rampart.monitor.ban;

import dev.rampart.model.net.IpPrefix;
import java.util.List;

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
