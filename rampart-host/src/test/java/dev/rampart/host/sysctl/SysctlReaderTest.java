package dev.rampart.host.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** sysctl's output format and the parameters the pattern selects. */
class SysctlReaderTest {
    @Test
    void parsesNameValueLinesKeepingDeviceNamesAsSysctlPrintsThem() {
        Map<String, String> m = SysctlReader.parse("net.ipv4.tcp_syncookies = 1\nnet.ipv4.conf.eth0/100.rp_filter = 2\n"
                + "sysctl: permission denied on key 'net.ipv4.route.flush'\n\n");
        assertThat(m).containsExactly(Map.entry("net.ipv4.conf.eth0/100.rp_filter", "2"),
                Map.entry("net.ipv4.tcp_syncookies", "1"));
    }

    @Test
    void patternSelectsExactlyTheAuditedParameters() {
        Pattern p = Pattern.compile(SysctlReader.PATTERN);
        for (String yes : new String[] {"net.ipv4.tcp_syncookies", "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter",
                "net.ipv4.conf.eth0/100.accept_redirects", "net.ipv4.conf.default.send_redirects",
                "net.ipv4.conf.lo.forwarding", "net.ipv6.conf.all.forwarding", "net.ipv6.conf.eth0.accept_ra",
                "net.ipv6.conf.wg0.accept_redirects"}) {
            assertThat(p.matcher(yes).find()).as(yes).isTrue();
        }
        for (String no : new String[] {"net.ipv4.conf.all.arp_filter", "net.ipv6.conf.all.accept_ra_pinfo",
                "net.ipv4.ip_forward_use_pmtu", "kernel.hostname", "net.ipv4.tcp_syncookies_x"}) {
            assertThat(p.matcher(no).find()).as(no).isFalse();
        }
    }
}
