package dev.rampart.sim.engine;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.sim.classify.RuleIndex;
import dev.rampart.sim.match.CompileContext;
import dev.rampart.sim.match.MatchCompiler;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A ruleset compiled for evaluation: every chain of every table with its rules' tests and its index.
 * Immutable and thread-safe once built; simulation runs ({@link Simulator}) share it.
 *
 * <p>Every chain object exists from the start, so each compiled rule can hold the chain it jumps to; a
 * chain compiles its rules and index the first time a packet enters it ({@link CompiledChain}).
 * iptables refuses loops between chains and jumps to missing chains, and so does {@link #compile}, at
 * once, over the whole jump graph.
 */
public final class CompiledRuleset {
    private final Family family;
    private static final PacketTest[] NO_TESTS = {};
    private final Map<TableName, Map<String, CompiledChain>> tables;
    private final int ruleCount;
    private final boolean usesConntrack;
    /** Built-in chains by [table ordinal][hook ordinal], null where absent: the per-packet lookup. */
    private final CompiledChain[][] builtins;

    private CompiledRuleset(Family family, Map<TableName, Map<String, CompiledChain>> tables, int ruleCount,
                            boolean usesConntrack) {
        this.family = family;
        this.tables = tables;
        this.ruleCount = ruleCount;
        this.usesConntrack = usesConntrack;
        this.builtins = new CompiledChain[TableName.values().length][Hook.values().length];
        tables.forEach((table, chains) -> {
            for (Hook h : Hook.values()) {
                CompiledChain c = chains.get(h.chainName());
                if (c != null && c.isBuiltin()) {
                    builtins[table.ordinal()][h.ordinal()] = c;
                }
            }
        });
    }

    /** The built-in chain of {@code table} at {@code hook}, or null when the ruleset has none. */
    public CompiledChain builtin(TableName table, Hook hook) {
        return builtins[table.ordinal()][hook.ordinal()];
    }

    /** How chains are indexed. */
    public enum Indexing {
        /** Every rule of a chain is tried in order: the reference evaluator. */
        LINEAR,
        /** Chains are indexed so a packet only visits rules that can match it. */
        INDEXED
    }

    /**
     * Compiles {@code ruleset}. Throws IllegalArgumentException when a rule jumps to a missing chain or
     * chains jump in a loop (the parser reports both for real input; compiled rulesets are always valid).
     */
    public static CompiledRuleset compile(Ruleset ruleset, Indexing indexing) {
        BiFunction<List<Rule>, Family, RuleIndex> indexer = indexing == Indexing.LINEAR
                ? (rules, f) -> RuleIndex.linear(rules.size())
                : RuleIndex::of;
        Map<TableName, Map<String, CompiledChain>> out = new EnumMap<>(TableName.class);
        for (Table t : ruleset.tables()) {
            out.put(t.name(), new TableCompiler(ruleset.family(), t, indexer).compileAll());
        }
        return new CompiledRuleset(ruleset.family(), out, ruleset.ruleCount(), ConntrackUse.of(ruleset));
    }

    /**
     * Whether any rule needs connection tracking (a state, conntrack, connmark, ... match, a NAT, CT or
     * CONNMARK target, or a nat table). Only then does the kernel track connections in the namespace, and
     * with tracking comes IPv4/IPv6 defragmentation before the raw table.
     */
    public boolean usesConntrack() {
        return usesConntrack;
    }

    public Family family() {
        return family;
    }

    /** Number of rules in all tables. */
    public int ruleCount() {
        return ruleCount;
    }

    /** The chain {@code chain} of {@code table}, or null when the ruleset has no such table or chain. */
    public CompiledChain chain(TableName table, String chain) {
        Map<String, CompiledChain> t = tables.get(table);
        return t == null ? null : t.get(chain);
    }

    /** Whether the ruleset has table {@code table}. */
    public boolean hasTable(TableName table) {
        return tables.containsKey(table);
    }

    /**
     * Makes the chains of one table: every chain object at once, each compiling its rules on first use
     * ({@link CompiledChain}), after checking the whole jump graph for missing chains and loops.
     */
    private static final class TableCompiler {
        private final Family family;
        private final Table table;
        private final BiFunction<List<Rule>, Family, RuleIndex> indexer;
        private final Map<String, Chain> byName = new HashMap<>();
        private final Map<String, CompiledChain> chains = new HashMap<>();

        TableCompiler(Family family, Table table, BiFunction<List<Rule>, Family, RuleIndex> indexer) {
            this.family = family;
            this.table = table;
            this.indexer = indexer;
            for (Chain c : table.chains()) {
                byName.put(c.name(), c);
            }
        }

        Map<String, CompiledChain> compileAll() {
            checkJumps();
            for (Chain c : table.chains()) {
                chains.put(c.name(), new CompiledChain(table.name(), c.name(), c.builtin() ? c.policy() : null,
                        () -> body(c)));
            }
            return Map.copyOf(chains);
        }

        /**
         * Every jump and goto names a chain of the table and no chain reaches itself: an iterative
         * depth-first search (white/grey/black) over the jump graph, on chain numbers, since kube-proxy
         * tables hold 100,000 chains and 300,000 jumps.
         */
        private void checkJumps() {
            List<Chain> all = table.chains();
            int n = all.size();
            Map<String, Integer> number = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                number.putIfAbsent(all.get(i).name(), i);
            }
            byte[] state = new byte[n]; // 0 unvisited, 1 on the path, 2 done
            int[] stackChain = new int[n];
            int[] stackRule = new int[n];
            for (int s = 0; s < n; s++) {
                if (state[s] != 0) {
                    continue;
                }
                int depth = 0;
                stackChain[0] = s;
                stackRule[0] = 0;
                state[s] = 1;
                while (depth >= 0) {
                    Chain c = all.get(stackChain[depth]);
                    int k = stackRule[depth];
                    if (k == c.rules().size()) {
                        state[stackChain[depth]] = 2;
                        depth--;
                        continue;
                    }
                    stackRule[depth] = k + 1;
                    String callee = callee(c.rules().get(k));
                    if (callee == null) {
                        continue;
                    }
                    Integer next = number.get(callee);
                    if (next == null) {
                        throw new IllegalArgumentException(table.name().id() + ": chain " + c.name()
                                + " jumps to missing chain " + callee);
                    }
                    if (state[next] == 1) {
                        throw new IllegalArgumentException(table.name().id() + ": chains loop through " + callee);
                    }
                    if (state[next] == 0) {
                        state[next] = 1;
                        depth++;
                        stackChain[depth] = next;
                        stackRule[depth] = 0;
                    }
                }
            }
        }

        private static String callee(Rule r) {
            if (r.target() instanceof Jump j) {
                return j.chain();
            }
            return r.target() instanceof Goto g ? g.chain() : null;
        }

        private CompiledChain.Body body(Chain chain) {
            CompileContext ctx = new CompileContext(family, table.name(), chain.name());
            List<CompiledRule> rules = new ArrayList<>(chain.rules().size());
            int number = 1;
            for (Rule r : chain.rules()) {
                rules.add(compileRule(r, number++, ctx, chain.name()));
            }
            return new CompiledChain.Body(rules, indexer.apply(chain.rules(), family));
        }

        private CompiledRule compileRule(Rule r, int number, CompileContext ctx, String chainName) {
            // tests that always hold (a comment) are left out: the rule's tests run in order and stop at
            // the first that fails, which an always-true test never is
            List<PacketTest> kept = new ArrayList<>(r.matches().size());
            for (Match m : r.matches()) {
                PacketTest t = MatchCompiler.compile(m, ctx);
                if (t != PacketTest.ALWAYS) {
                    kept.add(t);
                }
            }
            PacketTest[] tests = kept.isEmpty() ? NO_TESTS : kept.toArray(new PacketTest[0]);
            String callee = callee(r);
            return new CompiledRule(number, r, MatchCompiler.headerTest(r.header(), ctx), tests, r.target(),
                    callee == null ? null : chains.get(callee), r.target() instanceof Goto,
                    new CounterRef(table.name(), chainName, number));
        }
    }
}
