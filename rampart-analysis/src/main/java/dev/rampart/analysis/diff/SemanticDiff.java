package dev.rampart.analysis.diff;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.match.CtState;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.analysis.space.TranslationCache;
import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.target.Target;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two rulesets of one address family over the whole packet space: for each built-in chain of
 * the filter and nat tables, the classes of packets whose deciding target differs (verdict, REJECT type,
 * NAT target and its options), grouped by the pair of deciding rules, each with a witness.
 *
 * <p>Design: both chains become {@link Program}s over one packet space (whose interface alphabet knows
 * the names of both rulesets), and one {@link DecisionDiagram} partitions the packets that reach the
 * chain by both programs at once; a class changed when the two deciding targets differ, or the targets
 * of the approximated rules that may decide before them (a change that may happen). Rule numbers
 * do not count: moving a rule so that every packet keeps its target is no change. A chain that exists
 * on one side only is compared with an empty chain with an ACCEPT policy (what the kernel does without
 * it). Tables whose canonical text is equal on both sides are skipped at once, and within a chain only
 * the packets that a rule present on one side only may match are partitioned ({@link ChangedRegion}):
 * a small change to a big ruleset costs a small diagram.
 */
public final class SemanticDiff {
    /** Boxes collected per change to describe its class. */
    static final int BOXES_PER_CHANGE = 256;

    private SemanticDiff() {
    }

    /** Every change from {@code before} to {@code after}; both must be of one family. */
    public static List<Change> compare(Ruleset before, Ruleset after) {
        if (before.family() != after.family()) {
            throw new IllegalArgumentException("cannot compare an IPv4 ruleset with an IPv6 one");
        }
        PacketSpace space = dev.rampart.analysis.flat.Flattener.spaceOf(List.of(before, after));
        TranslationCache translations = new TranslationCache(space);
        List<Change> changes = new ArrayList<>();
        for (TableName table : List.of(TableName.FILTER, TableName.NAT)) {
            if (before.table(table).isEmpty() && after.table(table).isEmpty()
                    || text(before.table(table).orElse(null)).equals(text(after.table(table).orElse(null)))) {
                // the same rules, in canonical form: no packet can change fate (and no diagram is needed)
                continue;
            }
            // aligned instructions carry the same approximations only when the tables upstream are equal
            boolean upstreamEqual = List.of(TableName.RAW, TableName.MANGLE).stream().allMatch(
                    t -> text(before.table(t).orElse(null)).equals(text(after.table(t).orElse(null))));
            for (String chain : table.builtinChains()) {
                changes.addAll(compareChain(before, after, table, chain, translations, upstreamEqual));
            }
        }
        return changes;
    }

    private static List<Change> compareChain(Ruleset before, Ruleset after, TableName table, String chain,
                                             TranslationCache translations, boolean upstreamEqual) {
        PacketSpace space = translations.space();
        Program old = program(before, table, chain, translations);
        Program now = program(after, table, chain, translations);
        PacketSet domain = ChainDomain.of(space, chain);
        if (upstreamEqual) {
            var region = ChangedRegion.of(old, before, now, after);
            if (region.isPresent()) {
                domain = domain.intersect(region.get());
                if (domain.isEmpty()) {
                    return List.of();
                }
            }
        }
        if (table == TableName.NAT) {
            // the nat table sees only the first packet of each connection
            domain = domain.intersect(space.where(Dimension.CT_STATE, IntervalSet.point(CtState.NEW.ordinal())));
        }
        DecisionDiagram dd = DecisionDiagram.of(List.of(old, now), domain, DecisionDiagram.DEFAULT_ORDER, false);
        record Key(CounterRef before, CounterRef after) {
        }
        Map<Key, DecisionDiagram.Node> groups = new LinkedHashMap<>();
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            if (changed(leaf)) {
                groups.putIfAbsent(new Key(leaf.outcome(0).decider().origin(), leaf.outcome(1).decider().origin()), leaf);
            }
        }
        List<Change> out = new ArrayList<>();
        for (Map.Entry<Key, DecisionDiagram.Node> e : groups.entrySet()) {
            Key k = e.getKey();
            List<Box> boxes = dd.boxes(n -> changed(n) && n.outcome(0).decider().origin().equals(k.before())
                    && n.outcome(1).decider().origin().equals(k.after()), BOXES_PER_CHANGE + 1);
            boolean complete = boxes.size() <= BOXES_PER_CHANGE;
            List<Box> kept = complete ? boxes : boxes.subList(0, BOXES_PER_CHANGE);
            DecisionDiagram.Node leaf = e.getValue();
            PacketSet packets = space.ofBoxes(kept);
            out.add(new Change(table, chain, packets, complete, packets.witness(), leaf.outcome(0), leaf.outcome(1)));
        }
        return out;
    }

    /**
     * Whether the class's fate differs: another deciding target, or — where matches are approximated —
     * other targets among the rules that may decide first (e.g. a kube-proxy endpoint chosen by
     * {@code -m statistic} that now DNATs elsewhere), which is a change that may happen.
     */
    private static boolean changed(DecisionDiagram.Node leaf) {
        Outcome a = leaf.outcome(0);
        Outcome b = leaf.outcome(1);
        return !Objects.equals(a.target(), b.target()) || !maybeTargets(a).equals(maybeTargets(b));
    }

    private static List<Target> maybeTargets(Outcome o) {
        List<Target> targets = new ArrayList<>(o.maybeDeciders().size());
        for (Instruction i : o.maybeDeciders()) {
            targets.add(((Action.Decide) i.action()).target());
        }
        return targets;
    }

    /** The chain's program, or that of an empty ACCEPT chain when the ruleset lacks the table or chain. */
    private static Program program(Ruleset ruleset, TableName table, String chain, TranslationCache translations) {
        PacketSpace space = translations.space();
        Table t = ruleset.table(table).orElse(null);
        if (t == null || t.chain(chain).isEmpty()) {
            Chain empty = new Chain(chain, true, Policy.ACCEPT, null, List.of(), null);
            Table stand = new Table(table, List.of(empty));
            return ProgramBuilder.build(stand, chain, space);
        }
        return ProgramBuilder.build(ruleset, table, chain, translations);
    }

    /** The table's chains, policies and rules in canonical form (counters left out); "" for no table. */
    private static String text(Table t) {
        if (t == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Chain c : t.chains()) {
            sb.append(':').append(c.name()).append(' ').append(c.builtin() ? c.policy() : "-").append('\n');
            for (Rule r : c.rules()) {
                sb.append(dev.rampart.model.write.CanonicalWriter.ruleText(c.name(), r)).append('\n');
            }
        }
        return sb.toString();
    }
}
