package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RA139: a network device accepts IPv6 router advertisements and the live IPv6 ruleset lets them in. The
 * kernel accepts RAs on a device when its {@code accept_ra} is 1 and it does not forward, or
 * {@code accept_ra} is 2 ({@code ipv6_accept_ra} in net/ipv6/ndisc.c); {@code default} stands for devices
 * created later; loopback is not judged. Router advertisements pass the INPUT hook, so an IPv6 ruleset
 * that drops them (ICMPv6 type 134) protects the host: each device's RA — {@code fe80::1} to
 * {@code ff02::1}, hop limit 255 — is run through the simulator with the live IPv6 ruleset, and only
 * devices where it is accepted are reported. Without an IPv6 ruleset ({@code --family 4}) nothing is judged.
 */
public final class RouterAdvertisementsAccepted extends HostCheck {

    public RouterAdvertisementsAccepted() {
        super("RA139", "IPv6 router advertisements accepted", Severity.LOW,
                "A host that accepts router advertisements takes its IPv6 default route, prefixes and addresses "
                        + "from whoever sends them on the link. A rogue advertisement (from an attacker, a "
                        + "misconfigured VM or a phone sharing its connection) makes the host send its IPv6 traffic "
                        + "through that machine, often unnoticed because IPv4 keeps working. Servers with static "
                        + "IPv6 configuration need none.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        Sysctls s = host.sysctls();
        Optional<AuditedRuleset> v6 = context.ruleset(Family.IPV6);
        if (s.integer(Sysctls.ipv6("all", "accept_ra")).isEmpty() || v6.isEmpty()) {
            return;
        }
        Simulator sim = Simulator.builder(v6.get().ruleset()).stateless(true).steps(false).build();
        List<String> devices = new ArrayList<>();
        for (String d : s.devices("ipv6")) {
            if (accepts(s, d) && passesFirewall(sim, Sysctls.deviceName(d))) {
                devices.add(d);
            }
        }
        boolean future = accepts(s, "default") && passesFirewall(sim, "eth0");
        if (devices.isEmpty() && !future) {
            return;
        }
        Map<String, String> fix = new LinkedHashMap<>();
        fix.put(Sysctls.ipv6("default", "accept_ra"), "0");
        for (String d : devices) {
            fix.put(Sysctls.ipv6(d, "accept_ra"), "0");
        }
        out.add(Finding.of(this, "IPv6 router advertisements are accepted " + RedirectsAccepted.where(devices, future)
                        + " and the IPv6 ruleset lets them in (ICMPv6 type 134)"
                        + ": a rogue router on the link can become this host's IPv6 gateway")
                .location(Sysctls.ipv6("all", "accept_ra"))
                .fix("# only when IPv6 addresses and routes are configured statically:\n" + sysctlFix(fix)
                        + "\n# or drop them in the firewall: ip6tables -I INPUT -p ipv6-icmp -m icmp6 "
                        + "--icmpv6-type router-advertisement -j DROP")
                .build());
    }

    /** {@code ipv6_accept_ra}: forwarding ? accept_ra > 1 : accept_ra > 0. */
    static boolean accepts(Sysctls s, String device) {
        int ra = s.integer(Sysctls.ipv6(device, "accept_ra"), 0);
        boolean fwd = s.integer(Sysctls.ipv6(device, "forwarding"), 0) != 0;
        return fwd ? ra > 1 : ra > 0;
    }

    /** Whether a router advertisement arriving on {@code device} is accepted by the ruleset. */
    private static boolean passesFirewall(Simulator sim, String device) {
        Packet ra = Packet.builder(IpAddress.parse("fe80::1"), IpAddress.parse("ff02::1"), 58)
                .in(device).icmpType(134).icmpCode(0).ttl(255).build();
        TraceResult r = sim.process(ra);
        return r.verdict() == Verdict.ACCEPT;
    }
}
