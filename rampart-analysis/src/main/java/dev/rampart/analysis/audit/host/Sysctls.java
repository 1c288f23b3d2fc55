package dev.rampart.analysis.audit.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Kernel parameters of one network namespace, by dotted name as {@code sysctl} prints them
 * ({@code net.ipv4.conf.eth0.rp_filter}; an interface name's dots appear as {@code /}), with the rules by
 * which the kernel combines {@code all} and a device's own value (include/linux/inetdevice.h):
 * <ul>
 *   <li>{@code rp_filter}: {@code IN_DEV_MAXCONF} — the larger of {@code all} and the device's;</li>
 *   <li>{@code accept_redirects}: {@code IN_DEV_RX_REDIRECTS} — both when the device forwards, either
 *       when it does not;</li>
 *   <li>{@code send_redirects}: {@code IN_DEV_TX_REDIRECTS} — either.</li>
 * </ul>
 * IPv6 parameters are per device only ({@code in6_dev->cnf}).
 *
 * @param values name to value
 */
public record Sysctls(Map<String, String> values) {

    public Sysctls {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The value of {@code name} as an integer, empty when absent or not a number. */
    public OptionalInt integer(String name) {
        String v = values.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The value of {@code name}, or {@code absent} when it was not read. */
    public int integer(String name, int absent) {
        return integer(name).orElse(absent);
    }

    /**
     * The devices with {@code net.PROTO.conf.DEV.*} entries, without {@code all}, {@code default} and the
     * loopback device {@code lo}, as sysctl names them (dots in device names shown as {@code /}), sorted.
     *
     * @param proto {@code ipv4} or {@code ipv6}
     */
    public List<String> devices(String proto) {
        String prefix = "net." + proto + ".conf.";
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!k.startsWith(prefix)) {
                continue;
            }
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            String dev = rest.substring(0, dot);
            if (!dev.equals("all") && !dev.equals("default") && !dev.equals("lo") && !out.contains(dev)) {
                out.add(dev);
            }
        }
        Collections.sort(out);
        return out;
    }

    /** {@code net.ipv4.conf.DEV.PARAM}. */
    public static String ipv4(String device, String param) {
        return "net.ipv4.conf." + device + "." + param;
    }

    /** {@code net.ipv6.conf.DEV.PARAM}. */
    public static String ipv6(String device, String param) {
        return "net.ipv6.conf." + device + "." + param;
    }

    /** Effective {@code rp_filter} of an IPv4 device: max(all, device). */
    public int rpFilter(String device) {
        return Math.max(integer(ipv4("all", "rp_filter"), 0), integer(ipv4(device, "rp_filter"), 0));
    }

    /** Whether an IPv4 device forwards ({@code conf.DEV.forwarding}). */
    public boolean forwards(String device) {
        return integer(ipv4(device, "forwarding"), 0) != 0;
    }

    /** Whether an IPv4 device accepts ICMP redirects: AND(all, device) when it forwards, OR otherwise. */
    public boolean acceptsRedirects(String device) {
        boolean all = integer(ipv4("all", "accept_redirects"), 0) != 0;
        boolean dev = integer(ipv4(device, "accept_redirects"), 0) != 0;
        return forwards(device) ? all && dev : all || dev;
    }

    /** Whether an IPv4 device sends ICMP redirects (when it forwards): OR(all, device). */
    public boolean sendsRedirects(String device) {
        return integer(ipv4("all", "send_redirects"), 0) != 0 || integer(ipv4(device, "send_redirects"), 0) != 0;
    }

    /**
     * Whether an IPv6 device accepts redirects: its own {@code accept_redirects} on and its
     * {@code forwarding} off (net/ipv6/route.c, {@code rt6_do_redirect}).
     */
    public boolean acceptsRedirectsV6(String device) {
        return integer(ipv6(device, "accept_redirects"), 0) != 0 && integer(ipv6(device, "forwarding"), 0) == 0;
    }

    /** The device name as the kernel knows it ({@code eth0/100} printed by sysctl is {@code eth0.100}). */
    public static String deviceName(String sysctlName) {
        return sysctlName.replace('/', '.');
    }
}
