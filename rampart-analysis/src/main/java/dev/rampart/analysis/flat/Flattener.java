package dev.rampart.analysis.flat;

import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSets;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.analysis.space.Translation;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSets;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Unfolds the user chains, gotos and RETURNs reachable from a built-in chain of one table into a
 * {@link FlatChain}: a first-match list of entries whose guards are sets of packets.
 *
 * <p>Design: a symbolic traversal. The walk starts in the built-in chain with the whole packet space as
 * the set {@code reach} of packets that get to the current rule. For each rule, {@code m = reach ∩
 * match}; then, by target:
 * <ul>
 *   <li>terminal (ACCEPT, DROP, QUEUE, REJECT, NFQUEUE, the NAT targets, ...): an entry {@code m ->
 *       target}; {@code m} leaves {@code reach};
 *   <li>non-terminal (LOG, MARK, ...): an entry {@code m -> target}; {@code reach} is unchanged;
 *   <li>{@code -j U}: walk U with {@code m}; what U RETURNs or falls off the end of comes back into
 *       {@code reach}, the rest of {@code m} leaves it;
 *   <li>{@code -g U}: walk U with {@code m}; what U returns is handed to this chain's caller (as a
 *       RETURN of this chain would), not back into {@code reach};
 *   <li>{@code RETURN}: {@code m} is handed to the caller, or in the built-in chain to its policy;
 *   <li>no target: nothing (the rule only counts).
 * </ul>
 * At the end of the built-in chain the policy entry takes what is left and what was RETURNed. Entries
 * with an empty guard are left out. Since every packet of an entry's guard reaches that entry by
 * construction, a packet's fate is the first terminal entry containing it (this is the equivalence
 * the property test checks against the simulator).
 *
 * <p>Approximations. When a rule's translation is an {@link Translation.Approximation}, the walk uses
 * its over-approximation for "may match" ({@code m = reach ∩ over}, so the entry's guard may be too
 * big) and its under-approximation for "certainly taken" ({@code reach} loses only {@code reach ∩
 * under}, so later guards keep the packets that may pass the rule). The packets in between are
 * <em>uncertain</em>: every later entry whose guard meets them is marked approximate, naming the rule
 * and the reason. A non-terminal target that rewrites a field the packet space tracks (MARK, CONNMARK,
 * HMARK, TTL, CT/NOTRACK, an unknown target) makes the packets it matched uncertain in the same way,
 * since later guards are computed on the unmodified packet. So every guard is a superset of the packets
 * that take the entry, and exactly that set when the entry is not approximate.
 *
 * <p>The walk follows each jump separately (a chain reached twice is unfolded twice), so the result can
 * be exponentially longer than the ruleset for deeply shared chains; iptables' loop check guarantees
 * termination, and a loop or a jump to a missing chain is rejected here with an
 * IllegalArgumentException.
 */
public final class Flattener {
    private final Table table;
    private final PacketSpace space;
    private final List<Uncertainty> uncertainties = new ArrayList<>();
    private final List<FlatRule> out = new ArrayList<>();

    /** Packets whose path is unknown from some point on, and why. */
    private record Uncertainty(PacketSet packets, String reason) {
    }

    private Flattener(Table table, PacketSpace space) {
        this.table = table;
        this.space = space;
    }

    /** The space of packets of {@code ruleset}'s family that tells apart the interfaces its rules name. */
    public static PacketSpace spaceOf(Ruleset ruleset) {
        return spaceOf(List.of(ruleset));
    }

    /** As {@link #spaceOf(Ruleset)}, knowing the contents of {@code ipsets} (null: none known). */
    public static PacketSpace spaceOf(Ruleset ruleset, IpSets ipsets) {
        return spaceOf(List.of(ruleset), ipsets);
    }

    /**
     * The space of packets that tells apart the interfaces any of {@code rulesets} (one family, the
     * first's) names, so that sets from all of them can be combined (e.g. the two sides of a diff).
     */
    public static PacketSpace spaceOf(List<Ruleset> rulesets) {
        return spaceOf(rulesets, IpSets.EMPTY);
    }

    /**
     * As {@link #spaceOf(List)}, knowing the contents of {@code ipsets} (null: none known), so that
     * {@code -m set} on their address sets is exact.
     */
    public static PacketSpace spaceOf(List<Ruleset> rulesets, IpSets ipsets) {
        List<RuleHeader> headers = new ArrayList<>();
        for (Ruleset ruleset : rulesets) {
            for (Table t : ruleset.tables()) {
                for (Chain c : t.chains()) {
                    for (Rule r : c.rules()) {
                        headers.add(r.header());
                    }
                }
            }
        }
        return PacketSpace.forHeaders(rulesets.get(0).family(), headers, ipsets);
    }

    /** The user chain {@code name} of {@code table}; IllegalArgumentException when missing or built in. */
    public static Chain callee(Table table, String name) {
        Chain c = table.chain(name).orElseThrow(() -> new IllegalArgumentException(
                "table " + table.name().id() + " has no chain " + name));
        if (c.builtin()) {
            throw new IllegalArgumentException("a rule jumps to the built-in chain " + name);
        }
        return c;
    }

