package dev.rampart.monitor.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.log.LinkHeader;
import dev.rampart.sim.packet.Packet;
import java.time.Instant;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser reads back what the kernel writes: packets built at random are printed by the simulator's
 * {@code LogLine} (the layout of {@code nf_log_syslog.c}, checked against the kernel in rampart-sim's
 * {@code LogLineIT}) behind a syslog header, and every field the record carries must come back.
 */
class KernelLogRoundTripTest {
    private final KernelLogParser parser = new KernelLogParser(new SyslogHeaderParser(
            new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-22T00:00:00Z"))));

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<IpAddress> v4 = Arbitraries.integers().map(IpAddress::ipv4);
        Arbitrary<IpAddress> v6 = Arbitraries.longs().map(l -> new IpAddress(Family.IPV6, 0x20010db8L << 32, l));
        Arbitrary<Integer> proto = Arbitraries.of(6, 17, 1, 58, 47, 132);
        return Combinators.combine(Arbitraries.oneOf(v4, v6), Arbitraries.integers().between(0, 65535),
                Arbitraries.integers().between(0, 65535), proto, Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 255), Arbitraries.strings().alpha().ofMaxLength(10))
                .as((src, sport, dport, p, flags, ttl, iface) -> {
                    IpAddress dst = src.family() == Family.IPV4 ? IpAddress.parse("198.18.0.1")
                            : IpAddress.parse("2001:db8::1");
                    int pr = src.family() == Family.IPV6 && p == 1 ? 58 : src.family() == Family.IPV4 && p == 58 ? 1 : p;
                    Packet.Builder b = Packet.builder(src, dst, pr).in("eth" + iface.length()).ttl(ttl);
                    if (pr == 6 || pr == 17 || pr == 132) {
                        b.sport(sport).dport(dport);
                    }
                    if (pr == 6) {
                        b.tcpFlags(flags);
                    }
                    if (pr == 1 || pr == 58) {
                        b.icmpType(pr == 1 ? 8 : 128).icmpCode(0);
                    }
                    return b.build();
                });
    }

    @Property(tries = 300)
    void everyPrintedFieldReadsBack(@ForAll("packets") Packet p, @ForAll("prefixes") String prefix) {
        String text = LogLine(prefix, p);
        KernelLogRecord r = parser.parse("Nov 21 10:00:00 gw kernel: [ 1234.567890] " + text);
        assertThat(r).as(text).isNotNull();
        assertThat(r.prefix()).as(text).isEqualTo(prefix.strip());
        assertThat(r.src()).as(text).isEqualTo(p.src());
        assertThat(r.dst()).as(text).isEqualTo(p.dst());
        assertThat(r.in()).isEqualTo(p.in());
        assertThat(r.proto()).as(text).isEqualTo(p.protocol());
        assertThat(r.ttl()).as(text).isEqualTo(p.ttl());
        if (p.protocol() == 6 || p.protocol() == 17) {
            assertThat(r.sport()).as(text).isEqualTo(p.sport());
            assertThat(r.dport()).as(text).isEqualTo(p.dport());
        }
        if (p.protocol() == 6) {
            assertThat(r.tcpFlags()).as(text).isEqualTo(p.tcpFlags() & 0xFF);
        }
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "DROP ", "[UFW BLOCK] ", "IPTABLES-DROP: ", "Shorewall:net2fw:DROP:", "in: ");
    }

    private static String LogLine(String prefix, Packet p) {
        LinkHeader eth = LinkHeader.ethernet(LinkHeader.parseMac("02:00:00:00:00:01"),
                LinkHeader.parseMac("02:00:00:00:00:02"), p.family());
        return dev.rampart.sim.log.LogLine.format(new LogTarget(prefix, 4, false, false, false, false, false),
                new PacketState(p), eth);
    }
}
