package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RA131: reverse path filtering is off for a network device. The kernel uses the larger of
 * {@code net.ipv4.conf.all.rp_filter} and the device's own value ({@code IN_DEV_MAXCONF}); a device
 * created later starts with {@code conf.default.rp_filter}. The loopback device is not judged. One finding
 * naming every device (and {@code default}) whose effective value is 0.
 */
public final class ReversePathFilterOff extends HostCheck {
    static final String ALL = Sysctls.ipv4("all", "rp_filter");

    public ReversePathFilterOff() {
        super("RA131", "Reverse path filtering off", Severity.MEDIUM,
                "With rp_filter 0 the kernel accepts a packet on any interface whatever its source address, so "
                        + "spoofed sources (a packet 'from' an internal network arriving on the Internet side) reach "
                        + "the firewall rules and the services behind them, and source-based rules can be bypassed. "
                        + "Strict mode (1) drops packets whose source would not be routed back out the same "
                        + "interface; loose mode (2) those whose source is not routable at all.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        Sysctls s = host.sysctls();
        if (s.integer(ALL).isEmpty() || !covers(context, dev.rampart.model.Family.IPV4)) {
            return;
        }
        List<String> off = new ArrayList<>();
        for (String dev : s.devices("ipv4")) {
            if (s.rpFilter(dev) == 0) {
                off.add(Sysctls.deviceName(dev));
            }
        }
        boolean futureOff = s.rpFilter("default") == 0;
        if (off.isEmpty() && !futureOff) {
            return;
        }
        String where = off.isEmpty() ? "for devices created from now on (conf.default.rp_filter is 0)"
                : "on " + String.join(", ", off) + (futureOff ? " and on devices created from now on" : "");
        Map<String, String> fix = new LinkedHashMap<>();
        fix.put(ALL, "1");
        fix.put(Sysctls.ipv4("default", "rp_filter"), "1");
        out.add(Finding.of(this, "reverse path filtering is off " + where + "; " + ALL + " = "
                        + s.integer(ALL, 0) + " and the kernel uses the larger of 'all' and the device's value: "
                        + "packets with spoofed source addresses are accepted")
                .location(ALL)
                .fix(sysctlFix(fix) + "\n# on a multi-homed host with asymmetric routes use 2 (loose) instead of 1")
                .build());
    }
}
