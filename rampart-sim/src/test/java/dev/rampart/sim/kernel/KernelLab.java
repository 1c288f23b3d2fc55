package dev.rampart.sim.kernel;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.sim.packet.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway kernel firewall to compare the simulator with: a "firewall" network namespace whose
 * netfilter rules are under test, a "peer" namespace joined to it by a veth pair, and optionally a
 * "backend" namespace behind a second veth pair (for DNAT port forwarding, with forwarding on).
 *
 * <pre>
 *   peer  lab0 198.18.0.2/24 2001:db8:18::2/64  ==veth==  fw  FWIF0 198.18.0.1/24 2001:db8:18::1/64
 *   back  lab1 198.18.1.2/24 2001:db8:18:1::2/64 ==veth== fw  FWIF1 198.18.1.1/24 2001:db8:18:1::1/64
 * </pre>
 * The firewall-side interfaces get the names the ruleset under test uses ({@code eth0}, {@code eth1} by
 * default), so rules with {@code -i eth0} apply unchanged and the simulator sees the same names. MAC
 * addresses are fixed ({@link #FW_MAC}, {@link #PEER_MAC}, ...) so frames can be built without ARP/ND.
 *
 * <p>{@code 198.18.2.0/24} and {@code 2001:db8:18:2::/64} are local to the firewall as whole ranges (routes
 * of type local on its loopback), so generated packets can be addressed to any of them.
 *
 * <p>The firewall namespace has no default route, reverse-path filtering is off, and it has a
 * permanent neighbour {@link #SINK_V4}/{@link #SINK_V6} that accepts nothing: packets spoofed from the
 * documentation ranges reach INPUT, and the firewall cannot answer them (no route back), so an
 * INPUT-path packet moves only the counters on its own path. IPv6 link-local addresses are not generated
 * (no router solicitations or MLD reports while packets are checked).
 *
 * <p>All namespaces are deleted by {@link #close()}, also when setting up fails half-way; {@link Netns}
 * adds a JVM shutdown hook for runs that are killed.
 */
public final class KernelLab implements AutoCloseable {
    /** Prefix of every namespace this harness makes. */
    public static final String NAMESPACE_PREFIX = "rampart-c-";
    public static final String FW_ADDRESS_V4 = "198.18.0.1";
    public static final String PEER_ADDRESS_V4 = "198.18.0.2";
    public static final String FW_ADDRESS_V6 = "2001:db8:18::1";
    public static final String PEER_ADDRESS_V6 = "2001:db8:18::2";
    public static final String FW_BACKEND_ADDRESS_V4 = "198.18.1.1";
    public static final String BACKEND_ADDRESS_V4 = "198.18.1.2";
    /** An on-link address of the firewall's first link that no host owns (a static neighbour). */
    public static final String SINK_V4 = "198.18.0.77";
    public static final String SINK_V6 = "2001:db8:18::77";
    static final String FW_MAC = "02:00:00:18:00:01";
    static final String PEER_MAC = "02:00:00:18:00:02";
    static final String FW_BACKEND_MAC = "02:00:00:18:01:01";
    static final String BACKEND_MAC = "02:00:00:18:01:02";
    static final String SINK_MAC = "02:00:00:18:00:77";
    /** Name of the interface in the peer and backend namespaces. */
    static final String PEER_IF = "lab0";
    static final String BACKEND_IF = "lab1";
    /** Timeout of every command the lab runs: short, so a hung tool fails the test instead of the build. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** How a lab is laid out. */
    public record Options(String fwInterface, boolean backend, String fwBackendInterface) {
        public static Options standard() {
            return new Options("eth0", false, "eth1");
        }

        public Options withFwInterface(String name) {
            return new Options(name, backend, fwBackendInterface);
        }

        public Options withBackend() {
            return new Options(fwInterface, true, fwBackendInterface);
        }
    }

    private final ProcessRunner host = new ProcessRunner().withTimeout(COMMAND_TIMEOUT);
    private final List<Netns> namespaces = new ArrayList<>();
    private final Options options;
    private Netns fw;
    private Netns peer;
    private Netns backend;
    private PacketSender sender;

    private KernelLab(Options options) {
        this.options = options;
    }

    /** A lab with the standard layout (firewall interface {@code eth0}, no backend). */
    public static KernelLab start() {
        return start(Options.standard());
    }

    /** Builds the namespaces and links; on any failure deletes what it made and rethrows. */
    public static KernelLab start(Options options) {
        KernelLab lab = new KernelLab(options);
        try {
            lab.setUp();
            return lab;
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    private void setUp() {
        fw = newNamespace();
        peer = newNamespace();
        link(fw, options.fwInterface(), FW_MAC, peer, PEER_IF, PEER_MAC);
        address(fw, options.fwInterface(), FW_ADDRESS_V4 + "/24", FW_ADDRESS_V6 + "/64");
        address(peer, PEER_IF, PEER_ADDRESS_V4 + "/24", PEER_ADDRESS_V6 + "/64");
        sysctl(fw, "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                "net/ipv4/conf/" + options.fwInterface() + "/rp_filter=0");
        sysctl(peer, "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                "net/ipv4/conf/" + PEER_IF + "/rp_filter=0");
        // whole local ranges, so generated packets can aim at many destination addresses
        fw.check("ip", "route", "add", "local", GeneratedRulesets.LOCAL_V4, "dev", "lo");
        fw.check("ip", "-6", "route", "add", "local", GeneratedRulesets.LOCAL_V6, "dev", "lo");
        // the firewall must not answer spoofed sources (a reset, an echo reply, an ICMP error would cross
        // OUTPUT while counters are read): routes to the documentation ranges are "prohibit", so a local
        // reply fails its route lookup before any hook
        for (String range : List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")) {
            fw.check("ip", "route", "add", "prohibit", range);
        }
        fw.check("ip", "-6", "route", "add", "prohibit", "2001:db8::/32");
        fw.check("ip", "neigh", "replace", SINK_V4, "lladdr", SINK_MAC, "nud", "permanent", "dev", options.fwInterface());
        fw.check("ip", "-6", "neigh", "replace", SINK_V6, "lladdr", SINK_MAC, "nud", "permanent", "dev",
                options.fwInterface());
        peer.check("ip", "neigh", "replace", FW_ADDRESS_V4, "lladdr", FW_MAC, "nud", "permanent", "dev", PEER_IF);
        peer.check("ip", "-6", "neigh", "replace", FW_ADDRESS_V6, "lladdr", FW_MAC, "nud", "permanent", "dev", PEER_IF);
        if (options.backend()) {
            backend = newNamespace();
            link(fw, options.fwBackendInterface(), FW_BACKEND_MAC, backend, BACKEND_IF, BACKEND_MAC);
            address(fw, options.fwBackendInterface(), FW_BACKEND_ADDRESS_V4 + "/24", "2001:db8:18:1::1/64");
            address(backend, BACKEND_IF, BACKEND_ADDRESS_V4 + "/24", "2001:db8:18:1::2/64");
            sysctl(fw, "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                    "net/ipv4/conf/" + options.fwBackendInterface() + "/rp_filter=0");
            // only the lab's own range is routed back: the backend cannot answer spoofed documentation sources
            backend.check("ip", "route", "add", "198.18.0.0/24", "via", FW_BACKEND_ADDRESS_V4);
            peer.check("ip", "route", "add", "198.18.1.0/24", "via", FW_ADDRESS_V4);
            fw.check("ip", "neigh", "replace", BACKEND_ADDRESS_V4, "lladdr", BACKEND_MAC, "nud", "permanent", "dev",
                    options.fwBackendInterface());
            backend.check("ip", "neigh", "replace", FW_BACKEND_ADDRESS_V4, "lladdr", FW_BACKEND_MAC, "nud",
                    "permanent", "dev", BACKEND_IF);
            fw.check("ip", "-6", "neigh", "replace", "2001:db8:18:1::2", "lladdr", BACKEND_MAC, "nud", "permanent",
                    "dev", options.fwBackendInterface());
            // the backend stays silent: a reply to a forwarded packet would be a second packet through the
            // firewall (and an ICMP error from it, since it has no route back to documentation sources),
            // moving counters the packet under test did not move
            backend.check("iptables", "-P", "INPUT", "DROP");
            backend.check("ip6tables", "-P", "INPUT", "DROP");
        }
        fw.check("ip", "neigh", "replace", PEER_ADDRESS_V4, "lladdr", PEER_MAC, "nud", "permanent", "dev",
                options.fwInterface());
        // a permanent IPv6 neighbour too: otherwise the firewall's neighbour solicitations for the peer move
        // OUTPUT counters in the middle of a check
        fw.check("ip", "-6", "neigh", "replace", PEER_ADDRESS_V6, "lladdr", PEER_MAC, "nud", "permanent", "dev",
                options.fwInterface());
        sender = new PacketSender(this);
    }

    private Netns newNamespace() {
        Netns ns = Netns.create(host, NAMESPACE_PREFIX);
        namespaces.add(ns);
        return ns;
    }

    private static void link(Netns a, String aIf, String aMac, Netns b, String bIf, String bMac) {
        a.check("ip", "link", "add", aIf, "address", aMac, "type", "veth", "peer", "name", bIf, "address", bMac,
                "netns", b.name());
        up(a, aIf);
        up(b, bIf);
    }

    private static void up(Netns ns, String ifName) {
        // no link-local address: no router solicitation, DAD or MLD traffic from the interface itself
        ns.check("ip", "link", "set", "dev", ifName, "addrgenmode", "none");
        ns.check("ip", "link", "set", "dev", ifName, "up");
    }

    private static void address(Netns ns, String ifName, String v4, String v6) {
        ns.check("ip", "addr", "add", v4, "dev", ifName);
        ns.check("ip", "-6", "addr", "add", v6, "dev", ifName, "nodad");
    }

    /** Sets sysctls; keys naming an interface use '/' separators, since names like eth0.11 contain dots. */
    private static void sysctl(Netns ns, String... settings) {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(settings));
        ns.runner().check(cmd, null);
    }

    /** The namespace whose firewall is under test. */
    public Netns firewall() {
        return fw;
    }

    /** The namespace on the far side of the firewall's first interface. */
    public Netns peer() {
        return peer;
    }

    /** The backend namespace, when the lab has one. */
    public Optional<Netns> backend() {
        return Optional.ofNullable(backend);
    }

    public Options options() {
        return options;
    }

    /**
     * Replaces the firewall's {@code family} ruleset with {@code restoreText} using the real
     * {@code iptables-restore} / {@code ip6tables-restore}; every table the text names is flushed first,
     * as iptables-restore does without {@code --noflush}. Throws with the tool's stderr when it refuses.
     */
    public void loadRules(Family family, String restoreText) {
        fw.runner().check(List.of(family.command() + "-restore"), restoreText);
    }

    /**
     * Empties the firewall: removes every netfilter table of every family ({@code nft flush ruleset},
     * which also drops what iptables-nft made), destroys all ipsets and flushes conntrack, so the next
     * case starts from nothing and no table left by an earlier case moves counters.
     */
    public void reset() {
        fw.check("nft", "flush", "ruleset");
        fw.check("ipset", "destroy");
        flushConntrack();
    }

    /** Loads ipsets with {@code ipset restore} (the {@code ipset save} format) into the firewall. */
    public void loadIpSets(String ipsetSave) {
        fw.runner().check(List.of("ipset", "restore"), ipsetSave);
    }

    /** The firewall's counters of {@code family} now ({@code iptables-save -c}). */
    public CounterSnapshot counters(Family family) {
        String out = fw.runner().check(List.of(family.command() + "-save", "-c"), null).stdout();
        return CounterSnapshot.parse(out, family);
    }

    /**
     * Forgets every connection the firewall tracks ({@code conntrack -F} for both families). A namespace
     * that never used conntrack has nothing to flush, which is not an error.
     */
    public void flushConntrack() {
        for (String family : List.of("ipv4", "ipv6")) {
            ProcessResult r = fw.exec("conntrack", "-F", "-f", family);
            if (!r.succeeded() && !r.stderr().contains("0 flow entries")) {
                r.requireSuccess();
            }
        }
    }

    /** Puts {@code packet} on the wire (or, with only {@code out}, sends it from the firewall itself). */
    public void send(Packet packet) {
        sender.send(packet);
    }

    /** The sender used by {@link #send}. */
    public PacketSender sender() {
        return sender;
    }

    /** Deletes every namespace (and so every interface, rule and set) the lab made; idempotent. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                namespaces.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        namespaces.clear();
        if (first != null) {
            throw first;
        }
    }
}
