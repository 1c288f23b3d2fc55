package dev.rampart.analysis.decision;

import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The unfolding of {@code rampart flatten} computed with a {@link DecisionDiagram}: the same
 * {@link FlatChain} as the symbolic {@link dev.rampart.analysis.flat.Flattener} (the tests check they
 * agree), at the cost of one diagram instead of a set difference per rule, which makes it usable on
 * chains with thousands of rules.
 *
 * <p>Each class of the diagram (with non-terminal instructions included) contributes its boxes to the
 * guard of the instruction that decides it and of every LOG/MARK-like instruction it passes; a guard is
 * the union of those disjoint boxes. An entry is approximate when one of its classes' outcomes is.
 */
public final class DiagramFlattener {
    /** Most boxes walked per chain; beyond, flattening fails rather than exhausting memory. */
    public static final int MAX_BOXES = 5_000_000;

    private DiagramFlattener() {
    }

    /** Built-in chain {@code chain} of {@code table} unfolded over every packet of {@code space}. */
    public static FlatChain flatten(Table table, String chain, PacketSpace space) {
        Program program = ProgramBuilder.build(table, chain, space);
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), space.all(), DecisionDiagram.DEFAULT_ORDER, true);
        int n = program.size();
        List<List<Box>> boxes = new ArrayList<>(n);
        List<Set<String>> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(new ArrayList<>());
            reasons.add(new LinkedHashSet<>());
        }
        boolean complete = dd.forEachBox(leaf -> true, MAX_BOXES, (box, leaf) -> {
            Outcome o = leaf.outcome(0);
            add(boxes, reasons, o.decider(), box, o);
            for (Instruction passed : o.passed()) {
                if (passed.action() instanceof Action.Pass) {
                    add(boxes, reasons, passed, box, o);
                }
            }
        });
        if (!complete) {
            throw new IllegalStateException("chain " + chain + " has more than " + MAX_BOXES
                    + " classes; it is too fragmented to print as a flat list");
        }
        List<FlatRule> rules = new ArrayList<>();
        for (Instruction ins : program.instructions()) {
            List<Box> b = boxes.get(ins.index());
            if (b.isEmpty()) {
                continue;
            }
            var target = ins.action() instanceof Action.Decide d ? d.target() : ((Action.Pass) ins.action()).target();
            rules.add(new FlatRule(space.ofDisjointBoxes(b), target, ins.path(), List.copyOf(reasons.get(ins.index()))));
        }
        return new FlatChain(table.name(), chain, rules);
    }

    private static void add(List<List<Box>> boxes, List<Set<String>> reasons, Instruction ins, Box box, Outcome o) {
        boxes.get(ins.index()).add(box);
        reasons.get(ins.index()).addAll(o.approximations());
    }
}
