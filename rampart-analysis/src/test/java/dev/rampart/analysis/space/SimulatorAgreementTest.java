package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.UnknownMatch;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.StateStore;
import dev.rampart.sim.match.CompileContext;
import dev.rampart.sim.match.IpSetStore;
import dev.rampart.sim.match.MatchCompiler;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The translation of rule headers and matches agrees with the simulator's {@link MatchCompiler} on
 * random packets: membership equals the simulator's verdict for exact translations, and lies between
 * under and over for approximations.
 */
class SimulatorAgreementTest {
    private static final int PACKETS_PER_RULE = 300;

    private static void checkAgreement(long seed, Family family) {
        Samples s = new Samples(seed, family);
        PacketSpace space = s.space();
        RuleHeader header = s.header();
        List<Match> matches = s.exactMatches();
        Translation t = PacketSets.of(header, matches, space);
        assertThat(t.isExact()).as("exact translation of %s %s", header, matches).isTrue();
        RuleOracle env = new RuleOracle();
        for (int i = 0; i < PACKETS_PER_RULE; i++) {
            Packet p = s.packet();
            assertThat(t.over().contains(p))
                    .as("packet %s, header %s, matches %s, set %s", p, header, matches, t.over())
                    .isEqualTo(env.matches(header, matches, p));
        }
        if (!t.over().isEmpty()) {
            Packet w = t.over().witness();
            assertThat(env.matches(header, matches, w)).as("witness %s of %s %s", w, header, matches).isTrue();
        }
        // the only approximation the simulator may report is about the packet, not the rule
        assertThat(env.approximations).allMatch(r -> r.contains("packet gives no source MAC"));
    }

    @Property(tries = 300)
    void ipv4TranslationAgreesWithTheSimulator(@ForAll long seed) {
        checkAgreement(seed, Family.IPV4);
    }

    @Property(tries = 300)
    void ipv6TranslationAgreesWithTheSimulator(@ForAll long seed) {
        checkAgreement(seed, Family.IPV6);
    }

    @Property(tries = 100)
    void complementOfATranslationIsExactlyTheRejectedPackets(@ForAll long seed) {
        Samples s = new Samples(seed, Family.IPV4);
        PacketSpace space = s.space();
        RuleHeader header = s.header();
        List<Match> matches = s.exactMatches();
        PacketSet rejected = PacketSets.of(header, matches, space).over().complement();
        RuleOracle env = new RuleOracle();
        for (int i = 0; i < PACKETS_PER_RULE; i++) {
            Packet p = s.packet();
            assertThat(rejected.contains(p)).isEqualTo(!env.matches(header, matches, p));
        }
        if (!rejected.isEmpty()) {
            assertThat(env.matches(header, matches, rejected.witness())).isFalse();
        }
    }

    @Property(tries = 200)
    void approximationsBracketTheSimulator(@ForAll long seed, @ForAll boolean ipv6) {
        Samples s = new Samples(seed, ipv6 ? Family.IPV6 : Family.IPV4);
        PacketSpace space = s.space();
        RuleHeader header = s.header();
        List<Match> matches = new ArrayList<>(s.exactMatches());
        Match approximated = s.approximatedMatch();
        matches.add(s.random().nextInt(matches.size() + 1), approximated);
        Translation t = PacketSets.of(header, matches, space);
        assertThat(t.isExact()).isFalse();
        assertThat(t.reason()).isNotBlank();
        assertThat(t.under().isSubsetOf(t.over())).isTrue();
        RuleOracle env = new RuleOracle();
        for (int i = 0; i < PACKETS_PER_RULE; i++) {
            Packet p = s.packet();
            if (s.random().nextBoolean()) { // TCP packets with and without options, to reach tcp --tcp-option
                p = p.toBuilder().protocol(6).fragment(false).sport(s.port()).dport(s.port()).icmpType(-1)
                        .icmpCode(-1).tcpOptions(s.random().nextBoolean() ? List.of(2, 4, 8, 1, 3) : List.of())
                        .build();
            }
            boolean sim = env.matches(header, matches, p);
            if (t.under().contains(p)) {
                assertThat(sim).as("under-approximation holds %s, %s %s", p, header, matches).isTrue();
            }
            if (sim) {
                assertThat(t.over().contains(p)).as("over-approximation misses %s, %s %s", p, header, matches)
                        .isTrue();
            }
        }
    }

    @Test
    void unknownMatchIsApproximatedAndNamed() {
        PacketSpace space = PacketSpace.of(Family.IPV4, List.of());
        Match m = new UnknownMatch("frobnicate", List.of("--frob", "1"));
        Translation t = PacketSets.of(m, space);
        assertThat(t.isExact()).isFalse();
        assertThat(t.over().sameAs(space.all())).isTrue();
        assertThat(t.under().isEmpty()).isTrue();
        assertThat(t.reason()).contains("frobnicate");
    }
}
