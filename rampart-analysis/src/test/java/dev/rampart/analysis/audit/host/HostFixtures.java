package dev.rampart.analysis.audit.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Check;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.model.Family;
import dev.rampart.model.parse.RestoreParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Host facts and live rulesets for the host check tests. */
final class HostFixtures {
    private HostFixtures() {
    }

    /** A hardened-enough IPv4 ruleset (FORWARD DROP). */
    static final String V4 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    /** The kernel's defaults in a fresh network namespace with one device {@code eth0}, hardened. */
    static Map<String, String> hardened() {
        Map<String, String> m = new TreeMap<>();
        m.put("net.ipv4.tcp_syncookies", "1");
        m.put("net.ipv4.ip_forward", "0");
        for (String d : List.of("all", "default", "lo", "eth0")) {
            m.put("net.ipv4.conf." + d + ".rp_filter", "1");
            m.put("net.ipv4.conf." + d + ".accept_redirects", "0");
            m.put("net.ipv4.conf." + d + ".send_redirects", "0");
            m.put("net.ipv4.conf." + d + ".forwarding", "0");
            m.put("net.ipv6.conf." + d + ".accept_redirects", "0");
            m.put("net.ipv6.conf." + d + ".forwarding", "0");
        }
        return m;
    }

    /** {@link #hardened()} with {@code name=value} pairs changed. */
    static Map<String, String> with(String... pairs) {
        Map<String, String> m = hardened();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    static AuditedRuleset live(String text, Family family) {
        RestoreParser.Result r = new RestoreParser(family).parse(text, "<live " + family.command() + "-save>");
        assertThat(r.diagnostics().hasErrors()).isFalse();
        return new AuditedRuleset(r.ruleset(), "<live " + family.command() + "-save>");
    }

    static HostFacts facts(Map<String, String> sysctls) {
        return new HostFacts(new Sysctls(sysctls), "debian", List.of(), null, List.of(), Backend.NF_TABLES);
    }

    static HostFacts facts(Map<String, String> sysctls, List<PersistedFile> files, String liveIpsets) {
        return new HostFacts(new Sysctls(sysctls), "debian", files, liveIpsets, List.of(), Backend.NF_TABLES);
    }

    static List<Finding> run(Check check, HostFacts host, String... v4AndV6) {
        List<AuditedRuleset> rs = new ArrayList<>();
        if (v4AndV6.length > 0 && v4AndV6[0] != null) {
            rs.add(live(v4AndV6[0], Family.IPV4));
        }
        if (v4AndV6.length > 1 && v4AndV6[1] != null) {
            rs.add(live(v4AndV6[1], Family.IPV6));
        }
        return check.run(new AuditContext(rs, null, host));
    }
}
