package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.sim.engine.CounterRef;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The anomaly analysis settles each rule near the rule (packet searches, small diagrams, set walks)
 * instead of with the diagram of the whole chain; on random chains (INPUT with a user chain that
 * RETURNs, see {@link RuleAnomaliesTest}) the rules it reports as deciding nothing (shadowed, or
 * redundant because earlier rules take all their packets) are exactly the exact terminal rules that
 * decide no class of the whole-chain diagram.
 */
class RuleLivenessPropertyTest {

    @Property(tries = 300)
    void theRulesReportedDeadAreThoseTheWholeChainDiagramGivesNoClass(@ForAll long seed) {
        String text = RuleAnomaliesTest.randomRuleset(seed);
        AuditedRuleset r = parse(text);
        Program p = Programs.filter(r, "INPUT").orElseThrow();
        DecisionDiagram whole = DecisionDiagram.of(java.util.List.of(p), ChainDomain.of(r.space(), "INPUT"),
                DecisionDiagram.DEFAULT_ORDER, false);
        Set<CounterRef> deciding = new HashSet<>();
        for (DecisionDiagram.Node leaf : whole.leaves()) {
            Outcome o = leaf.outcome(0);
            deciding.add(o.decider().origin());
            for (Instruction m : o.maybeDeciders()) {
                deciding.add(m.origin());
            }
        }
        Set<String> expected = new TreeSet<>();
        Set<CounterRef> inexact = new HashSet<>();
        for (Instruction in : p.instructions()) {
            if (!in.isExact()) {
                inexact.add(in.origin());
            }
        }
        for (Instruction in : p.instructions()) {
            CounterRef ref = in.origin();
            if (in.action() instanceof Action.Decide && !ref.isPolicy() && !inexact.contains(ref)
                    && !deciding.contains(ref)) {
                expected.add(ref.chain() + " " + ref.rule());
            }
        }
        AuditContext ctx = context(r);
        Set<String> reported = new TreeSet<>();
        for (Finding f : new ShadowedRule().run(ctx)) {
            reported.add(f.rules().get(0).chain() + " " + f.rules().get(0).rule());
        }
        for (Finding f : new RedundantRule().run(ctx)) {
            if (f.message().contains("decided earlier") || f.message().contains("no packet it matches reaches it")) {
                reported.add(f.rules().get(0).chain() + " " + f.rules().get(0).rule());
            }
        }
        assertThat(reported).as("%s", text).isEqualTo(expected);
    }

    /**
     * The means the analysis settles a rule with agree with the whole-chain diagram instruction by
     * instruction: a packet {@link DeciderSearch} finds is one the diagram has the instruction decide;
     * the packets {@link RegionWalk} sees reach the instruction are there iff the diagram gives it a
     * class, and the instructions it says take the rest are the diagram's deciders of those classes.
     */
    @Property(tries = 300)
    void searchesAndSetWalksAgreeWithTheWholeChainDiagram(@ForAll long seed) {
        String text = RuleAnomaliesTest.randomRuleset(seed);
        AuditedRuleset r = parse(text);
        Program p = Programs.filter(r, "INPUT").orElseThrow();
        var domain = ChainDomain.of(r.space(), "INPUT");
        DecisionDiagram whole = DecisionDiagram.of(java.util.List.of(p), domain, DecisionDiagram.DEFAULT_ORDER, false);
        Set<Integer> deciding = new HashSet<>();
        for (DecisionDiagram.Node leaf : whole.leaves()) {
            deciding.add(leaf.outcome(0).decider().index());
        }
        ChainIndex index = ChainIndex.of(p);
        long[] scratch = new long[index.words()];
        for (Instruction in : p.instructions()) {
            if (!(in.action() instanceof Action.Decide) || !in.isExact() || in.index() == p.size() - 1) {
                continue;
            }
            var region = in.over().intersect(domain);
            if (region.isEmpty()) {
                continue;
            }
            DeciderSearch.Found found = DeciderSearch.reach(index, region, in.index(), scratch,
                    new DeciderSearch.Hints(), false, DeciderSearch.LONG_TRIES);
            if (found != null) {
                assertThat(whole.classify(found.packet()).outcome(0).decider().index())
                        .as("%s decides %s in%n%s", in.origin(), found.packet(), text).isEqualTo(in.index());
            }
            RegionWalk walk = RegionWalk.of(index, region, in.index(), scratch);
            assertThat(walk).isNotNull();
            assertThat(!walk.reached().isEmpty()).as("%s reached in%n%s", in.origin(), text)
                    .isEqualTo(deciding.contains(in.index()));
            for (var e : walk.taken().entrySet()) {
                assertThat(e.getKey()).isLessThan(in.index());
                assertThat(whole.classify(e.getValue().witness()).outcome(0).decider().index())
                        .as("%s taken by %s in%n%s", in.origin(), e.getKey(), text).isEqualTo(e.getKey());
            }
        }
    }
}
