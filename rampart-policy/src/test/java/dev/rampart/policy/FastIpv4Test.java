package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpPrefix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The list-file fast path reads exactly what the general parser reads, and declines everything else. */
class FastIpv4Test {
    @Test
    void agreesWithTheGeneralParserOnRandomAddressesAndNetworks() {
        Random rnd = new Random(3);
        for (int i = 0; i < 20000; i++) {
            long a = rnd.nextInt() & 0xFFFFFFFFL;
            int len = rnd.nextInt(34);
            String text = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255)
                    + (len == 33 ? "" : "/" + len);
            IpPrefix general = PolicyValues.parseCidr(text);
            IpPrefix fast = PolicyValues.fastIpv4(text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(general);
            } else if (general != null) {
                // declined: host bits set after the prefix (the general path reports it)
                assertThat(general.lo()).as(text).isNotEqualTo(a);
            }
        }
    }

    @Test
    void declinesWhatIsNotAWholeIpv4Cidr() {
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/", "1.2.3.4/33", "1.2.3.4/123",
                "1..2.3", "1.2.3.4 ", "2001:db8::1", "10.1.2.3/8", "a.b.c.d", "1.2.3.4/8x"}) {
            assertThat(PolicyValues.fastIpv4(bad)).as(bad).isNull();
        }
        assertThat(PolicyValues.fastIpv4("198.51.100.0/24")).hasToString("198.51.100.0/24");
        assertThat(PolicyValues.fastIpv4("0.0.0.0/0")).hasToString("0.0.0.0/0");
    }
}
