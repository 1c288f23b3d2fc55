package dev.rampart.sim.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.NatRequest.Manip;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The address NAT picks from a range must be the kernel's: a client always lands on the same backend, and a
 * trace must name the address the real host would use. Expected values were measured on Linux 6.18 (see
 * docs/simulator-conntrack.md, "Measured"): a client namespace sent one UDP datagram from each source to
 * {@code 198.18.0.1:9999} (or {@code 2001:db8:1::1}) on a router with
 * {@code -t nat -A PREROUTING -p udp --dport 9999 -j DNAT --to-destination 198.18.5.1-198.18.5.20} and
 * {@code -t nat -A POSTROUTING -o d0 -j SNAT --to-source 198.18.7.1-198.18.7.20} (IPv6:
 * {@code 2001:db8:5::1-2001:db8:5::1:20} and {@code 2001:db8:7::1-2001:db8:7::20}), and
 * {@code conntrack -L} showed the reply tuples.
 */
class NatAddressChoiceTest {

    private static FlowKey udp(String src, int sport, String dst, int dport) {
        return new FlowKey(IpAddress.parse(src), IpAddress.parse(dst), 17, sport, dport, 0);
    }

    private static NatRequest range(Manip m, String lo, String hi) {
        return new NatRequest(m, IpAddress.parse(lo), IpAddress.parse(hi), -1, -1, false, false, false);
    }

    @ParameterizedTest
    @CsvSource({
        "198.18.0.2, 5002, 198.18.5.14, 198.18.7.2",
        "198.18.0.3, 5003, 198.18.5.3, 198.18.7.8",
        "198.18.0.4, 5004, 198.18.5.11, 198.18.7.20",
        "198.18.0.5, 5005, 198.18.5.20, 198.18.7.12",
        "198.18.0.6, 5006, 198.18.5.12, 198.18.7.13",
        "198.18.0.7, 5007, 198.18.5.8, 198.18.7.7",
        "198.18.0.8, 5008, 198.18.5.4, 198.18.7.6",
        "198.18.0.9, 5009, 198.18.5.3, 198.18.7.8",
    })
    void ipv4RangesPickTheKernelsAddresses(String client, int sport, String dnatTo, String snatTo) {
        FlowKey t = udp(client, sport, "198.18.0.1", 9999);
        FlowKey afterDnat = NatChooser.chooseAddress(t,
                range(Manip.DESTINATION, "198.18.5.1", "198.18.5.20"), Manip.DESTINATION);
        assertThat(afterDnat.dst()).isEqualTo(IpAddress.parse(dnatTo));
        FlowKey afterSnat = NatChooser.chooseAddress(afterDnat,
                range(Manip.SOURCE, "198.18.7.1", "198.18.7.20"), Manip.SOURCE);
        assertThat(afterSnat.src()).isEqualTo(IpAddress.parse(snatTo));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:1::2, 5002, 2001:db8:5::4cde, 2001:db8:7::11",
        "2001:db8:1::3, 5003, 2001:db8:5::f5e1, 2001:db8:7::e",
        "2001:db8:1::4, 5004, 2001:db8:5::cfc7, 2001:db8:7::10",
        "2001:db8:1::5, 5005, 2001:db8:5::df39, 2001:db8:7::1f",
        "2001:db8:1::6, 5006, 2001:db8:5::3020, 2001:db8:7::19",
        "2001:db8:1::7, 5007, 2001:db8:5::ef39, 2001:db8:7::c",
        "2001:db8:1::8, 5008, 2001:db8:5::2713, 2001:db8:7::15",
        "2001:db8:1::9, 5009, 2001:db8:5::e385, 2001:db8:7::7",
    })
    void ipv6RangesPickTheKernelsAddresses(String client, int sport, String dnatTo, String snatTo) {
        FlowKey t = udp(client, sport, "2001:db8:1::1", 9999);
        FlowKey afterDnat = NatChooser.chooseAddress(t,
                range(Manip.DESTINATION, "2001:db8:5::1", "2001:db8:5::1:20"), Manip.DESTINATION);
        assertThat(afterDnat.dst()).isEqualTo(IpAddress.parse(dnatTo));
        FlowKey afterSnat = NatChooser.chooseAddress(afterDnat,
                range(Manip.SOURCE, "2001:db8:7::1", "2001:db8:7::20"), Manip.SOURCE);
        assertThat(afterSnat.src()).isEqualTo(IpAddress.parse(snatTo));
    }
}
