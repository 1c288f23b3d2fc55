package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Al-Shaer and Hamed's rule anomalies ("Firewall policy advisor for anomaly discovery and rule
 * editing", IM 2003 / INFOCOM 2004) in the filter table's built-in chains after unfolding, computed over
 * the whole packet space and shared by the checks RA123 to RA126 (computed once per audited ruleset).
 *
 * <p>Design: no diagram of a whole chain is built (for the 6,004-instruction FORWARD chain of the TUM
 * 2016-06 ruleset that alone takes 3 to 5 s); everything is settled per rule, near the rule. A
 * {@link ChainIndex} names, for any box or packet, the few terminal instructions and skips whose spans
 * meet it. A terminal rule whose every instruction is exact decides something iff some packet it
 * matches reaches it; {@link DeciderSearch} looks for such a packet by walking single packets
 * ({@link PointWalk}, the diagram's outcome semantics), which proves almost every live rule live in a
 * few walks. For a rule no packet was quickly found for, a small diagram over the packets it matches
 * (the program cut down to the instructions that can match them, {@link Programs#restrict}) settles it
 * exactly: a class it decides makes it live; otherwise it decides nothing, and the rules that take its
 * packets are named: an earlier one with another target makes the rule <em>shadowed</em>, else it is
 * <em>redundant</em>. When more than {@value #MAX_DIAGRAM_INSTRUCTIONS} instructions meet those packets
 * (a rule for any source behind hundreds of per-host checks), a longer search comes first, then the
 * packets are pushed through the chain as sets ({@link RegionWalk}), which is exact too. A rule that decides something is redundant when deleting it changes no packet's
 * target. Cheap tests on the later instructions that may match its packets settle most rules (all of
 * them deciding with the rule's target: redundant; the first of them another target and covering all
 * its packets: not); then a packet it decides that gets another (or an uncertain) fate when walked with
 * the rule disabled shows it is needed; the others get a two-program diagram (with the rule, and with
 * it turned into a counting instruction) over its packets that compares the targets class by class. A
 * final catch-all that only restates the policy is not reported. Generalisation and correlation
 * compare pairs of live exact terminal instructions with different targets (the index names each
 * one's later partners; once correlations are capped, only the partners whose spans contain it) box by
 * box, and confirm a pair with a packet of the overlap decided by the earlier rule, found by a search or
 * else by a small diagram over the overlap (without one, the order of the two does not matter to any
 * packet). Rules that test nothing but the conntrack state and the loopback device, and catch-alls, form
 * no pairs (they overlap everything on purpose); two rules met at several places of the unfolded chain
 * are reported once.
 *
 * <p>Every result keeps the definitions above exactly: a search only ever proves (a packet found is
 * walked exactly as the diagram would classify it), and what it cannot prove goes to a diagram.
 *
 * <p>Bounds (so that an audit of the TUM rulesets stays within its budget): a chain that unfolds into
 * more than {@value #MAX_INSTRUCTIONS} instructions is skipped with a note; per chain, at most
 * {@value #MAX_DEAD_TESTS} rules that no search reached get a diagram (the first ones, in order; the
 * truly dead among them get their shadowing rules named), at most {@value #MAX_REDUNDANCY_TESTS}
 * deciding rules that the cheap tests and the search cannot settle get a redundancy diagram, a diagram
 * is built only over at most {@value #MAX_DIAGRAM_INSTRUCTIONS} instructions and at most
 * {@value #MAX_DIAGRAMS} of them per chain, at most {@value #MAX_PAIR_TESTS} pairs are compared and at
 * most {@value #MAX_OVERLAP_TESTS} overlaps per kind confirmed for generalisation and correlation, and at
 * most {@value #MAX_FINDINGS} findings of each kind are reported; when a bound cuts the analysis
 * short, a note says so (a rule that a bound left unsettled is not reported).
 */
final class RuleAnomalies {
    /**
     * Chains that unfold into more instructions are skipped (with a note): past it, the index (whose
     * memory {@link ChainIndex#MAX_WORDS} bounds) and the per-rule searches would outgrow the audit's
     * budget even with the caps below (the TUM 2016-06 FORWARD chain, 6,004 instructions, takes about
     * 0.3 s of CPU).
     */
    static final int MAX_INSTRUCTIONS = 20_000;
    /** A rule, pair or overlap is settled with a diagram only over at most this many instructions. */
    static final int MAX_DIAGRAM_INSTRUCTIONS = 2_000;
    /** Diagrams per chain built to settle what the quick searches could not. */
    static final int MAX_DIAGRAMS = 200;
    /** Live rules per chain whose redundancy is tested with a diagram (when the cheap tests cannot settle it). */
    static final int MAX_REDUNDANCY_TESTS = 40;
    /** Rules per chain that no search reached and that get a diagram (dead ones get their shadowing rules named). */
    static final int MAX_DEAD_TESTS = 100;
    /** Pairs of rules per chain compared for generalisation and correlation. */
    static final int MAX_PAIR_TESTS = 500_000;
    /** Findings of one kind reported per chain. */
    static final int MAX_FINDINGS = 20;
    /** Candidate overlaps confirmed per kind and chain, by a search or a diagram (before giving up on finding more). */
    static final int MAX_OVERLAP_TESTS = 30;
    /** Built-in chains of the filter table analysed. */
    static final List<String> CHAINS = List.of("INPUT", "FORWARD", "OUTPUT");

    /** The kinds of anomaly. */
    enum Kind { SHADOWED, REDUNDANT, GENERALISATION, CORRELATION }

    /**
     * One anomaly (or, with {@code note}, a remark that a bound cut the analysis of {@code kind} short):
     * the rule it is about, the other rules involved (the shadowing rules; the rules that take over; the
     * other rule of the pair), a witness packet of the chain, a sentence explaining it, and the
     * approximations it rests on.
     */
    record Anomaly(Kind kind, String chain, CounterRef rule, List<CounterRef> others, Packet witness,
                   String explanation, boolean note, List<String> approximations) {
        Anomaly {
            others = List.copyOf(others);
            approximations = List.copyOf(approximations);
        }
    }

    /** Per ruleset, the analysis: computed once, by whichever thread asks first; others wait for it. */
    private static final Map<AuditedRuleset, CompletableFuture<List<Anomaly>>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private RuleAnomalies() {
    }

    /**
     * The anomalies of {@code r}'s filter table (computed on first use, then cached per ruleset; a
     * second thread asking meanwhile waits for the first one's result).
     */
    static List<Anomaly> of(AuditedRuleset r) {
        CompletableFuture<List<Anomaly>> mine = new CompletableFuture<>();
        CompletableFuture<List<Anomaly>> known = CACHE.putIfAbsent(r, mine);
        if (known == null) {
            try {
                mine.complete(List.copyOf(compute(r)));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return known.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }

    /** One analysed built-in chain: its program, its domain, the index of its instructions. */
    private static final class Analysed {
        final String chain;
        final Program program;
        final PacketSet domain;
        final ChainIndex index;
        final long[] scratch;
        /** Points that recently reached an instruction of the program (to start searches from). */
        final DeciderSearch.Hints hints = new DeciderSearch.Hints();
        /** Diagrams left to settle what the searches could not (see {@link #MAX_DIAGRAMS}). */
        int diagramsLeft = MAX_DIAGRAMS;
        /** Per kind, how many rules (pairs) a diagram would have settled but the bounds did not allow. */
        final int[] unsettled = new int[Kind.values().length];

        Analysed(String chain, Program program, PacketSet domain) {
            this.chain = chain;
            this.program = program;
            this.domain = domain;
            this.index = ChainIndex.of(program);
            this.scratch = new long[index.words()];
        }

        /**
         * The instructions to keep for a diagram over {@code region}, or null (counted for a note) when
         * that diagram is over the bounds: more than {@value #MAX_DIAGRAM_INSTRUCTIONS} instructions near
         * the region, or the chain's {@value #MAX_DIAGRAMS} diagrams used up.
         */
        boolean[] forDiagram(PacketSet region, Kind kind) {
            boolean[] keep = diagramsLeft > 0 ? index.relevant(region, MAX_DIAGRAM_INSTRUCTIONS, scratch) : null;
            if (keep == null) {
                unsettled[kind.ordinal()]++;
                return null;
            }
            diagramsLeft--;
            return keep;
        }

        /** Whether a diagram over {@code region} would take more than {@value #MAX_DIAGRAM_INSTRUCTIONS} instructions. */
        boolean tooBig(PacketSet region) {
            return index.relevant(region, MAX_DIAGRAM_INSTRUCTIONS, scratch) == null;
        }

        /**
         * The {@link RegionWalk} of {@code region} up to instruction {@code target} (it counts as one of
         * the chain's diagrams), or null (counted for a note) when over its bound or the budget.
         */
        RegionWalk walk(PacketSet region, int target, Kind kind) {
            RegionWalk walk = diagramsLeft > 0 ? RegionWalk.of(index, region, target, scratch) : null;
            if (walk == null) {
                unsettled[kind.ordinal()]++;
                return null;
            }
            diagramsLeft--;
            return walk;
        }

        /** The notes on what the diagram bounds left unsettled. */
        void notes(List<Anomaly> out) {
            for (Kind k : Kind.values()) {
                int n = unsettled[k.ordinal()];
                if (n == 0) {
                    continue;
                }
                String what = switch (k) {
                    case SHADOWED -> n + (n == 1 ? " rule" : " rules") + " of filter " + chain
                            + " that no packet was quickly found to reach (shadowed or redundant, or live)";
                    case REDUNDANT -> n + (n == 1 ? " rule" : " rules") + " of filter " + chain
                            + " whose redundancy the quick tests could not settle";
                    case GENERALISATION, CORRELATION -> n + " candidate " + (n == 1 ? "pair" : "pairs") + " of filter "
                            + chain + " whose overlap no packet was quickly found for";
                };
                String means = k == Kind.SHADOWED
                        ? "a decision diagram over more than " + MAX_DIAGRAM_INSTRUCTIONS + " instructions (and a walk "
                        + "of its packets as sets fragmented into more than " + RegionWalk.MAX_BOXES + " boxes)"
                        : "a decision diagram over more than " + MAX_DIAGRAM_INSTRUCTIONS + " instructions";
                out.add(note(k, chain, null, what + " would need " + means + ", or more than " + MAX_DIAGRAMS
                        + " diagrams in the chain; not reported"));
            }
        }
    }

    private static List<Anomaly> compute(AuditedRuleset r) {
        List<Anomaly> out = new ArrayList<>();
        if (r.table(TableName.FILTER).isEmpty()) {
            return out;
        }
        PacketSpace space = r.space();
        Map<String, Analysed> chains = new LinkedHashMap<>();
        for (String chain : CHAINS) {
            Chain c = r.filter(chain).orElse(null);
            if (c == null || c.rules().isEmpty()) {
                continue;
            }
            long size = unfoldedSize(r, c, new HashMap<>(), 0);
            if (size > MAX_INSTRUCTIONS) {
                String text = "filter " + chain + " unfolds into " + (size == Long.MAX_VALUE ? "too many" : "up to " + size)
                        + " instructions, more than the " + MAX_INSTRUCTIONS
                        + " this check analyses within the audit's time budget; it was skipped";
                for (Kind k : Kind.values()) {
                    out.add(note(k, chain, null, text));
                }
                continue;
            }
            Program p = Programs.filter(r, chain).orElse(null);
            if (p == null) {
                continue; // a loop or a jump to a missing chain: the structural checks and the parser say so
            }
            chains.put(chain, new Analysed(chain, p, ChainDomain.of(space, chain)));
        }
        // a rule is judged over every program it appears in (a user chain may be reached from several)
        Map<CounterRef, List<Located>> byRule = new LinkedHashMap<>();
        for (Analysed a : chains.values()) {
            for (Instruction in : a.program.instructions()) {
                if (in.action() instanceof Action.Decide && !in.origin().isPolicy()) {
                    byRule.computeIfAbsent(in.origin(), k -> new ArrayList<>()).add(new Located(a, in));
                }
            }
        }
        Map<String, int[]> deadTests = new HashMap<>();
        Map<String, int[]> liveTests = new HashMap<>();
        Set<String> deadNoted = new HashSet<>();
        Set<String> liveNoted = new HashSet<>();
        Map<String, int[]> reported = new HashMap<>();
        Set<CounterRef> live = new HashSet<>();
        for (Map.Entry<CounterRef, List<Located>> e : byRule.entrySet()) {
            CounterRef rule = e.getKey();
            List<Located> at = e.getValue();
            if (!at.stream().allMatch(l -> l.instruction.isExact())) {
                continue;
            }
            String chain = at.get(0).chain.chain;
            DeciderSearch.Found reached = reach(at);
            if (reached == null) {
                if (++deadTests.computeIfAbsent(chain, k -> new int[1])[0] > MAX_DEAD_TESTS) {
                    if (deadNoted.add(chain)) {
                        out.add(note(Kind.SHADOWED, chain, rule, "rules of filter " + chain + " that no packet was "
                                + "quickly found to reach were settled for the first " + MAX_DEAD_TESTS + " only"));
                    }
                    continue;
                }
                Settled s = dead(rule, at);
                if (s == null) {
                    continue; // over the diagram bounds (noted)
                }
                if (s.anomaly != null) {
                    if (count(reported, chain, s.anomaly.kind()) <= MAX_FINDINGS) {
                        out.add(s.anomaly);
                    }
                    continue;
                }
                reached = s.reached;
            }
            live.add(rule);
            int[] tests = liveTests.computeIfAbsent(chain, k -> new int[1]);
            boolean[] tested = new boolean[1];
            Anomaly a = redundantLive(rule, at, reached, tests[0] < MAX_REDUNDANCY_TESTS, tested);
            if (tested[0] && ++tests[0] > MAX_REDUNDANCY_TESTS && liveNoted.add(chain)) {
                out.add(note(Kind.REDUNDANT, chain, rule, "redundancy needing a diagram was tested for the first "
                        + MAX_REDUNDANCY_TESTS + " such rules of filter " + chain + " only"));
            }
            if (a != null && count(reported, chain, Kind.REDUNDANT) <= MAX_FINDINGS) {
                out.add(a);
            }
        }
        for (Analysed a : chains.values()) {
            pairs(r, a, live, out);
            a.notes(out);
        }
        for (Map.Entry<String, int[]> e : reported.entrySet()) {
            // summary notes for kinds that hit the cap
            String[] parts = e.getKey().split("/");
            int n = e.getValue()[0];
            if (n > MAX_FINDINGS) {
                Kind k = Kind.valueOf(parts[1]);
                out.add(note(k, parts[0], null, (n - MAX_FINDINGS) + " more " + k.name().toLowerCase()
                        + " rules in filter " + parts[0] + " are not listed (at most " + MAX_FINDINGS + " per chain)"));
            }
        }
        return out;
    }

    /**
     * A packet that some instruction of the rule decides (one of whose walk is exact when the search
     * finds one), found by {@link DeciderSearch}; null when none was found quickly.
     */
    private static DeciderSearch.Found reach(List<Located> at) {
        DeciderSearch.Found best = null;
        for (Located l : at) {
            PacketSet region = l.region();
            if (region.isEmpty()) {
                continue;
            }
            DeciderSearch.Found f = DeciderSearch.reach(l.chain.index, region, l.instruction.index(), l.chain.scratch, l.chain.hints, false);
            if (f != null && (best == null || best.approximate() && !f.approximate())) {
                best = f;
                if (!f.approximate()) {
                    break;
                }
            }
        }
        return best;
    }

    /**
     * How many instructions {@code chain} unfolds into at most (each rule once, each jump or goto also
     * its callee's body), counted on the model without building sets; {@code Long.MAX_VALUE} for a loop
     * or a missing chain (the program builder refuses those anyway).
     */
    private static long unfoldedSize(AuditedRuleset r, Chain chain, Map<String, Long> memo, int depth) {
        Long known = memo.get(chain.name());
        if (known != null) {
            return known;
        }
        if (depth > 64) {
            return Long.MAX_VALUE;
        }
        long n = chain.builtin() ? 1 : 0;
        for (Rule rule : chain.rules()) {
            n++;
            String callee = rule.target() instanceof Jump j ? j.chain() : rule.target() instanceof Goto g ? g.chain() : null;
            if (callee != null) {
                Chain c = r.chain(TableName.FILTER, callee).orElse(null);
                long m = c == null || c.builtin() ? Long.MAX_VALUE : unfoldedSize(r, c, memo, depth + 1);
                n = m == Long.MAX_VALUE ? Long.MAX_VALUE : n + m + 1;
            }
            if (n == Long.MAX_VALUE || n > 10L * MAX_INSTRUCTIONS) {
                return Long.MAX_VALUE;
            }
        }
        memo.put(chain.name(), n);
        return n;
    }

    /** {@code refs} ordered by chain name, then rule number (policies last). */
    private static List<CounterRef> inOrder(Set<CounterRef> refs) {
        List<CounterRef> out = new ArrayList<>(refs);
        out.sort(java.util.Comparator.comparing(CounterRef::chain)
                .thenComparing(c -> c.isPolicy() ? Integer.MAX_VALUE : c.rule()));
        return out;
    }

    /** One place of a rule in an analysed chain, with the packets of the chain it matches (computed once). */
    private static final class Located {
        final Analysed chain;
        final Instruction instruction;
        private PacketSet region;

        Located(Analysed chain, Instruction instruction) {
            this.chain = chain;
            this.instruction = instruction;
        }

        /** The packets of the chain's domain the instruction matches. */
        PacketSet region() {
            if (region == null) {
                region = instruction.over().intersect(chain.domain);
            }
            return region;
        }
    }

    private static int count(Map<String, int[]> reported, String chain, Kind kind) {
        return ++reported.computeIfAbsent(chain + "/" + kind.name(), k -> new int[1])[0];
    }

    private static Anomaly note(Kind kind, String chain, CounterRef rule, String text) {
        return new Anomaly(kind, chain, rule, List.of(), null, text, true, List.of());
    }

    private static String fate(Instruction in) {
        return Fate.of(((Action.Decide) in.action()).target());
    }

    /**
     * How a rule that no packet was quickly found to reach was settled: it decides nothing
     * ({@code anomaly}: shadowed or redundant), or a diagram found a packet it decides ({@code reached}).
     */
    private record Settled(Anomaly anomaly, DeciderSearch.Found reached) {
    }

    /**
     * Settles a rule with a small diagram per instruction over the packets it matches (the program cut
     * down to the instructions that can match them): a class it decides makes it live; otherwise it
     * decides nothing, and is shadowed when an earlier rule with another target takes some of its
     * packets. Null when a diagram is over the bounds (counted for a note).
     */
    private static Settled dead(CounterRef rule, List<Located> at) {
        Set<CounterRef> sameTakers = new LinkedHashSet<>();
        Set<CounterRef> otherTakers = new LinkedHashSet<>();
        Packet sameWitness = null;
        Packet otherWitness = null;
        String chain = at.get(0).chain.chain;
        String fate = fate(at.get(0).instruction);
        List<String> reasons = new ArrayList<>();
        DeciderSearch.Found approximate = null;
        for (Located l : at) {
            PacketSet domain = l.region();
            if (domain.isEmpty()) {
                continue;
            }
            Program program = l.chain.program;
            if (l.chain.tooBig(domain)) {
                // too many instructions near the region for a diagram: search longer, then push the
                // region through as sets
                DeciderSearch.Found found = DeciderSearch.reach(l.chain.index, domain, l.instruction.index(),
                        l.chain.scratch, l.chain.hints, false, DeciderSearch.LONG_TRIES);
                if (found != null) {
                    return new Settled(null, found);
                }
                RegionWalk walk = l.chain.walk(domain, l.instruction.index(), Kind.SHADOWED);
                if (walk == null) {
                    return null;
                }
                if (!walk.reached().isEmpty()) {
                    Packet w = walk.reached().witness();
                    DeciderSearch.Found f = new DeciderSearch.Found(program, program.space().point(w),
                            !walk.approximations().isEmpty(), w);
                    l.chain.hints.add(f.point());
                    return new Settled(null, f);
                }
                reasons.addAll(walk.approximations());
                for (Map.Entry<Integer, PacketSet> e : walk.taken().entrySet()) {
                    Instruction taker = program.get(e.getKey());
                    if (fate(taker).equals(fate)) {
                        sameTakers.add(taker.origin());
                        sameWitness = sameWitness == null ? e.getValue().witness() : sameWitness;
                    } else {
                        otherTakers.add(taker.origin());
                        otherWitness = otherWitness == null ? e.getValue().witness() : otherWitness;
                    }
                }
                continue;
            }
            boolean[] keep = l.chain.forDiagram(domain, Kind.SHADOWED);
            if (keep == null) {
                return null;
            }
            int[] original = new int[program.size()];
            Program small = Programs.restrict(program, keep, in -> false, original);
            DecisionDiagram dd = DecisionDiagram.of(List.of(small), domain, DecisionDiagram.DEFAULT_ORDER, false);
            for (DecisionDiagram.Node leaf : dd.leaves()) {
                Outcome o = leaf.outcome(0);
                CounterRef taker = o.decider().origin();
                int index = original[o.decider().index()];
                if (index == l.instruction.index()) {
                    Packet w = leaf.witness();
                    DeciderSearch.Found f = new DeciderSearch.Found(program, program.space().point(w), o.isApproximate(), w);
                    l.chain.hints.add(f.point());
                    if (!o.isApproximate()) {
                        return new Settled(null, f);
                    }
                    approximate = approximate == null ? f : approximate;
                    continue;
                }
                if (index > l.instruction.index()) {
                    continue; // the packet skips the rule (a RETURN before it): it never reaches it
                }
                reasons.addAll(o.approximations());
                if (fate(o.decider()).equals(fate)) {
                    sameTakers.add(taker);
                    if (sameWitness == null) {
                        sameWitness = leaf.witness();
                    }
                } else {
                    otherTakers.add(taker);
                    if (otherWitness == null) {
                        otherWitness = leaf.witness();
                    }
                }
            }
        }
        if (approximate != null) {
            return new Settled(null, approximate);
        }
        if (!otherTakers.isEmpty()) {
            return new Settled(new Anomaly(Kind.SHADOWED, chain, rule, inOrder(otherTakers), otherWitness,
                    "every packet it matches is decided earlier, and " + otherTakers.size()
                            + (otherTakers.size() == 1 ? " earlier rule with another target takes"
                            : " earlier rules with another target take") + " some of them", false, reasons), null);
        }
        return new Settled(new Anomaly(Kind.REDUNDANT, chain, rule, inOrder(sameTakers), sameWitness,
                sameTakers.isEmpty() ? "no packet it matches reaches it"
                        : "every packet it matches is decided earlier with the same target " + fate,
                false, reasons), null);
    }

    /** How the redundancy of a live rule was settled. */
    private enum Quick { REDUNDANT, KEPT, UNKNOWN }

    /**
     * The cheap tests first, on the instructions after {@code in} that may match its packets: when all
     * deciding ones (the policy included) have its target, deleting it changes nothing; when the first
     * of them has another target, covers all its packets and no skip comes before it, every packet it
     * decides would change fate. Otherwise a diagram is needed.
     */
    private static Quick quick(Analysed chain, Instruction in, PacketSet domain, List<CounterRef> takers) {
        Program program = chain.program;
        String fate = fate(in);
        boolean sawSkipOrSame = false;
        boolean first = true;
        long[] later = chain.scratch;
        chain.index.candidates(domain.hull(), in.index() + 1, program.size(), later);
        for (int k = ChainIndex.next(later, in.index() + 1, program.size()); k >= 0;
             k = ChainIndex.next(later, k + 1, program.size())) {
            Instruction next = program.get(k);
            if (!Programs.intersects(next.over(), domain)) {
                continue;
            }
            if (next.action() instanceof Action.Skip) {
                sawSkipOrSame = true;
                continue;
            }
            if (!(next.action() instanceof Action.Decide)) {
                continue;
            }
            if (fate(next).equals(fate)) {
                sawSkipOrSame = true;
                if (takers.size() < 4 && !takers.contains(next.origin())) {
                    takers.add(next.origin());
                }
                if (!next.isExact()) {
                    continue;
                }
            } else {
                if (first && !sawSkipOrSame && next.isExact() && Programs.coveredBoxwise(domain, next.over())) {
                    return Quick.KEPT;
                }
                return Quick.UNKNOWN; // nothing later can make it KEPT or REDUNDANT any more
            }
            first = false;
        }
        return Quick.REDUNDANT;
    }

    /**
     * Whether some packet that {@code in} decides is found whose fate would change (or become uncertain)
     * with the rule deleted: packets of {@code domain} that reach it are walked again with it disabled.
     * False proves nothing.
     */
    private static boolean changesFate(Analysed chain, Instruction in, PacketSet domain, long[] known, int tries) {
        String fate = fate(in);
        if (known != null && PointWalk.contains(domain, known)) {
            PointWalk with = PointWalk.of(chain.index, known, in.index(), -1, chain.scratch);
            if (with.decider() < 0 && with.position() == in.index()) {
                PointWalk w = PointWalk.of(chain.index, known, chain.program.size(), in.index(), chain.scratch);
                if (w.decider() < 0 || w.approximate() || !fate(chain.program.get(w.decider())).equals(fate)) {
                    return true;
                }
            }
        }
        PacketSet rest = domain;
        for (int t = 0; t < tries && !rest.isEmpty(); t++) {
            DeciderSearch.Found f = DeciderSearch.reach(chain.index, rest, in.index(), chain.scratch, chain.hints, false);
            if (f == null) {
                return false;
            }
            PointWalk w = PointWalk.of(chain.index, f.point(), chain.program.size(), in.index(), chain.scratch);
            if (w.decider() < 0 || w.approximate() || !fate(chain.program.get(w.decider())).equals(fate)) {
                return true;
            }
            rest = rest.minus(chain.program.get(w.decider()).under());
        }
        return false;
    }

    /**
     * A rule that decides something: redundant when deleting it changes no packet's target. Returns null
     * when it is not (or cannot be shown to be), {@code tested[0]} set when a diagram was needed.
     * {@code reached} is a packet the rule decides.
     */
    private static Anomaly redundantLive(CounterRef rule, List<Located> at, DeciderSearch.Found reached,
                                         boolean mayTest, boolean[] tested) {
        Packet decided = reached.approximate() ? null : reached.packet();
        long[] known = reached.point();
        Set<CounterRef> takers = new LinkedHashSet<>();
        Packet witness = null;
        List<String> reasons = new ArrayList<>();
        for (Located l : at) {
            PacketSet domain = l.region();
            if (domain.isEmpty()) {
                continue;
            }
            List<CounterRef> named = new ArrayList<>();
            Quick q = quick(l.chain, l.instruction, domain, named);
            if (q == Quick.KEPT) {
                return null;
            }
            if (q == Quick.REDUNDANT) {
                takers.addAll(named);
                continue;
            }
            if (changesFate(l.chain, l.instruction, domain, known, DeciderSearch.TRIES)) {
                return null;
            }
            if (l.chain.tooBig(domain) && changesFate(l.chain, l.instruction, domain, known, DeciderSearch.LONG_TRIES)) {
                return null; // no diagram would be allowed: search longer first
            }
            tested[0] = true;
            if (!mayTest) {
                return null;
            }
            boolean[] keep = l.chain.forDiagram(domain, Kind.REDUNDANT);
            if (keep == null) {
                return null;
            }
            String fate = fate(l.instruction);
            Program program = l.chain.program;
            Program with = Programs.restrict(program, keep, in -> false, null);
            Program without = Programs.restrict(program, keep, in -> in.origin().equals(rule), null);
            DecisionDiagram dd = DecisionDiagram.of(List.of(with, without), domain, DecisionDiagram.DEFAULT_ORDER, false);
            for (DecisionDiagram.Node leaf : dd.leaves()) {
                Outcome a = leaf.outcome(0);
                if (!a.decider().origin().equals(rule)) {
                    continue;
                }
                Outcome b = leaf.outcome(1);
                if (b.isApproximate() || !fate(b.decider()).equals(fate)) {
                    return null;
                }
                takers.add(b.decider().origin());
                if (witness == null) {
                    witness = leaf.witness();
                }
            }
        }
        if (witness == null) {
            witness = decided;
        }
        if (witness == null) {
            return null;
        }
        if (takers.stream().allMatch(CounterRef::isPolicy)
                && at.stream().allMatch(l -> l.chain.domain.isSubsetOf(l.instruction.over()))) {
            return null; // a final catch-all restating the policy: a deliberate, harmless style
        }
        return new Anomaly(Kind.REDUNDANT, at.get(0).chain.chain, rule, inOrder(takers), witness,
                "every packet it decides would get the same target from "
                        + (takers.size() == 1 ? "the rule" : "the rules") + " after it", false, reasons);
    }

    /**
     * Generalisations and correlations between live exact terminal instructions of one program; the
     * index names the later instructions each one may overlap, so only those pairs are compared.
     */
    private static void pairs(AuditedRuleset r, Analysed chain, Set<CounterRef> live, List<Anomaly> out) {
        Program p = chain.program;
        int n = p.size();
        List<Instruction> terminal = new ArrayList<>();
        String[] fates = new String[n];
        // per fate, the eligible instructions with another fate: the only partners a pair can have
        Map<String, long[]> otherFate = new HashMap<>();
        for (Instruction in : p.instructions()) {
            if (in.action() instanceof Action.Decide && !in.origin().isPolicy() && in.isExact()
                    && live.contains(in.origin()) && !stateOnly(r, in) && !chain.domain.isSubsetOf(in.over())) {
                terminal.add(in);
                fates[in.index()] = fate(in);
                otherFate.computeIfAbsent(fates[in.index()], k -> new long[chain.index.words()]);
            }
        }
        for (Instruction in : terminal) {
            for (Map.Entry<String, long[]> e : otherFate.entrySet()) {
                if (!e.getKey().equals(fates[in.index()])) {
                    e.getValue()[in.index() >>> 6] |= 1L << in.index();
                }
            }
        }
        long tests = 0;
        int[] found = new int[Kind.values().length];
        int[] confirmTests = new int[Kind.values().length];
        Set<List<CounterRef>> reportedPairs = new HashSet<>();
        boolean cut = false;
        long[] later = new long[chain.index.words()];
        outer:
        for (Instruction x : terminal) {
            String fx = fates[x.index()];
            int from = x.index() + 1;
            long[] partners = otherFate.get(fx);
            if (capped(Kind.CORRELATION, found, confirmTests)) {
                chain.index.containing(x.over().hull(), from, n, later); // only generalisations are left
            } else {
                chain.index.candidates(x.over().hull(), from, n, later);
            }
            for (int w = from >>> 6; w < later.length; w++) {
                later[w] &= partners[w];
            }
            for (int j = ChainIndex.next(later, from, n); j >= 0; j = ChainIndex.next(later, j + 1, n)) {
                if (exhausted(found, confirmTests)) {
                    break outer; // nothing more can be reported or confirmed
                }
                if (++tests > MAX_PAIR_TESTS) {
                    cut = true;
                    break outer;
                }
                Instruction y = p.get(j);
                if (x.origin().equals(y.origin()) || !Programs.intersects(x.over(), y.over())) {
                    continue;
                }
                String fy = fates[j];
                Kind kind;
                if (Programs.coveredBoxwise(x.over(), y.over())) {
                    kind = Kind.GENERALISATION;
                } else if (Programs.coveredBoxwise(y.over(), x.over())) {
                    if (!x.over().isSubsetOf(y.over())) {
                        continue; // y is inside x: y is (partly) shadowed, reported as such when it decides nothing
                    }
                    kind = Kind.GENERALISATION; // the same packets
                } else if (capped(Kind.GENERALISATION, found, confirmTests)) {
                    continue; // a correlation unless x lies in y, and generalisations are capped
                } else {
                    kind = x.over().isSubsetOf(y.over()) ? Kind.GENERALISATION : Kind.CORRELATION;
                }
                int k = kind.ordinal();
                if (found[k] > MAX_FINDINGS || confirmTests[k] >= MAX_OVERLAP_TESTS) {
                    if (found[k] <= MAX_FINDINGS && confirmTests[k] == MAX_OVERLAP_TESTS) {
                        confirmTests[k]++;
                        out.add(note(kind, chain.chain, null, "overlaps in filter " + chain.chain
                                + " were confirmed for the first " + MAX_OVERLAP_TESTS + " candidate pairs only"));
                    }
                    continue;
                }
                List<CounterRef> pair = List.of(x.origin(), y.origin());
                if (reportedPairs.contains(pair)) {
                    continue; // the same two rules, already reported from another place of the unfolded chain
                }
                confirmTests[k]++;
                Packet w = overlapWitness(chain, x, y, kind);
                if (w == null) {
                    continue;
                }
                reportedPairs.add(pair);
                found[k]++;
                if (found[k] > MAX_FINDINGS) {
                    out.add(note(kind, chain.chain, null, "more " + kind.name().toLowerCase() + " pairs exist in filter "
                            + chain.chain + "; at most " + MAX_FINDINGS + " are listed"));
                    continue;
                }
                String text = kind == Kind.GENERALISATION
                        ? "the later rule (" + fy + ") matches every packet the earlier one (" + fx
                        + ") matches, so the earlier rule is an exception to it"
                        : "the two rules (" + fx + ", " + fy + ") overlap partly; their order decides the overlap";
                out.add(new Anomaly(kind, chain.chain, x.origin(), List.of(y.origin()), w, text, false, List.of()));
            }
        }
        if (cut) {
            out.add(note(Kind.CORRELATION, chain.chain, null, "pairs of rules in filter " + chain.chain
                    + " were compared up to " + MAX_PAIR_TESTS + " pairs only"));
            out.add(note(Kind.GENERALISATION, chain.chain, null, "pairs of rules in filter " + chain.chain
                    + " were compared up to " + MAX_PAIR_TESTS + " pairs only"));
        }
    }

    /** Whether neither kind of pair can be reported or confirmed any more (both capped). */
    private static boolean exhausted(int[] found, int[] confirmTests) {
        return capped(Kind.GENERALISATION, found, confirmTests) && capped(Kind.CORRELATION, found, confirmTests);
    }

    /** Whether pairs of {@code kind} can no longer be reported or confirmed (its caps reached and noted). */
    private static boolean capped(Kind kind, int[] found, int[] confirmTests) {
        return found[kind.ordinal()] > MAX_FINDINGS || confirmTests[kind.ordinal()] > MAX_OVERLAP_TESTS;
    }

    /**
     * Whether the rule of {@code in}, and every jump leading to it, tests nothing but the conntrack state
     * ({@code -m state}, {@code -m conntrack}) and the loopback device ({@code -i lo}, {@code -o lo}): the
     * loopback and ESTABLISHED/INVALID rules every hardened chain starts with overlap every other rule on
     * purpose.
     */
    private static boolean stateOnly(AuditedRuleset r, Instruction in) {
        for (CounterRef ref : in.path()) {
            Rule rule = Programs.rule(r, ref).orElse(null);
            if (rule == null) {
                return false;
            }
            RuleHeader h = rule.header();
            boolean loopbackOnly = (h.inInterface() == null || h.inInterface().equals("lo") && !h.inInverted())
                    && (h.outInterface() == null || h.outInterface().equals("lo") && !h.outInverted());
            RuleHeader rest = new RuleHeader(h.source(), h.sourceInverted(), h.destination(), h.destinationInverted(),
                    null, false, null, false, h.protocol(), h.protocolInverted(), h.fragment());
            if (!loopbackOnly || !rest.equals(RuleHeader.ANY)) {
                return false;
            }
            for (dev.rampart.model.match.Match m : rule.matches()) {
                if (!m.module().equals("state") && !m.module().equals("conntrack") && !m.module().equals("comment")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A packet of {@code x ∩ y} that {@code x} decides with an exact outcome, or null: found by a quick
     * search, else by a small diagram over the overlap.
     */
    private static Packet overlapWitness(Analysed chain, Instruction x, Instruction y, Kind kind) {
        PacketSet overlap = x.over().intersect(y.over()).intersect(chain.domain);
        if (overlap.isEmpty()) {
            return null;
        }
        DeciderSearch.Found f = DeciderSearch.reach(chain.index, overlap, x.index(), chain.scratch, chain.hints, true);
        if (f != null && !f.approximate()) {
            return f.packet();
        }
        boolean[] keep = chain.forDiagram(overlap, kind);
        if (keep == null) {
            return null;
        }
        Program small = Programs.restrict(chain.program, keep, in -> false, null);
        DecisionDiagram dd = DecisionDiagram.of(List.of(small), overlap, DecisionDiagram.DEFAULT_ORDER, false);
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            Outcome o = leaf.outcome(0);
            if (!o.isApproximate() && o.decider().path().equals(x.path())) {
                return leaf.witness();
            }
        }
        return null;
    }
}
