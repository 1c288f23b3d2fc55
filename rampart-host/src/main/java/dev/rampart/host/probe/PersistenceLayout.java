package dev.rampart.host.probe;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a distribution's boot-time firewall service reads the saved rules from, and the file mode its
 * own save writes them with:
 * <ul>
 *   <li>{@link #DEBIAN} (Debian, Ubuntu and derivatives; packages {@code iptables-persistent} and
 *       {@code ipset-persistent}, service {@code netfilter-persistent}): {@code /etc/iptables/rules.v4},
 *       {@code /etc/iptables/rules.v6}, {@code /etc/iptables/ipsets}; its save plugins make them 0640.</li>
 *   <li>{@link #RHEL} (RHEL, CentOS, Rocky, Alma, Fedora; package {@code iptables-services} and
 *       {@code ipset-service}): {@code /etc/sysconfig/iptables}, {@code /etc/sysconfig/ip6tables},
 *       {@code /etc/sysconfig/ipset}; {@code iptables.init save} makes them 0600.</li>
 *   <li>{@link #ARCH} (Arch Linux; {@code iptables.service}, {@code ip6tables.service},
 *       {@code ipset.service}): {@code /etc/iptables/iptables.rules}, {@code /etc/iptables/ip6tables.rules},
 *       {@code /etc/ipset.conf}; the package ships them 0644.</li>
 * </ul>
 * Paths are absolute on the target system; {@link HostRoot} maps them under another root.
 */
public enum PersistenceLayout {
    DEBIAN("/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/iptables/ipsets", 0640,
            "iptables-persistent / ipset-persistent (netfilter-persistent.service)"),
    RHEL("/etc/sysconfig/iptables", "/etc/sysconfig/ip6tables", "/etc/sysconfig/ipset", 0600,
            "iptables-services / ipset-service (iptables.service, ip6tables.service, ipset.service)"),
    ARCH("/etc/iptables/iptables.rules", "/etc/iptables/ip6tables.rules", "/etc/ipset.conf", 0644,
            "iptables.service, ip6tables.service, ipset.service");

    private final String rulesV4;
    private final String rulesV6;
    private final String ipsets;
    private final int mode;
    private final String service;

    PersistenceLayout(String rulesV4, String rulesV6, String ipsets, int mode, String service) {
        this.rulesV4 = rulesV4;
        this.rulesV6 = rulesV6;
        this.ipsets = ipsets;
        this.mode = mode;
        this.service = service;
    }

    /** The IPv4 rules file ({@code iptables-restore} input). */
    public String rulesV4() {
        return rulesV4;
    }

    /** The IPv6 rules file ({@code ip6tables-restore} input). */
    public String rulesV6() {
        return rulesV6;
    }

    /** The ipset file ({@code ipset restore} input). */
    public String ipsets() {
        return ipsets;
    }

    /** The permission bits the distribution's own save gives the files (octal, e.g. 0640). */
    public int mode() {
        return mode;
    }

    /** The packages and services that load the files at boot. */
    public String service() {
        return service;
    }

    /** The lower-case name used on the command line and in JSON ({@code debian}, {@code rhel}, {@code arch}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout named {@code id} ({@code debian}, {@code rhel}, {@code arch}, case-insensitive). */
    public static Optional<PersistenceLayout> byId(String id) {
        for (PersistenceLayout l : values()) {
            if (l.id().equalsIgnoreCase(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The layout of the distribution {@code os} describes, by {@code ID} and then {@code ID_LIKE}: Debian
     * and Ubuntu families, RHEL / Fedora / CentOS families, Arch. Anything else (or no os-release) gets
     * {@link #DEBIAN} with a warning saying the layout was guessed.
     */
    public static LayoutChoice choose(OsRelease os) {
        if (os.is("debian") || os.is("ubuntu")) {
            return new LayoutChoice(DEBIAN, "os-release names " + os.describe() + " (Debian family)", null);
        }
        if (os.is("rhel") || os.is("fedora") || os.is("centos")) {
            return new LayoutChoice(RHEL, "os-release names " + os.describe() + " (RHEL/Fedora family)", null);
        }
        if (os.is("arch")) {
            return new LayoutChoice(ARCH, "os-release names " + os.describe() + " (Arch family)", null);
        }
        String what = os.id().isEmpty() ? "no usable /etc/os-release" : "distribution '" + os.describe() + "'";
        return new LayoutChoice(DEBIAN, os.id().isEmpty() ? what + ", Debian layout assumed"
                : what + " is not one Rampart knows, Debian layout assumed",
                what + ": persistence layout unknown, assuming the Debian layout (/etc/iptables/rules.v4); "
                        + "choose another with --layout debian|rhel|arch");
    }
}
