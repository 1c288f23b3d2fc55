package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSets;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.analysis.space.Translation;
import dev.rampart.analysis.space.TranslationCache;
import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.Table;
import dev.rampart.model.target.ConnmarkTarget;
import dev.rampart.model.target.CtTarget;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.HmarkTarget;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.MarkTarget;
import dev.rampart.model.target.NotrackTarget;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.TtlTarget;
import dev.rampart.model.target.UnknownTarget;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unfolds a built-in chain into a {@link Program} syntactically: no set difference is ever taken, so the
 * cost is linear in the number of rules visited (each user chain once per jump that reaches it).
 *
 * <p>Design: a rule of a user chain reached through jumps {@code j1..jk} becomes an instruction whose
 * condition is {@code j1 ∧ .. ∧ jk ∧ rule}, so packets that fail a jump never match the inlined body.
 * A RETURN in the inlined body of U becomes a {@link Action.Skip} to the instruction after U's body; a
 * goto to U is U's body followed by a skip, on the goto's condition, to the end of the calling chain's
 * body (where a RETURN of the caller would go); in the built-in chain the end of the body is the policy.
 * The set reasoning that the {@code Flattener} does eagerly ("what is left after rule k") is left to the
 * {@link DecisionDiagram}, which does it once for all rules.
 *
 * <p>Approximations: a rule whose translation is approximate contributes its over-approximation as
 * {@code over} and its under-approximation as {@code under}. A non-terminal target that rewrites a field
 * the packet space tracks (MARK, CONNMARK, HMARK: mark; TTL: ttl; CT/NOTRACK: conntrack state; an unknown
 * target: everything) makes every later rule that tests that field approximate: its {@code over} no
 * longer constrains the field and its {@code under} is empty.
 */
public final class ProgramBuilder {
    private final Table table;
    private final PacketSpace space;
    private final List<Pending> out = new ArrayList<>();
    private final Map<Dimension, String> tainted = new EnumMap<>(Dimension.class);
    private final TranslationCache translations;

    /** An instruction whose skip target is not known yet. */
    private static final class Pending {
        final PacketSet over;
        final PacketSet under;
        Action action;
        final List<CounterRef> path;
        final List<String> reasons;

        Pending(PacketSet over, PacketSet under, Action action, List<CounterRef> path, List<String> reasons) {
            this.over = over;
            this.under = under;
            this.action = action;
            this.path = path;
            this.reasons = reasons;
        }
    }

    private ProgramBuilder(Table table, PacketSpace space, TranslationCache translations) {
        this.table = table;
        this.space = space;
        this.translations = translations;
    }

    /**
     * The program of built-in chain {@code chain} of table {@code table} of {@code ruleset}, with the
     * rewrites that the tables before it on the packet's path may make (MARK, CONNMARK, TTL and unknown
     * targets in raw and mangle) treated as in {@link #build}: later tests of those fields are
     * approximate, the rule that may rewrite named. The conntrack state and NAT are not approximations:
     * the program describes packets as the chain sees them, after DNAT, with the state NOTRACK gave them.
     */
    public static Program build(Ruleset ruleset, TableName table, String chain, PacketSpace space) {
        return build(ruleset, table, chain, new TranslationCache(space));
    }

    /**
     * {@link #build(Ruleset, TableName, String, PacketSpace)} with the rules' translations taken from
     * (and added to) {@code translations}, for analyses that unfold the same rules several times.
     */
    public static Program build(Ruleset ruleset, TableName table, String chain, TranslationCache translations) {
        PacketSpace space = translations.space();
        Table t = ruleset.table(table).orElseThrow(
                () -> new IllegalArgumentException("the ruleset has no " + table.id() + " table"));
        ProgramBuilder b = new ProgramBuilder(t, space, translations);
        for (CounterRef upstream : upstreamChains(table, chain)) {
            Table ut = ruleset.table(upstream.table()).orElse(null);
            if (ut == null || ut.chain(upstream.chain()).isEmpty()) {
                continue;
            }
            b.taintFrom(ut, ut.chain(upstream.chain()).get(), new HashSet<>());
        }
        return b.program(chain);
    }

