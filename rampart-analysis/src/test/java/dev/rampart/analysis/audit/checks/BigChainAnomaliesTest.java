package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.matches;
import static dev.rampart.analysis.audit.checks.PacketFindings.refs;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Check;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.TraceResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anomaly checks on chains far above the 2,000 instructions they used to skip: a generated chain
 * of 2,400 per-host rules (behind jumps into user chains that RETURN) with one planted anomaly of each
 * kind, one whose packets meet all 2,400 rules (settled by pushing them through as sets), and the FORWARD chain of the TUM 2016-06 ruleset (6,004 instructions). Every finding is the one
 * planted (by rule number), and every witness is replayed through the simulator and behaves as its
 * finding says, as in {@link RuleAnomaliesTest}.
 */
class BigChainAnomaliesTest {
    private static final int HOSTS = 2_400;

    /**
     * INPUT jumps per /24 of 198.19.0.0/16 into a user chain that accepts one port per host and returns
     * the rest; after that, the planted rules (INPUT rules 11 to 18), then a final DROP policy.
     */
    static String generated() {
        return hosts("", h -> "-p tcp -m tcp --dport " + (1024 + h),
                "-A INPUT -s 198.18.5.0/24 -j DROP\n"                                             // 11
                + "-A INPUT -s 198.18.5.7/32 -p tcp -m tcp --dport 22 -j ACCEPT\n"                // 12 shadowed by 11
                + "-A INPUT -s 198.18.6.0/24 -j REJECT --reject-with icmp-port-unreachable\n"     // 13
                + "-A INPUT -s 198.18.6.9/32 -j REJECT --reject-with icmp-port-unreachable\n"     // 14 redundant
                + "-A INPUT -s 198.18.7.1/32 -p tcp -m tcp --dport 443 -j ACCEPT\n"               // 15 exception to 16
                + "-A INPUT -s 198.18.7.0/24 -p tcp -j REJECT --reject-with tcp-reset\n"          // 16
                + "-A INPUT -s 198.18.8.0/24 -p udp -m udp --dport 1000:2000 -j ACCEPT\n"         // 17 overlaps 18
                + "-A INPUT -s 198.18.8.0/25 -p udp -m udp --dport 1500:3000 -j REJECT --reject-with icmp-port-unreachable\n");
    }

    /**
     * A filter table whose INPUT starts with {@code before}, jumps per /24 of 198.19.0.0/16 into a user
     * chain with one ACCEPT per host ({@code -s} the host and {@code match.apply(h)}) and a RETURN, then
     * goes on with {@code after}; {@value #HOSTS} hosts in all.
     */
    private static String hosts(String before, java.util.function.IntFunction<String> match, String after) {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        int chains = (HOSTS + 239) / 240;
        for (int c = 0; c < chains; c++) {
            sb.append(":HOSTS").append(c).append(" - [0:0]\n");
        }
        sb.append(before);
        for (int c = 0; c < chains; c++) {
            sb.append("-A INPUT -s 198.19.").append(c).append(".0/24 -j HOSTS").append(c).append('\n');
        }
        sb.append(after);
        for (int h = 0; h < HOSTS; h++) {
            int c = h / 240;
            sb.append("-A HOSTS").append(c).append(" -s 198.19.").append(c).append('.').append(h % 240 + 1)
                    .append("/32 ").append(match.apply(h)).append(" -j ACCEPT\n");
            if (h % 240 == 239 || h == HOSTS - 1) {
                sb.append("-A HOSTS").append(c).append(" -j RETURN\n");
            }
        }
        return sb.append("COMMIT\n").toString();
    }

    @Test
    void plantedAnomaliesAreFoundInAChainOfMoreThanTwoThousandRules() {
        String text = generated();
        AuditedRuleset r = parse(text);
        AuditContext ctx = context(r);
        List<Finding> shadowed = new ShadowedRule().run(ctx);
        List<Finding> redundant = new RedundantRule().run(ctx);
        List<Finding> generalised = new GeneralisedRule().run(ctx);
        List<Finding> correlated = new CorrelatedRules().run(ctx);
        for (List<Finding> fs : List.of(shadowed, redundant, generalised, correlated)) {
            assertThat(fs).as("no chain is skipped").noneMatch(f -> f.message().contains("skipped"));
        }
        assertThat(shadowed).singleElement().satisfies(f -> {
            assertThat(refs(f)).containsExactly("filter INPUT rule 12", "filter INPUT rule 11");
            assertShadowedReplays(r, text, f);
        });
        assertThat(redundant).singleElement().satisfies(f -> {
            assertThat(refs(f)).containsExactly("filter INPUT rule 14", "filter INPUT rule 13");
            assertRedundantReplays(r, text, f);
        });
        assertThat(generalised).singleElement().satisfies(f -> {
            assertThat(refs(f)).containsExactly("filter INPUT rule 15", "filter INPUT rule 16");
            assertPairReplays(r, text, f);
        });
        assertThat(correlated).singleElement().satisfies(f -> {
            assertThat(refs(f)).containsExactly("filter INPUT rule 17", "filter INPUT rule 18");
            assertPairReplays(r, text, f);
        });
    }

