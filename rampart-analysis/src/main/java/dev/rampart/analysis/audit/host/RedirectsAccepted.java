package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RA134: a network device accepts ICMP redirects. IPv4: {@code accept_redirects} of {@code all} and the
 * device, both needed when the device forwards, either one enough when it does not
 * ({@code IN_DEV_RX_REDIRECTS}). IPv6: the device's own {@code accept_redirects}, ignored when the device
 * forwards ({@code rt6_do_redirect}). {@code default} stands for devices created later; loopback is not
 * judged. One finding per family.
 */
public final class RedirectsAccepted extends HostCheck {

    public RedirectsAccepted() {
        super("RA134", "ICMP redirects accepted", Severity.MEDIUM,
                "An ICMP redirect tells a host to send traffic for a destination through another gateway. Anyone "
                        + "on the local network can forge one and reroute the host's traffic through a machine they "
                        + "control (man in the middle) or into a black hole. Servers with a static route have no use "
                        + "for redirects; the firewall rarely filters them, so the kernel setting is the defence.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        Sysctls s = host.sysctls();
        if (s.integer(Sysctls.ipv4("all", "accept_redirects")).isPresent() && covers(context, dev.rampart.model.Family.IPV4)) {
            List<String> devs = new ArrayList<>();
            for (String d : s.devices("ipv4")) {
                if (s.acceptsRedirects(d)) {
                    devs.add(d);
                }
            }
            boolean future = s.acceptsRedirects("default");
            if (!devs.isEmpty() || future) {
                Map<String, String> fix = new LinkedHashMap<>();
                fix.put(Sysctls.ipv4("all", "accept_redirects"), "0");
                fix.put(Sysctls.ipv4("default", "accept_redirects"), "0");
                for (String d : devs) {
                    fix.put(Sysctls.ipv4(d, "accept_redirects"), "0");
                }
                out.add(Finding.of(this, "IPv4 ICMP redirects are accepted " + where(devs, future)
                                + ": a forged redirect from the local network can reroute this host's traffic")
                        .location(Sysctls.ipv4("all", "accept_redirects"))
                        .fix(sysctlFix(fix))
                        .build());
            }
        }
        if (s.integer(Sysctls.ipv6("all", "accept_redirects")).isPresent() && covers(context, dev.rampart.model.Family.IPV6)) {
            List<String> devs = new ArrayList<>();
            for (String d : s.devices("ipv6")) {
                if (s.acceptsRedirectsV6(d)) {
                    devs.add(d);
                }
            }
            boolean future = s.acceptsRedirectsV6("default");
            if (!devs.isEmpty() || future) {
                Map<String, String> fix = new LinkedHashMap<>();
                fix.put(Sysctls.ipv6("all", "accept_redirects"), "0");
                fix.put(Sysctls.ipv6("default", "accept_redirects"), "0");
                for (String d : devs) {
                    fix.put(Sysctls.ipv6(d, "accept_redirects"), "0");
                }
                out.add(Finding.of(this, "IPv6 ICMP redirects are accepted " + where(devs, future)
                                + ": a forged redirect from the local network can reroute this host's traffic")
                        .location(Sysctls.ipv6("all", "accept_redirects"))
                        .fix(sysctlFix(fix))
                        .build());
            }
        }
    }

    static String where(List<String> devices, boolean future) {
        List<String> names = devices.stream().map(Sysctls::deviceName).toList();
        if (names.isEmpty()) {
            return "on devices created from now on (conf.default)";
        }
        return "on " + String.join(", ", names) + (future ? " and on devices created from now on" : "");
    }
}
