package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Concrete sets: witness choice, box-count control, interfaces, IPv6 ranges, space checks. */
class PacketSetTest {
    private static final PacketSpace V4 = PacketSpace.of(Family.IPV4, List.of("eth0", "ppp+"));
    private static final PacketSpace V6 = PacketSpace.of(Family.IPV6, List.of());

    private static RuleHeader header(String src, String dst, String in, Protocol p) {
        return new RuleHeader(src == null ? null : prefix(src), false, dst == null ? null : prefix(dst), false,
                in, false, null, false, p, false, Fragment.ANY);
    }

    private static IpPrefix prefix(String text) {
        String[] f = text.split("/");
        IpAddress a = IpAddress.parse(f[0]);
        int len = f.length > 1 ? Integer.parseInt(f[1]) : a.family().bits();
        return a.family() == Family.IPV4 ? IpPrefix.ipv4((int) a.lo(), len) : IpPrefix.ipv6(a.hi(), a.lo(), len);
    }

    private static PacketSet set(PacketSpace space, RuleHeader h, Match... matches) {
        Translation t = PacketSets.of(h, List.of(matches), space);
        assertThat(t.isExact()).isTrue();
        return t.over();
    }

    private static Match dport(int port) {
        return new TcpMatch(PortRange.ALL, false, PortRange.of(port), false, 0, 0, false, 0, false);
    }

    @Test
    void witnessPrefersTypicalValues() {
        Packet w = set(V4, header(null, null, null, Protocol.TCP), dport(22)).witness();
        assertThat(w.src()).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(w.dst()).isEqualTo(IpAddress.parse("198.51.100.1"));
        assertThat(w.protocol()).isEqualTo(6);
        assertThat(w.sport()).isEqualTo(40000);
        assertThat(w.dport()).isEqualTo(22);
        assertThat(w.tcpFlags()).isEqualTo(Packet.SYN);
        assertThat(w.ctState()).isEqualTo(CtState.NEW);
        assertThat(w.ttl()).isEqualTo(64);
        assertThat(w.length()).isEqualTo(40);
    }

