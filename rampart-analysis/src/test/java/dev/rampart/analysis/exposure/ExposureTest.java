package dev.rampart.analysis.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.RandomFilterRulesets;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The service matrix and the scan prediction agree with the simulator: on random rulesets, every
 * connection-opening packet lies in exactly one source class and one destination group, whose fate
 * includes the simulator's; the classes partition the address space; and a hand-made ruleset gives the
 * nmap states nmap's documentation implies.
 */
class ExposureTest {

    private static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "t");
        assertThat(r.diagnostics().hasErrors()).as(text).isFalse();
        return r.ruleset();
    }

    @Property(tries = 100)
    void matrixAgreesWithTheSimulator(@ForAll long seed) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        Ruleset rs = parse(g.text());
        PacketSpace space = Flattener.spaceOf(rs);
        Simulator sim = Simulator.builder(rs).stateless(true).build();
        Map<Service, ServiceMatrix> matrices = new HashMap<>();
        int checked = 0;
        for (int i = 0; i < 400 && checked < 100; i++) {
            Packet p = g.packet();
            if (!(p.protocol() == 6 || p.protocol() == 17) || !p.hasPorts() || p.fragment() || p.in() == null
                    || p.in().equals("lo") || p.out() != null) {
                continue;
            }
            Packet opener = p.toBuilder().ctState(CtState.NEW).tcpFlags(p.protocol() == 6 ? 0x02 : 0).build();
            Service s = new Service(opener.protocol(), opener.dport(), opener.dport());
            ServiceMatrix m = matrices.computeIfAbsent(s, k -> ServiceMatrix.of(rs, "INPUT", k, space));
            BigInteger total = m.classes().stream().map(SourceClass::size).reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(total).isEqualTo(BigInteger.ONE.shiftLeft(32));
            List<SourceClass> holding = m.classes().stream().filter(c -> c.members().contains(opener)).toList();
            assertThat(holding).as("classes holding %s in%n%s", opener, g.text()).hasSize(1);
            List<Access> groups = holding.get(0).access().stream().filter(a -> a.members().contains(opener)).toList();
            assertThat(groups).as("destination groups holding %s", opener).hasSize(1);
            TraceResult r = sim.process(opener);
            Access a = groups.get(0);
            String simFate = r.verdict().name();
            assertThat(a.fate()).as("fate of %s (simulator: %s by %s) in%n%s", opener, simFate, r.decidedBy(), g.text())
                    .contains(simFate);
            if (!a.fate().startsWith(Access.MIXED) && a.witness() != null) {
                assertThat(sim.process(a.witness()).verdict().name()).as("witness %s", a.witness()).isEqualTo(
                        a.fate().split(" ")[0]);
            }
            checked++;
        }
    }

    @Test
    void aScanFromOneAddressSeesOpenClosedAndFiltered() {
        Ruleset rs = parse("""
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset
                -A INPUT -p tcp --dport 24 -j REJECT
                -A INPUT -s 192.0.2.0/24 -p tcp --dport 25 -j ACCEPT
                -A INPUT -p tcp --dport 26 -j ACCEPT
                -A INPUT -p udp --dport 53 -j ACCEPT
                -A INPUT -p udp --dport 54 -j REJECT
                -A OUTPUT -p tcp --sport 26 -j DROP
                COMMIT
                """);
        PacketSpace space = Flattener.spaceOf(rs);
        IpAddress from = IpAddress.parse("203.0.113.9");
        Map<Integer, String> tcp = new HashMap<>();
        for (PortState s : ScanPrediction.predict(rs, space, from, 6, 20, 27, null)) {
            tcp.put(s.port(), s.nmap());
        }
        assertThat(tcp).containsEntry(22, "open").containsEntry(23, "closed").containsEntry(24, "filtered")
                .containsEntry(25, "filtered").containsEntry(26, "filtered").containsEntry(27, "filtered");
        Map<Integer, String> udp = new HashMap<>();
        for (PortState s : ScanPrediction.predict(rs, space, from, 17, 53, 55, null)) {
            udp.put(s.port(), s.nmap());
        }
        assertThat(udp).containsEntry(53, "open").containsEntry(54, "closed").containsEntry(55, "open|filtered");
        assertThat(ScanPrediction.predict(rs, space, IpAddress.parse("192.0.2.7"), 6, 25, 25, null).get(0).nmap())
                .isEqualTo("open");
    }

    @Test
    void webserverMatrixShowsSshOpenToAllAndMysqlClosed() {
        Ruleset rs = parse("""
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -i lo -j ACCEPT
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -A INPUT -s 198.51.100.0/24 -p tcp --dport 3306 -j ACCEPT
                COMMIT
                """);
        PacketSpace space = Flattener.spaceOf(rs);
        ServiceMatrix ssh = ServiceMatrix.of(rs, "INPUT", new Service(6, 22, 22), space);
        assertThat(ssh.classes()).hasSize(1);
        assertThat(ssh.classes().get(0).sources()).isEqualTo("all");
        assertThat(ssh.classes().get(0).access()).extracting(Access::fate).containsExactly("ACCEPT");
        ServiceMatrix mysql = ServiceMatrix.of(rs, "INPUT", new Service(6, 3306, 3306), space);
        assertThat(mysql.classes()).extracting(SourceClass::sources).containsExactly("all but 198.51.100.0/24",
                "198.51.100.0/24");
        assertThat(mysql.classes()).extracting(SourceClass::size).containsExactly(
                BigInteger.ONE.shiftLeft(32).subtract(BigInteger.valueOf(256)), BigInteger.valueOf(256));
        assertThat(mysql.classes().get(0).access()).extracting(Access::fate).containsExactly("DROP");
        assertThat(mysql.classes().get(1).access()).extracting(Access::fate).containsExactly("ACCEPT");
    }
}
