package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.RestoreParser;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of the real rulesets in {@code ../shared/rulesets}: its exact translation's witness
 * matches the rule in the simulator, and packets mixed from the witnesses of all rules (each field taken
 * from a random rule's witness) are in the translation exactly when the simulator matches them.
 */
class RealRulesetsTranslationTest {
    private static final int MIXED_PACKETS_PER_RULE = 20;

    private record Translated(Rule rule, TableName table, String chain, Translation translation) {
    }

    static Stream<Path> files() throws IOException {
        return dev.rampart.analysis.SharedRulesets.files();
    }

    private static boolean simulate(Translated t, Packet p, RuleOracle env) {
        return env.matches(t.rule().header(), t.rule().matches(), p, t.table(), t.chain());
    }

    @TestFactory
    Stream<DynamicTest> exactTranslationsAgreeWithTheSimulator() throws IOException {
        return files().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            Family family = FamilyDetector.detect(text);
            RestoreParser.Result parsed = new RestoreParser(family).parse(text, path.getFileName().toString());
            List<RuleHeader> headers = new ArrayList<>();
            for (Table table : parsed.ruleset().tables()) {
                for (Chain chain : table.chains()) {
                    chain.rules().forEach(r -> headers.add(r.header()));
                }
            }
            PacketSpace space = PacketSpace.forHeaders(family, headers);
            List<Translated> exact = new ArrayList<>();
            List<Packet> witnesses = new ArrayList<>();
            RuleOracle env = new RuleOracle();
            for (Table table : parsed.ruleset().tables()) {
                for (Chain chain : table.chains()) {
                    for (Rule rule : chain.rules()) {
                        Translation tr = PacketSets.of(rule.header(), rule.matches(), space);
                        assertThat(tr.under().isSubsetOf(tr.over())).isTrue();
                        if (!tr.isExact() || tr.over().isEmpty()) {
                            continue;
                        }
                        Translated t = new Translated(rule, table.name(), chain.name(), tr);
                        Packet w = tr.over().witness();
                        assertThat(simulate(t, w, env)).as("witness %s of line %d", w, rule.line()).isTrue();
                        exact.add(t);
                        witnesses.add(w);
                    }
                }
            }
            Random r = new Random(path.getFileName().toString().hashCode());
            for (Translated t : exact) {
                for (int i = 0; i < MIXED_PACKETS_PER_RULE && !witnesses.isEmpty(); i++) {
                    Packet p = mix(witnesses, r);
                    assertThat(t.translation().over().contains(p)).as("packet %s, line %d", p, t.rule().line())
                            .isEqualTo(simulate(t, p, env));
                }
            }
        }));
    }

    /** A packet whose addresses, interfaces and transport part each come from a random witness. */
    private static Packet mix(List<Packet> witnesses, Random r) {
        Packet base = witnesses.get(r.nextInt(witnesses.size()));
        Packet a = witnesses.get(r.nextInt(witnesses.size()));
        Packet b = witnesses.get(r.nextInt(witnesses.size()));
        Packet c = witnesses.get(r.nextInt(witnesses.size()));
        return base.toBuilder().src(a.src()).dst(b.dst()).in(c.in()).out(a.out()).ctState(b.ctState())
                .mark(c.mark()).ttl(a.ttl()).build();
    }
}