    /** Every built-in chain of every table of {@code ruleset}, unfolded, in {@code iptables-save} order. */
    public static List<FlatChain> flattenAll(Ruleset ruleset) {
        PacketSpace space = spaceOf(ruleset);
        List<FlatChain> chains = new ArrayList<>();
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin()) {
                    chains.add(flatten(t, c.name(), space));
                }
            }
        }
        return chains;
    }

    /** The built-in chain {@code chain} of table {@code table} of {@code ruleset}, unfolded. */
    public static FlatChain flatten(Ruleset ruleset, TableName table, String chain) {
        Table t = ruleset.table(table)
                .orElseThrow(() -> new IllegalArgumentException("the ruleset has no " + table.id() + " table"));
        return flatten(t, chain, spaceOf(ruleset));
    }

    /** The built-in chain {@code chain} of {@code table} unfolded, with guards in {@code space}. */
    public static FlatChain flatten(Table table, String chain, PacketSpace space) {
        Chain c = table.chain(chain).orElseThrow(
                () -> new IllegalArgumentException("table " + table.name().id() + " has no chain " + chain));
        if (!c.builtin()) {
            throw new IllegalArgumentException(chain + " is a user chain; only built-in chains are unfolded");
        }
        Flattener f = new Flattener(table, space);
        Set<String> active = new HashSet<>();
        PacketSet returned = f.walk(c, space.all(), List.of(), active);
        CounterRef policy = CounterRef.policy(table.name(), chain);
        Target verdict = c.policy() == dev.rampart.model.Policy.ACCEPT ? Verdict.ACCEPT : Verdict.DROP;
        f.emit(returned, verdict, List.of(policy), List.of());
        return new FlatChain(table.name(), chain, f.out);
    }

    /**
     * Walks {@code chain} with the packets {@code reach} entering it, {@code callers} being the jump
     * rules that led here; returns the packets that leave it back to its caller (RETURN, the end of
     * the chain, or a goto'd chain returning).
     */
    private PacketSet walk(Chain chain, PacketSet reach, List<CounterRef> callers, Set<String> active) {
        if (!active.add(chain.name())) {
            throw new IllegalArgumentException("chain " + chain.name() + " is reached from itself (a loop)");
        }
        PacketSet returned = space.none();
        List<Rule> rules = chain.rules();
        for (int k = 0; k < rules.size() && !reach.isEmpty(); k++) {
            Rule rule = rules.get(k);
            Translation t = PacketSets.of(rule.header(), rule.matches(), space);
            PacketSet may = reach.intersect(t.over());
            if (may.isEmpty()) {
                continue;
            }
            CounterRef ref = new CounterRef(table.name(), chain.name(), k + 1);
            List<CounterRef> path = append(callers, ref);
            List<String> ruleReasons = new ArrayList<>();
            if (!t.isExact()) {
                String reason = ref + ": " + t.reason();
                ruleReasons.add(reason);
                PacketSet unsure = may.minus(t.under());
                if (!unsure.isEmpty()) {
                    uncertainties.add(new Uncertainty(unsure, reason));
                }
            }
            PacketSet certain = t.isExact() ? may : reach.intersect(t.under());
            Target target = rule.target();
            if (target == null) {
                continue;
            }
            if (target instanceof Jump j) {
                PacketSet back = walk(callee(j.chain()), may, path, active);
                reach = reach.minus(certain).union(back);
            } else if (target instanceof Goto g) {
                returned = returned.union(walk(callee(g.chain()), may, path, active));
                reach = reach.minus(certain);
            } else if (target == Verdict.RETURN) {
                returned = returned.union(may);
                reach = reach.minus(certain);
            } else {
                emit(may, target, path, ruleReasons);
                if (target.isTerminal()) {
                    reach = reach.minus(certain);
                } else if (rewritesTrackedField(target)) {
                    uncertainties.add(new Uncertainty(may, ref + ": target " + target.name()
                            + " rewrites a field later rules may test; later guards assume the original packet"));
                }
            }
        }
        active.remove(chain.name());
        return returned.union(reach);
    }

    private void emit(PacketSet guard, Target target, List<CounterRef> path, List<String> ruleReasons) {
        if (guard.isEmpty()) {
            return;
        }
        List<String> reasons = new ArrayList<>(ruleReasons);
        for (Uncertainty u : uncertainties) {
            if (!reasons.contains(u.reason()) && !guard.intersect(u.packets()).isEmpty()) {
                reasons.add(u.reason());
            }
        }
        out.add(new FlatRule(guard, target, path, reasons));
    }

    private Chain callee(String name) {
        return callee(table, name);
    }

    /** Whether a non-terminal target changes a field the packet space has a dimension for. */
    private static boolean rewritesTrackedField(Target target) {
        return target instanceof MarkTarget || target instanceof ConnmarkTarget || target instanceof HmarkTarget
                || target instanceof TtlTarget || target instanceof CtTarget || target instanceof NotrackTarget
                || target instanceof UnknownTarget;
    }

    private static List<CounterRef> append(List<CounterRef> path, CounterRef ref) {
        List<CounterRef> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(ref);
        return p;
    }
}