    @Test
    void witnessLeavesTheDocumentationRangeOnlyWhenForcedTo() {
        Packet w = set(V4, header("10.1.2.0/24", null, "ppp+", Protocol.UDP),
                new StateMatch(Set.of(CtState.ESTABLISHED), false)).witness();
        assertThat(w.src()).isEqualTo(IpAddress.parse("10.1.2.1"));
        assertThat(w.dst()).isEqualTo(IpAddress.parse("198.51.100.1"));
        assertThat(w.in()).startsWith("ppp");
        assertThat(w.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(w.protocol()).isEqualTo(17);
    }

    @Test
    void adjacentBlocksMergeIntoOneBox() {
        PacketSet all = V4.none();
        for (int i = 0; i < 256; i++) {
            all = all.union(set(V4, header("10.0." + i + ".0/24", null, null, null)));
        }
        assertThat(all.sameAs(set(V4, header("10.0.0.0/16", null, null, null)))).isTrue();
        assertThat(all.boxes().size()).isEqualTo(set(V4, header("10.0.0.0/16", null, null, null)).boxes().size());
    }

    @Test
    void complementStaysSmall() {
        PacketSet ssh = set(V4, header("192.0.2.0/24", null, null, Protocol.TCP), dport(22));
        PacketSet rest = ssh.complement();
        assertThat(rest.boxes().size()).isLessThanOrEqualTo(V4.all().boxes().size() + 4);
        assertThat(rest.union(ssh).sameAs(V4.all())).isTrue();
        assertThat(rest.complement().sameAs(ssh)).isTrue();
    }

    @Test
    void subsumedRulesAreDetectedAsSubsets() {
        PacketSet web = set(V4, header(null, "198.51.100.0/24", null, Protocol.TCP), dport(80));
        PacketSet anyTcp = set(V4, header(null, null, null, Protocol.TCP));
        PacketSet udp = set(V4, header(null, null, null, Protocol.UDP),
                new UdpMatch(PortRange.ALL, false, PortRange.of(53), false));
        assertThat(web.isSubsetOf(anyTcp)).isTrue();
        assertThat(anyTcp.isSubsetOf(web)).isFalse();
        assertThat(udp.intersect(anyTcp).isEmpty()).isTrue();
        Packet gap = anyTcp.minus(web).witness();
        assertThat(anyTcp.contains(gap)).isTrue();
        assertThat(web.contains(gap)).isFalse();
    }

    @Test
    void ipv6PrefixesAcrossTheHalves() {
        PacketSet a = set(V6, header("2001:db8::/32", null, null, null));
        PacketSet b = set(V6, header("2001:db8::8000:0:0:0/65", null, null, null));
        assertThat(b.isSubsetOf(a)).isTrue();
        PacketSet diff = a.minus(b);
        Packet w = diff.witness();
        assertThat(w.src()).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(diff.contains(w.toBuilder().src(IpAddress.parse("2001:db8::8000:0:0:1")).build())).isFalse();
        assertThat(diff.contains(w.toBuilder().src(IpAddress.parse("2001:db8:ffff:ffff:7fff:ffff:ffff:ffff")).build()))
                .isTrue();
    }

    @Test
    void ipv6RangeOverSeveralHighHalves() {
        PacketSet r = V6.whereAddress(true, 5, -2L, 8, 3);
        Packet base = V6.all().witness();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 5, -2L)).build())).isTrue();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 5, -3L)).build())).isFalse();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 6, 0)).build())).isTrue();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 7, -1L)).build())).isTrue();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 8, 3)).build())).isTrue();
        assertThat(r.contains(base.toBuilder().src(new IpAddress(Family.IPV6, 8, 4)).build())).isFalse();
        assertThat(V6.whereAddress(true, 8, 0, 5, 0).isEmpty()).isTrue();
    }

    @Test
    void interfaceClassesSeparateExactNamesPrefixesAndTheRest() {
        InterfaceAlphabet a = V4.interfaces();
        assertThat(a.classify(null)).isZero();
        assertThat(a.classify("eth0")).isNotEqualTo(a.classify("eth1"));
        assertThat(a.classify("ppp0")).isEqualTo(a.classify("ppp7"));
        assertThat(a.classify("eth1")).isEqualTo(a.classify("wlan0"));
        PacketSet ppp = set(V4, header(null, null, "ppp+", null));
        Packet w = ppp.witness();
        assertThat(w.in()).startsWith("ppp");
        assertThat(ppp.contains(w.toBuilder().in("ppp42").build())).isTrue();
        assertThat(ppp.contains(w.toBuilder().in("eth0").build())).isFalse();
        assertThatThrownBy(() -> PacketSets.of(header(null, null, "wlan0", null), V4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wlan0");
    }

    @Test
    void setsOfDifferentSpacesDoNotMix() {
        PacketSpace other = PacketSpace.of(Family.IPV4, List.of());
        assertThatThrownBy(() -> V4.all().union(other.all())).isInstanceOf(IllegalArgumentException.class);
        assertThat(V4.all().contains(V6.all().witness())).isFalse();
    }

    @Test
    void headerAloneGetsItsOwnSpace() {
        Translation t = PacketSets.of(header(null, "198.51.100.7", "wlan0", Protocol.UDP), Family.IPV4);
        Packet w = t.over().witness();
        assertThat(w.in()).isEqualTo("wlan0");
        assertThat(w.dst()).isEqualTo(IpAddress.parse("198.51.100.7"));
        assertThat(t.over().complement().contains(w.toBuilder().in("wlan1").build())).isTrue();
    }

    @Test
    void emptySetHasNoWitness() {
        assertThat(V4.none().isEmpty()).isTrue();
        assertThatThrownBy(() -> V4.none().witness()).isInstanceOf(IllegalStateException.class);
    }
}
