package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.analysis.decision.ProgramBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Helpers the packet-space checks share on unfolded chains ({@link Program}s): cutting a program down
 * to the instructions that can match a small domain (so that a decision diagram over that domain costs
 * what the domain's rules cost, not what the whole chain costs), disabling a rule, box-level overlap
 * tests without building sets, and turning a program's {@link CounterRef}s into {@link RuleRef}s.
 */
final class Programs {
    /** Match modules that limit a rate or a count of connections (what "rate-limited" means in the checks). */
    static final Set<String> RATE_LIMITS = Set.of("limit", "hashlimit", "recent", "connlimit");

    private static final Map<AuditedRuleset, Map<String, Optional<Program>>> FILTER_PROGRAMS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Programs() {
    }

    /**
     * The program of built-in chain {@code chain} of {@code r}'s filter table, built once per audited
     * ruleset and shared by the checks; empty when there is no such chain or it cannot be unfolded (a
     * loop, a jump to a missing chain: the parser and the structural checks report those).
     */
    static Optional<Program> filter(AuditedRuleset r, String chain) {
        Map<String, Optional<Program>> byChain = FILTER_PROGRAMS.computeIfAbsent(r, k -> new ConcurrentHashMap<>());
        return byChain.computeIfAbsent(chain, c -> {
            if (r.filter(c).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(ProgramBuilder.build(r.ruleset(), TableName.FILTER, c, r.space()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Whether some box of {@code a} meets some box of {@code b} (no set is built). */
    static boolean intersects(PacketSet a, PacketSet b) {
        for (Box x : a.boxes()) {
            for (Box y : b.boxes()) {
                if (x.intersects(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every box of {@code inner} lies in one box of {@code outer} (a sufficient test for subset). */
    static boolean coveredBoxwise(PacketSet inner, PacketSet outer) {
        outer:
        for (Box x : inner.boxes()) {
            for (Box y : outer.boxes()) {
                if (y.containsAll(x)) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /**
     * {@code program} with only the instructions that may match a packet of {@code domain} (and the
     * policy), renumbered, skips pointing to the first kept instruction at or after their old target.
     * For every packet of {@code domain} the result behaves exactly as {@code program}: a dropped
     * instruction matches none of them. {@code disabled} instructions (by old index) keep their place
     * but become counting instructions, as if their rule had been deleted.
     */
    static Program restrict(Program program, PacketSet domain, Predicate<Instruction> disabled) {
        return restrict(program, domain, disabled, null);
    }

    /**
     * As {@link #restrict(Program, PacketSet, Predicate)}; when {@code original} is not null (at least
     * as long as the program), {@code original[k]} is set to the old index of new instruction {@code k}.
     */
    static Program restrict(Program program, PacketSet domain, Predicate<Instruction> disabled, int[] original) {
        int n = program.size();
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = i == n - 1 || intersects(program.get(i).over(), domain);
        }
        return restrict(program, keep, disabled, original);
    }

    /**
     * {@code program} with only the instructions {@code keep} marks (the policy, last, must be among
     * them), renumbered as in {@link #restrict(Program, PacketSet, Predicate, int[])}; the caller
     * guarantees that every dropped instruction matches no packet of the domain of interest, or changes
     * no decision over it (a counting or non-terminal instruction, for diagrams built without
     * {@code passing}).
     */
    static Program restrict(Program program, boolean[] keep, Predicate<Instruction> disabled, int[] original) {
        int n = program.size();
        int[] newIndex = new int[n + 1];
        List<Instruction> kept = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                next++;
            }
        }
        newIndex[n] = next;
        for (int i = n - 1; i >= 0; i--) {
            newIndex[i] = keep[i] ? --next : newIndex[i + 1];
        }
        for (int i = 0; i < n; i++) {
            if (!keep[i]) {
                continue;
            }
            Instruction in = program.get(i);
            Action a = in.action();
            if (a instanceof Action.Skip s) {
                a = new Action.Skip(newIndex[s.to()]);
            } else if (a instanceof Action.Decide && i != n - 1 && disabled.test(in)) {
                a = new Action.Count();
            }
            if (original != null) {
                original[kept.size()] = i;
            }
            kept.add(new Instruction(kept.size(), in.over(), in.under(), a, in.path(), in.approximations()));
        }
        return new Program(program.table(), program.chain(), program.space(), kept);
    }

    /** The rule {@code ref} names, if it exists in {@code r}. */
    static Optional<Rule> rule(AuditedRuleset r, CounterRef ref) {
        if (ref.isPolicy()) {
            return Optional.empty();
        }
        return r.chain(ref.table(), ref.chain()).filter(c -> ref.rule() <= c.rules().size())
                .map(c -> c.rules().get(ref.rule() - 1));
    }

    /** The audit reference of {@code ref} (a rule or a built-in chain's policy). */
    static RuleRef ref(AuditedRuleset r, CounterRef ref) {
        Chain c = r.chain(ref.table(), ref.chain()).orElseThrow();
        return ref.isPolicy() ? r.policyRef(ref.table(), c) : r.ref(ref.table(), c, ref.rule());
    }

    /** {@code rule 3 of filter INPUT (-A INPUT ...)} or {@code the policy DROP of filter INPUT}. */
    static String describe(AuditedRuleset r, CounterRef ref) {
        Chain c = r.chain(ref.table(), ref.chain()).orElseThrow();
        if (ref.isPolicy()) {
            return "the policy " + c.policy() + " of " + ref.table().id() + " " + ref.chain();
        }
        return AuditedRuleset.describe(ref.table(), c, ref.rule());
    }

    /** Whether a rule on the path to {@code in} (a jump or the rule itself) limits a rate or count. */
    static boolean rateLimited(AuditedRuleset r, Instruction in) {
        for (CounterRef ref : in.path()) {
            Optional<Rule> rule = rule(r, ref);
            if (rule.isPresent()) {
                for (Match m : rule.get().matches()) {
                    if (RATE_LIMITS.contains(m.module())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The {@code iptables -D} line deleting {@code ref} (filter table or {@code -t}). */
    static String deleteLine(AuditedRuleset r, CounterRef ref) {
        return r.command() + (ref.table() == TableName.FILTER ? "" : " -t " + ref.table().id()) + " -D "
                + ref.chain() + " " + ref.rule();
    }
}