    /** The raw and mangle chains a packet passes before {@code chain} of {@code table} (rule number unused). */
    private static List<CounterRef> upstreamChains(TableName table, String chain) {
        List<CounterRef> out = new ArrayList<>();
        List<String> hooks = switch (chain) {
            case "INPUT" -> List.of("PREROUTING", "INPUT");
            case "FORWARD" -> List.of("PREROUTING", "FORWARD");
            case "OUTPUT" -> List.of("OUTPUT");
            case "POSTROUTING" -> List.of("POSTROUTING");
            default -> List.of(chain);
        };
        for (String hook : hooks) {
            for (TableName t : List.of(TableName.RAW, TableName.MANGLE)) {
                boolean sameHook = hook.equals(chain);
                if (sameHook && t.hookPriority() >= table.hookPriority()) {
                    continue;
                }
                if (t == TableName.RAW && !(hook.equals("PREROUTING") || hook.equals("OUTPUT"))) {
                    continue;
                }
                out.add(new CounterRef(t, hook, 0));
            }
        }
        return out;
    }

    /** Records the fields the targets of {@code chain} (and the chains it reaches) may rewrite. */
    private void taintFrom(Table t, Chain chain, Set<String> seen) {
        if (!seen.add(chain.name())) {
            return;
        }
        for (int k = 0; k < chain.rules().size(); k++) {
            Target target = chain.rules().get(k).target();
            if (target instanceof Jump j) {
                t.chain(j.chain()).ifPresent(c -> taintFrom(t, c, seen));
            } else if (target instanceof Goto g) {
                t.chain(g.chain()).ifPresent(c -> taintFrom(t, c, seen));
            } else if (target != null && !target.isTerminal()) {
                CounterRef ref = new CounterRef(t.name(), chain.name(), k + 1);
                for (Dimension d : rewrites(target)) {
                    // NOTRACK and CT make the state UNTRACKED, which is the state the chain then sees and
                    // tests explicitly; only header fields rewritten upstream make later tests uncertain
                    if (d != Dimension.CT_STATE) {
                        tainted.putIfAbsent(d, ref + " (" + target.name() + ")");
                    }
                }
            }
        }
    }

    /**
     * The program of built-in chain {@code chain} of {@code table} over {@code space}; throws
     * IllegalArgumentException for a missing or user chain, a loop, or a jump to a missing chain.
     */
    public static Program build(Table table, String chain, PacketSpace space) {
        return build(table, chain, new TranslationCache(space));
    }

    /** {@link #build(Table, String, PacketSpace)} with the rules' translations shared through {@code translations}. */
    public static Program build(Table table, String chain, TranslationCache translations) {
        Chain c = table.chain(chain).orElseThrow(
                () -> new IllegalArgumentException("table " + table.name().id() + " has no chain " + chain));
        if (!c.builtin()) {
            throw new IllegalArgumentException(chain + " is a user chain; only built-in chains have a program");
        }
        return new ProgramBuilder(table, translations.space(), translations).program(chain);
    }

