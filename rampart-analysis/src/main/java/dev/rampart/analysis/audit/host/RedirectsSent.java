package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RA135: IPv4 forwarding is on and a forwarding device sends ICMP redirects ({@code send_redirects} of
 * {@code all} or the device, {@code IN_DEV_TX_REDIRECTS}). A host that does not forward never sends
 * redirects, so then there is no finding. Loopback is not judged.
 */
public final class RedirectsSent extends HostCheck {

    public RedirectsSent() {
        super("RA135", "ICMP redirects sent by a forwarding host", Severity.LOW,
                "A router sends a redirect when it forwards a packet back out the interface it came in on. Only a "
                        + "router on a shared segment with several gateways needs that; on a firewall or VPN gateway the "
                        + "redirects tell hosts about the internal topology and invite them to bypass the firewall by "
                        + "talking to the other gateway directly.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        Sysctls s = host.sysctls();
        if (s.integer("net.ipv4.ip_forward", 0) == 0 || !covers(context, dev.rampart.model.Family.IPV4)) {
            return;
        }
        List<String> devs = new ArrayList<>();
        for (String d : s.devices("ipv4")) {
            if (s.forwards(d) && s.sendsRedirects(d)) {
                devs.add(d);
            }
        }
        if (devs.isEmpty()) {
            return;
        }
        Map<String, String> fix = new LinkedHashMap<>();
        fix.put(Sysctls.ipv4("all", "send_redirects"), "0");
        fix.put(Sysctls.ipv4("default", "send_redirects"), "0");
        for (String d : devs) {
            fix.put(Sysctls.ipv4(d, "send_redirects"), "0");
        }
        out.add(Finding.of(this, "net.ipv4.ip_forward = 1 and ICMP redirects are sent on "
                        + String.join(", ", devs.stream().map(Sysctls::deviceName).toList())
                        + " (send_redirects of 'all' or the device is 1)")
                .location(Sysctls.ipv4("all", "send_redirects"))
                .fix(sysctlFix(fix))
                .build());
    }
}