    /**
     * Per-host rules that accept every TCP port (so a rule for any source meets all 2,400 of them, more
     * than a diagram may take), between two halves of a port-7 block; after them, a port-7 ACCEPT (INPUT
     * rule 13) that those halves shadow.
     */
    static String generatedBroad() {
        return hosts("-A INPUT -s 0.0.0.0/1 -p tcp -m tcp --dport 7 -j DROP\n", h -> "-p tcp",          // 1, jumps 2-11
                "-A INPUT -s 128.0.0.0/1 -p tcp -m tcp --dport 7 -j REJECT --reject-with tcp-reset\n"   // 12
                + "-A INPUT -p tcp -m tcp --dport 7 -j ACCEPT\n");                                      // 13
    }

    @Test
    void aShadowedRuleThatMeetsMoreRulesThanADiagramMayTakeIsSettledExactly() {
        String text = generatedBroad();
        AuditedRuleset r = parse(text);
        List<Finding> shadowed = new ShadowedRule().run(context(r));
        assertThat(shadowed).as("no rule left unsettled").noneMatch(f -> f.message().contains("analysis bounded"));
        assertThat(shadowed).singleElement().satisfies(f -> {
            // the two halves of the block (the per-host ACCEPTs that take some of its packets have its target)
            assertThat(refs(f)).containsExactly("filter INPUT rule 13", "filter INPUT rule 1", "filter INPUT rule 12");
            assertShadowedReplays(r, text, f);
        });
    }

    @Test
    void theTumForwardChainIsAnalysedAndItsWitnessesReplay() throws IOException {
        Path shared = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath().normalize();
        String text = filterTableOnly(Files.readString(shared.resolve("rulesets/real/"
                + "configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01"),
                StandardCharsets.UTF_8));
        AuditedRuleset r = parse(text);
        AuditContext ctx = context(r);
        List<Finding> all = new ArrayList<>();
        for (Check c : List.of(new ShadowedRule(), new RedundantRule(), new GeneralisedRule(), new CorrelatedRules())) {
            all.addAll(c.run(ctx));
        }
        assertThat(all).noneMatch(f -> f.message().contains("skipped"));
        // the shadowed rules of the FORWARD chain's user chains (unfolded to 6,004 instructions) are reported
        List<Finding> forward = all.stream().filter(f -> f.checkId().equals("RA123") && f.witness() != null)
                .filter(f -> f.message().contains("reached from filter FORWARD")).toList();
        assertThat(forward).hasSizeGreaterThanOrEqualTo(10);
        for (Finding f : all) {
            if (f.witness() == null) {
                continue; // a note about a bound
            }
            switch (f.checkId()) {
                case "RA123" -> assertShadowedReplays(r, "TUM 2016-06", f);
                case "RA124" -> assertRedundantReplays(r, text, f);
                default -> assertPairReplays(r, "TUM 2016-06", f);
            }
        }
    }

    /**
     * The {@code *filter} section of a restore file. The anomaly checks judge the filter table alone, with
     * the packet's conntrack state as given; the TUM ruleset's raw table marks some of the witnesses
     * UNTRACKED ({@code -j NOTRACK}), which the full pipeline would then accept in FORWARD rule 1, so the
     * witnesses are replayed through the table the checks analyse.
     */
    static String filterTableOnly(String text) {
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("*")) {
                in = line.equals("*filter");
            }
            if (in) {
                sb.append(line).append('\n');
                if (line.equals("COMMIT")) {
                    in = false;
                }
            }
        }
        return sb.toString();
    }

    private static void assertShadowedReplays(AuditedRuleset r, String text, Finding f) {
        TraceResult t = replay(r, f.witness());
        List<CounterRef> shadowing = f.rules().subList(1, f.rules().size()).stream().map(PacketFindings::counter).toList();
        assertThat(shadowing).as("%s", f).contains(t.decidedBy());
        assertThat(matches(r, f.rules().get(0), f.witness())).as("%s", f).isTrue();
    }

    private static void assertRedundantReplays(AuditedRuleset r, String text, Finding f) {
        RuleRef rule = f.rules().get(0);
        AuditedRuleset deleted = parse(RedundantRuleTest.without(text, rule.chain(), rule.rule()));
        assertThat(replay(deleted, f.witness()).verdict()).as("%s", f).isEqualTo(replay(r, f.witness()).verdict());
        assertThat(matches(r, rule, f.witness())).as("%s", f).isTrue();
    }

    private static void assertPairReplays(AuditedRuleset r, String text, Finding f) {
        assertThat(replay(r, f.witness()).decidedBy()).as("%s", f).isEqualTo(counter(f.rules().get(0)));
        assertThat(matches(r, f.rules().get(1), f.witness())).as("%s", f).isTrue();
    }
}
