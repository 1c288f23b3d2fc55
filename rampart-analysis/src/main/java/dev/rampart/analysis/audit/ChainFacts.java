package dev.rampart.analysis.audit;

import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Structural facts about one ruleset's chains, computed once per audit: which rules jump or go to each
 * user chain, which chains a built-in chain can reach, how a chain ends for every packet
 * ({@link #unconditionalEnd}) and where a rule of a kind first appears on a traversal
 * ({@link #firstOnTraversal}). Nothing here looks at packet contents beyond "this rule matches every
 * packet".
 */
public final class ChainFacts {
    /** How deep unconditional jumps are followed before giving up (a guard against jump loops). */
    private static final int MAX_DEPTH = 32;

    private final Ruleset ruleset;
    private final Map<TableName, Map<String, List<Caller>>> callers = new EnumMap<>(TableName.class);
    /** Chains by name per table: {@code Table.chain} scans the list, too slow for 30,000-chain rulesets. */
    private final Map<TableName, Map<String, Chain>> byName = new EnumMap<>(TableName.class);

    /** A rule that jumps or goes to a user chain: the calling chain and the rule's 1-based number. */
    public record Caller(Chain chain, int number) {
        /** The calling rule. */
        public Rule rule() {
            return chain.rules().get(number - 1);
        }
    }

    /**
     * What every packet that reaches a chain's end-decision gets: the verdict name ({@code ACCEPT},
     * {@code DROP}, {@code REJECT}, {@code RETURN}, ...), the chain and 1-based number of the
     * unconditional rule that decides, and the chain holding it (a user chain reached by unconditional
     * jumps, or the chain itself).
     */
    public record End(String verdict, Chain chain, int number) {
        /** Whether the end discards the packet (DROP or REJECT). */
        public boolean drops() {
            return verdict.equals("DROP") || verdict.equals("REJECT");
        }
    }

    /** A rule found on a traversal, and how many rules every packet reaching it was tested against first. */
    public record Found(Chain chain, int number, int rulesBefore) {
        public Rule rule() {
            return chain.rules().get(number - 1);
        }
    }

    public ChainFacts(Ruleset ruleset) {
        this.ruleset = ruleset;
        for (Table t : ruleset.tables()) {
            Map<String, List<Caller>> map = new HashMap<>();
            Map<String, Chain> names = new HashMap<>();
            byName.put(t.name(), names);
            for (Chain c : t.chains()) {
                names.put(c.name(), c);
                List<Rule> rules = c.rules();
                for (int i = 0; i < rules.size(); i++) {
                    String callee = RuleFacts.callee(rules.get(i));
                    if (callee != null) {
                        map.computeIfAbsent(callee, k -> new ArrayList<>()).add(new Caller(c, i + 1));
                    }
                }
            }
            callers.put(t.name(), map);
        }
    }

    /** The chain {@code name} of {@code table}, if present (a hash lookup). */
    public Optional<Chain> chain(TableName table, String name) {
        return Optional.ofNullable(byName.getOrDefault(table, Map.of()).get(name));
    }

    /** The rules that jump or go to {@code chain} in {@code table}, in table order. */
    public List<Caller> callers(TableName table, String chain) {
        return callers.getOrDefault(table, Map.of()).getOrDefault(chain, List.of());
    }

    /** The chains reachable from {@code start} (itself included) by jumps and gotos. */
    public Set<String> reachable(TableName table, String start) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (!seen.add(name)) {
                continue;
            }
            chain(table, name).ifPresent(c -> {
                for (Rule r : c.rules()) {
                    String callee = RuleFacts.callee(r);
                    if (callee != null) {
                        todo.add(callee);
                    }
                }
            });
        }
        return seen;
    }

    /**
     * The first unconditional rule of {@code chain} that ends the traversal of the chain, following
     * unconditional jumps into user chains; empty when packets can reach the end of the chain (the
     * policy, or the return to the caller). A jumped-to chain ends every packet only when it has an
     * unconditional end other than RETURN and no RETURN or goto before it (through those, some packets
     * come back and go on after the jump); conditional verdicts before its end do not matter, they end
     * the packets they match.
     */
    public Optional<End> unconditionalEnd(TableName table, Chain chain) {
        return end(table, chain, 0);
    }

    private Optional<End> end(TableName table, Chain chain, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        List<Rule> rules = chain.rules();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (!RuleFacts.isUnconditional(r) || r.target() == null) {
                if (r.target() == Verdict.RETURN || r.target() instanceof Goto) {
                    // some packets may come back from this callee (RETURN, or a goto whose chain falls off)
                    return Optional.of(new End("RETURN", chain, i + 1));
                }
                continue;
            }
            String callee = RuleFacts.callee(r);
            if (callee != null) {
                Optional<Chain> c = chain(table, callee);
                Optional<End> inner = c.flatMap(x -> end(table, x, depth + 1));
                if (inner.isPresent() && !inner.get().verdict().equals("RETURN")) {
                    return inner;
                }
                if (r.target() instanceof Goto) {
                    // a goto whose chain falls through returns to our caller: this chain ends here too
                    return Optional.of(new End("RETURN", chain, i + 1));
                }
                continue;
            }
            if (r.target().isTerminal()) {
                return Optional.of(new End(r.target().name(), chain, i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether built-in {@code chain} discards what no rule accepts: its policy is DROP, or it ends with
     * an unconditional DROP or REJECT (directly or through unconditional jumps).
     */
    public boolean isRestrictive(TableName table, Chain chain) {
        if (chain.builtin() && chain.policy() == Policy.DROP) {
            return true;
        }
        return unconditionalEnd(table, chain).map(End::drops).orElse(false);
    }

    /**
     * The first rule satisfying {@code wanted} that packets traversing {@code start} meet, in traversal
     * order (into user chains at their jumps, depth first), with the number of rules on the path before
     * it (the rules before it in each chain of the path, the jumps included). Rules after an
     * unconditional terminal rule are not reached.
     */
    public Optional<Found> firstOnTraversal(TableName table, Chain start, Predicate<Rule> wanted) {
        return first(table, start, wanted, 0, new HashSet<>(), new HashSet<>());
    }

    /** {@code barren}: chains already searched in full without a find (their result does not depend on the path). */
    private Optional<Found> first(TableName table, Chain chain, Predicate<Rule> wanted, int before, Set<String> path,
                                  Set<String> barren) {
        if (barren.contains(chain.name()) || !path.add(chain.name()) || path.size() > MAX_DEPTH) {
            return Optional.empty();
        }
        try {
            List<Rule> rules = chain.rules();
            for (int i = 0; i < rules.size(); i++) {
                Rule r = rules.get(i);
                if (wanted.test(r)) {
                    return Optional.of(new Found(chain, i + 1, before + i));
                }
                String callee = RuleFacts.callee(r);
                if (callee != null) {
                    Optional<Chain> c = chain(table, callee);
                    if (c.isPresent()) {
                        Optional<Found> f = first(table, c.get(), wanted, before + i + 1, path, barren);
                        if (f.isPresent()) {
                            return f;
                        }
                    }
                }
                if (RuleFacts.isUnconditional(r) && r.target() != null
                        && (r.target().isTerminal() || r.target() instanceof Goto)) {
                    break; // an unconditional verdict, RETURN or goto: nothing after it is reached
                }
            }
            barren.add(chain.name());
            return Optional.empty();
        } finally {
            path.remove(chain.name());
        }
    }

    /**
     * The 1-based number of the first rule of {@code chain} that every packet reaching it matches and
     * that ends the chain's traversal: an unconditional verdict, RETURN, goto or other terminal target, or
     * an unconditional jump to a chain that itself ends every packet with a verdict other than RETURN;
     * 0 when there is none.
     */
    public int firstUnconditionalTerminal(TableName table, Chain chain) {
        List<Rule> rules = chain.rules();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (!RuleFacts.isUnconditional(r) || r.target() == null) {
                continue;
            }
            if (r.target().isTerminal() || r.target() instanceof Goto) {
                return i + 1;
            }
            String callee = RuleFacts.callee(r);
            if (callee != null) {
                Optional<Chain> c = chain(table, callee);
                if (c.isPresent() && end(table, c.get(), 1).filter(e -> !e.verdict().equals("RETURN")).isPresent()) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /**
     * Whether {@code chain} is the built-in chain {@code builtin}, or is entered only through
     * unconditional jumps or gotos from chains that are: every packet traversing {@code builtin} that
     * gets that far reaches it, whatever its addresses or ports.
     */
    public boolean enteredUnconditionally(TableName table, Chain chain, String builtin) {
        return entered(table, chain, builtin, new HashSet<>());
    }

    private boolean entered(TableName table, Chain chain, String builtin, Set<String> seen) {
        if (chain.name().equals(builtin)) {
            return true;
        }
        if (chain.builtin() || !seen.add(chain.name())) {
            return false;
        }
        List<Caller> list = callers(table, chain.name());
        if (list.isEmpty()) {
            return false;
        }
        for (Caller k : list) {
            if (!RuleFacts.isUnconditional(k.rule()) || !entered(table, k.chain(), builtin, seen)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any rule of the ruleset carries counters (an {@code iptables-save -c} dump). */
    public boolean hasCounters() {
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                for (Rule r : c.rules()) {
                    if (r.counters() != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
