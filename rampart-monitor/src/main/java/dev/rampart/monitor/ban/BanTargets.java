package dev.rampart.monitor.ban;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;

/** Text forms of ban targets: {@code 203.0.113.5}, {@code 203.0.113.0/24}, {@code 2001:db8::/64}. */
public final class BanTargets {
    private BanTargets() {
    }

    /**
     * Parses an address or {@code address/length} (host bits must be zero... or are cleared: {@code
     * 2001:db8::1/64} means that address's /64). Throws IllegalArgumentException with the reason.
     */
    public static IpPrefix parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        IpAddress a = IpAddress.parse(slash < 0 ? t : t.substring(0, slash));
        int max = a.family() == Family.IPV4 ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                len = -1;
            }
            if (len < 0 || len > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
            }
        }
        IpAddress m = a.masked(len);
        return a.family() == Family.IPV4 ? IpPrefix.ipv4((int) m.lo(), len) : IpPrefix.ipv6(m.hi(), m.lo(), len);
    }

    /** The target as ipset writes it: the address alone for /32 and /128, else {@code address/length}. */
    public static String format(IpPrefix p) {
        int max = p.family() == Family.IPV4 ? 32 : 128;
        return p.length() == max ? p.addressText() : p.addressText() + "/" + p.length();
    }

    /** Whether {@code a} and {@code b} share at least one address (one contains the other). */
    public static boolean overlap(IpPrefix a, IpPrefix b) {
        if (a.family() != b.family()) {
            return false;
        }
        return a.length() <= b.length() ? a.contains(b.hi(), b.lo()) : b.contains(a.hi(), a.lo());
    }
}