    private Program program(String chain) {
        Chain c = table.chain(chain).orElseThrow(
                () -> new IllegalArgumentException("table " + table.name().id() + " has no chain " + chain));
        if (!c.builtin()) {
            throw new IllegalArgumentException(chain + " is a user chain; only built-in chains have a program");
        }
        List<Pending> toPolicy = new ArrayList<>();
        walk(c, space.all(), space.all(), List.of(), List.of(), new HashSet<>(), toPolicy);
        int policyIndex = out.size();
        for (Pending p : toPolicy) {
            p.action = new Action.Skip(policyIndex);
        }
        Target verdict = c.policy() == Policy.ACCEPT ? Verdict.ACCEPT : Verdict.DROP;
        out.add(new Pending(space.all(), space.all(), new Action.Decide(verdict),
                List.of(CounterRef.policy(table.name(), chain)), List.of()));
        List<Instruction> instructions = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Pending p = out.get(i);
            instructions.add(new Instruction(i, p.over, p.under, p.action, p.path, p.reasons));
        }
        return new Program(table.name(), chain, space, instructions);
    }

    /**
     * Emits the instructions of {@code chain} entered under ({@code over}, {@code under}); skips that
     * leave the chain (its RETURNs, the end of its gotos) are added to {@code exits} and patched by
     * the caller once the end of this body is known.
     */
    private void walk(Chain chain, PacketSet over, PacketSet under, List<CounterRef> callers,
                      List<String> callerReasons, Set<String> active, List<Pending> exits) {
        if (!active.add(chain.name())) {
            throw new IllegalArgumentException("chain " + chain.name() + " is reached from itself (a loop)");
        }
        List<Rule> rules = chain.rules();
        for (int k = 0; k < rules.size(); k++) {
            Rule rule = rules.get(k);
            CounterRef ref = new CounterRef(table.name(), chain.name(), k + 1);
            List<CounterRef> path = append(callers, ref);
            Translation t = translations.of(rule.header(), rule.matches());
            List<String> reasons = new ArrayList<>(callerReasons);
            PacketSet ruleOver = t.over();
            PacketSet ruleUnder = t.under();
            if (!t.isExact()) {
                reasons.add(ref + ": " + t.reason());
            }
            for (Map.Entry<Dimension, String> e : tainted.entrySet()) {
                if (constrains(ruleOver, e.getKey())) {
                    ruleOver = widen(ruleOver, e.getKey());
                    ruleUnder = space.none();
                    reasons.add(ref + ": tests a field that " + e.getValue() + " may have rewritten");
                }
            }
            PacketSet o = over.intersect(ruleOver);
            PacketSet u = under.intersect(ruleUnder);
            if (o.isEmpty()) {
                continue;
            }
            Target target = rule.target();
            if (target instanceof Jump j) {
                out.add(new Pending(o, u, new Action.Count(), path, reasons));
                List<Pending> returns = new ArrayList<>();
                walk(callee(j.chain()), o, u, path, reasons, active, returns);
                patch(returns, out.size());
            } else if (target instanceof Goto g) {
                out.add(new Pending(o, u, new Action.Count(), path, reasons));
                List<Pending> returns = new ArrayList<>();
                walk(callee(g.chain()), o, u, path, reasons, active, returns);
                patch(returns, out.size());
                Pending leave = new Pending(o, u, null, path, reasons);
                out.add(leave);
                exits.add(leave);
            } else if (target == Verdict.RETURN) {
                Pending ret = new Pending(o, u, null, path, reasons);
                out.add(ret);
                exits.add(ret);
            } else if (target == null) {
                out.add(new Pending(o, u, new Action.Count(), path, reasons));
            } else if (target.isTerminal()) {
                out.add(new Pending(o, u, new Action.Decide(target), path, reasons));
            } else {
                out.add(new Pending(o, u, new Action.Pass(target), path, reasons));
                for (Dimension d : rewrites(target)) {
                    tainted.putIfAbsent(d, ref + " (" + target.name() + ")");
                }
            }
        }
        active.remove(chain.name());
    }

    private static void patch(List<Pending> skips, int to) {
        for (Pending p : skips) {
            p.action = new Action.Skip(to);
        }
    }

    private boolean constrains(PacketSet set, Dimension d) {
        for (Box b : set.boxes()) {
            if (!b.get(d).containsAll(space.range(d))) {
                return true;
            }
        }
        return false;
    }

    private PacketSet widen(PacketSet set, Dimension d) {
        List<Box> boxes = new ArrayList<>(set.boxes().size());
        for (Box b : set.boxes()) {
            boxes.add(b.with(d, space.range(d)));
        }
        return space.ofBoxes(boxes);
    }

    /** The dimensions a non-terminal target rewrites. */
    private static Set<Dimension> rewrites(Target target) {
        if (target instanceof MarkTarget || target instanceof ConnmarkTarget || target instanceof HmarkTarget) {
            return Set.of(Dimension.MARK);
        }
        if (target instanceof TtlTarget) {
            return Set.of(Dimension.TTL);
        }
        if (target instanceof CtTarget || target instanceof NotrackTarget) {
            return Set.of(Dimension.CT_STATE);
        }
        if (target instanceof UnknownTarget) {
            return Set.of(Dimension.values());
        }
        return Set.of();
    }

    private Chain callee(String name) {
        return dev.rampart.analysis.flat.Flattener.callee(table, name);
    }

    private static List<CounterRef> append(List<CounterRef> path, CounterRef ref) {
        List<CounterRef> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(ref);
        return p;
    }
}
