package dev.rampart.sim.match;

/**
 * An interface name as {@code -i}, {@code -o} and {@code --physdev-in/out} take it: an exact name, or a
 * prefix when written with a trailing {@code +}. Immutable.
 *
 * <p>Design: the kernel compares the device name against the rule's name under a byte mask
 * ({@code ifname_compare_aligned}); iptables sets the mask over the name and its terminating NUL for an
 * exact name and over the bytes before {@code +} for a wildcard. A missing device compares as the empty
 * name ({@code nulldevname}), so {@code -o eth0} never matches a packet that has no output device yet and
 * {@code -i +} matches every packet, with or without a device.
 */
final class InterfaceName {
    private final String name;
    private final boolean prefix;

    private InterfaceName(String name, boolean prefix) {
        this.name = name;
        this.prefix = prefix;
    }

    /** The name as written in a rule ({@code eth0}, {@code veth+}). */
    static InterfaceName of(String written) {
        if (written.endsWith("+")) {
            return new InterfaceName(written.substring(0, written.length() - 1), true);
        }
        return new InterfaceName(written, false);
    }

    /** Whether device {@code dev} (null: no device, compared as "") has this name. */
    boolean matches(String dev) {
        String d = dev == null ? "" : dev;
        return prefix ? d.startsWith(name) : d.equals(name);
    }
}
