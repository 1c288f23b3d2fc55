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

/**
 * Al-Shaer and Hamed's rule anomalies ("Firewall policy advisor for anomaly discovery and rule
 * editing", IM 2003 / INFOCOM 2004) in the filter table's built-in chains after unfolding, computed over
 * the whole packet space and shared by the checks RA123 to RA126 (computed once per audited ruleset).
 *
 * <p>Design: one decision diagram per chain ({@code INPUT}, {@code FORWARD}, {@code OUTPUT}) says which
 * terminal rule decides which class of packets. A terminal rule whose every instruction is exact and
 * that decides no class and is no uncertain decider of any class decides nothing at all (the engine's
 * deciders are certain). For such a rule a second, small diagram over the packets it matches (the
 * program cut down to the instructions that can match them, {@link Programs#restrict}) names the rules
 * that take those packets: an earlier one with another target makes the rule <em>shadowed</em>, else it
 * is <em>redundant</em>. A rule that decides something is redundant when deleting it changes no
 * packet's target. Cheap tests on the later instructions that may match its packets settle most rules
 * (all of them deciding with the rule's target: redundant; the first of them another target and
 * covering all its packets: not); the others get a two-program diagram (with the rule, and with it
 * turned into a counting instruction) over its packets that compares the targets class by class. A
 * final catch-all that only restates the policy is not reported. Generalisation and correlation
 * compare pairs of live exact terminal instructions with different targets box by box, and confirm a
 * pair with a small diagram over the overlap: some packet of the overlap must be decided by the earlier
 * rule (else the order of the two does not matter to any packet). Rules that test nothing but the
 * conntrack state and the loopback device, and catch-alls, form no pairs (they overlap everything on
 * purpose).
 *
 * <p>Bounds (so that an audit of a 5,000-rule ruleset stays within its budget): a chain that unfolds
 * into more than {@value #MAX_INSTRUCTIONS} instructions is skipped with a note; per chain, at most
 * {@value #MAX_REDUNDANCY_TESTS} deciding rules that the cheap tests cannot settle get a redundancy
 * diagram (the first ones, in order), at most {@value #MAX_DEAD_TESTS} rules that decide nothing get
 * their shadowing rules looked up, at most {@value #MAX_PAIR_TESTS} pairs are compared and at most
 * {@value #MAX_OVERLAP_TESTS} overlaps per kind confirmed for generalisation and correlation, and at
 * most {@value #MAX_FINDINGS} findings of each kind are reported; when a bound cuts the analysis
 * short, a note says so.
 */
final class RuleAnomalies {
    /**
     * Chains that unfold into more instructions are skipped (with a note): the whole-chain diagram of the
     * 6,004-instruction FORWARD chain of the TUM 2016-06 ruleset alone takes about 5 s.
     */
    static final int MAX_INSTRUCTIONS = 2_000;
    /** Live rules per chain whose redundancy is tested with a diagram (when the cheap tests cannot settle it). */
    static final int MAX_REDUNDANCY_TESTS = 40;
    /** Dead rules per chain whose shadowing rules are looked up. */
    static final int MAX_DEAD_TESTS = 100;
    /** Pairs of rules per chain compared for generalisation and correlation. */
    static final int MAX_PAIR_TESTS = 500_000;
    /** Findings of one kind reported per chain. */
    static final int MAX_FINDINGS = 20;
    /** Overlaps confirmed with a diagram per kind and chain (before giving up on finding more). */
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

    private static final Map<AuditedRuleset, List<Anomaly>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private RuleAnomalies() {
    }

    /** The anomalies of {@code r}'s filter table (computed on first use, then cached per ruleset). */
    static List<Anomaly> of(AuditedRuleset r) {
        List<Anomaly> known = CACHE.get(r);
        if (known == null) {
            known = List.copyOf(compute(r));
            CACHE.put(r, known);
        }
        return known;
    }

    /** What one chain's programs say about one instruction. */
    private static final class Facts {
        int decided;
        boolean maybe;
    }

    private static List<Anomaly> compute(AuditedRuleset r) {
        List<Anomaly> out = new ArrayList<>();
        if (r.table(TableName.FILTER).isEmpty()) {
            return out;
        }
        PacketSpace space = r.space();
        Map<String, Program> programs = new LinkedHashMap<>();
        Map<String, PacketSet> domains = new HashMap<>();
        Map<CounterRef, Facts> facts = new HashMap<>();
        Map<CounterRef, DecisionDiagram.Node> witnessLeaves = new HashMap<>();
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
            PacketSet domain = ChainDomain.of(space, chain);
            programs.put(chain, p);
            domains.put(chain, domain);
            DecisionDiagram dd = DecisionDiagram.of(List.of(p), domain, DecisionDiagram.DEFAULT_ORDER, false);
            for (DecisionDiagram.Node leaf : dd.leaves()) {
                Outcome o = leaf.outcome(0);
                facts.computeIfAbsent(o.decider().origin(), k -> new Facts()).decided++;
                if (!o.isApproximate()) {
                    witnessLeaves.putIfAbsent(o.decider().origin(), leaf);
                }
                for (Instruction m : o.maybeDeciders()) {
                    facts.computeIfAbsent(m.origin(), k -> new Facts()).maybe = true;
                }
            }
        }
        // a rule is judged over every program it appears in (a user chain may be reached from several)
        Map<CounterRef, List<Located>> byRule = new LinkedHashMap<>();
        for (Map.Entry<String, Program> e : programs.entrySet()) {
            for (Instruction in : e.getValue().instructions()) {
                if (in.action() instanceof Action.Decide && !in.origin().isPolicy()) {
                    byRule.computeIfAbsent(in.origin(), k -> new ArrayList<>()).add(new Located(e.getKey(), in));
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
            boolean exact = at.stream().allMatch(l -> l.instruction.isExact());
            Facts f = facts.getOrDefault(rule, new Facts());
            if (!exact || f.maybe) {
                continue;
            }
            String chain = at.get(0).chain;
            if (f.decided > 0) {
                live.add(rule);
                int[] tests = liveTests.computeIfAbsent(chain, k -> new int[1]);
                boolean[] tested = new boolean[1];
                Anomaly a = redundantLive(rule, at, programs, domains, witnessLeaves.get(rule),
                        tests[0] < MAX_REDUNDANCY_TESTS, tested);
                if (tested[0] && ++tests[0] > MAX_REDUNDANCY_TESTS && liveNoted.add(chain)) {
                    out.add(note(Kind.REDUNDANT, chain, rule, "redundancy needing a diagram was tested for the first "
                            + MAX_REDUNDANCY_TESTS + " such rules of filter " + chain + " only"));
                }
                if (a != null && count(reported, chain, Kind.REDUNDANT) <= MAX_FINDINGS) {
                    out.add(a);
                }
                continue;
            }
            if (++deadTests.computeIfAbsent(chain, k -> new int[1])[0] > MAX_DEAD_TESTS) {
                if (deadNoted.add(chain)) {
                    out.add(note(Kind.SHADOWED, chain, rule, "shadowing rules were looked up for the first "
                            + MAX_DEAD_TESTS + " rules of filter " + chain + " that decide nothing only"));
                }
                continue;
            }
            Anomaly a = dead(r, rule, at, programs, domains);
            if (a != null && count(reported, chain, a.kind()) <= MAX_FINDINGS) {
                out.add(a);
            }
        }
        for (Map.Entry<String, Program> e : programs.entrySet()) {
            pairs(r, e.getKey(), e.getValue(), domains.get(e.getKey()), live, out);
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

    private record Located(String chain, Instruction instruction) {
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

    /** A rule that decides nothing: shadowed when an earlier rule with another target takes its packets. */
    private static Anomaly dead(AuditedRuleset r, CounterRef rule, List<Located> at, Map<String, Program> programs,
                                Map<String, PacketSet> domains) {
        Set<CounterRef> sameTakers = new LinkedHashSet<>();
        Set<CounterRef> otherTakers = new LinkedHashSet<>();
        Packet sameWitness = null;
        Packet otherWitness = null;
        String chain = at.get(0).chain;
        String fate = fate(at.get(0).instruction);
        List<String> reasons = new ArrayList<>();
        for (Located l : at) {
            PacketSet domain = l.instruction.over().intersect(domains.get(l.chain));
            if (domain.isEmpty()) {
                continue;
            }
            int[] original = new int[programs.get(l.chain).size()];
            Program small = Programs.restrict(programs.get(l.chain), domain, in -> false, original);
            DecisionDiagram dd = DecisionDiagram.of(List.of(small), domain, DecisionDiagram.DEFAULT_ORDER, false);
            for (DecisionDiagram.Node leaf : dd.leaves()) {
                Outcome o = leaf.outcome(0);
                CounterRef taker = o.decider().origin();
                if (original[o.decider().index()] >= l.instruction.index()) {
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
        if (!otherTakers.isEmpty()) {
            return new Anomaly(Kind.SHADOWED, chain, rule, inOrder(otherTakers), otherWitness,
                    "every packet it matches is decided earlier, and " + otherTakers.size()
                            + (otherTakers.size() == 1 ? " earlier rule with another target takes"
                            : " earlier rules with another target take") + " some of them", false, reasons);
        }
        return new Anomaly(Kind.REDUNDANT, chain, rule, inOrder(sameTakers), sameWitness,
                sameTakers.isEmpty() ? "no packet it matches reaches it"
                        : "every packet it matches is decided earlier with the same target " + fate,
                false, reasons);
    }

    /** How the redundancy of a live rule was settled. */
    private enum Quick { REDUNDANT, KEPT, UNKNOWN }

    /**
     * The cheap tests first, on the instructions after {@code in} that may match its packets: when all
     * deciding ones (the policy included) have its target, deleting it changes nothing; when the first
     * of them has another target, covers all its packets and no skip comes before it, every packet it
     * decides would change fate. Otherwise a diagram is needed.
     */
    private static Quick quick(Program program, Instruction in, PacketSet domain, List<CounterRef> takers) {
        String fate = fate(in);
        boolean allSame = true;
        boolean sawSkipOrSame = false;
        boolean first = true;
        for (int k = in.index() + 1; k < program.size(); k++) {
            Instruction later = program.get(k);
            if (!Programs.intersects(later.over(), domain)) {
                continue;
            }
            if (later.action() instanceof Action.Skip) {
                sawSkipOrSame = true;
                continue;
            }
            if (!(later.action() instanceof Action.Decide)) {
                continue;
            }
            if (fate(later).equals(fate)) {
                sawSkipOrSame = true;
                if (takers.size() < 4 && !takers.contains(later.origin())) {
                    takers.add(later.origin());
                }
                if (!later.isExact()) {
                    continue;
                }
            } else {
                if (first && !sawSkipOrSame && later.isExact() && Programs.coveredBoxwise(domain, later.over())) {
                    return Quick.KEPT;
                }
                allSame = false;
            }
            first = false;
        }
        return allSame ? Quick.REDUNDANT : Quick.UNKNOWN;
    }

    /**
     * A rule that decides something: redundant when deleting it changes no packet's target. Returns null
     * when it is not (or cannot be shown to be), {@code tested[0]} set when a diagram was needed.
     */
    private static Anomaly redundantLive(CounterRef rule, List<Located> at, Map<String, Program> programs,
                                         Map<String, PacketSet> domains, DecisionDiagram.Node decided, boolean mayTest,
                                         boolean[] tested) {
        Set<CounterRef> takers = new LinkedHashSet<>();
        Packet witness = null;
        List<String> reasons = new ArrayList<>();
        for (Located l : at) {
            PacketSet domain = l.instruction.over().intersect(domains.get(l.chain));
            if (domain.isEmpty()) {
                continue;
            }
            Program program = programs.get(l.chain);
            List<CounterRef> named = new ArrayList<>();
            Quick q = quick(program, l.instruction, domain, named);
            if (q == Quick.KEPT) {
                return null;
            }
            if (q == Quick.REDUNDANT) {
                takers.addAll(named);
                continue;
            }
            if (!mayTest) {
                tested[0] = true;
                return null;
            }
            tested[0] = true;
            String fate = fate(l.instruction);
            Program with = Programs.restrict(program, domain, in -> false);
            Program without = Programs.restrict(program, domain, in -> in.origin().equals(rule));
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
        if (witness == null && decided != null) {
            witness = decided.witness();
        }
        if (witness == null) {
            return null;
        }
        if (takers.stream().allMatch(CounterRef::isPolicy)
                && at.stream().allMatch(l -> domains.get(l.chain).isSubsetOf(l.instruction.over()))) {
            return null; // a final catch-all restating the policy: a deliberate, harmless style
        }
        return new Anomaly(Kind.REDUNDANT, at.get(0).chain, rule, inOrder(takers), witness,
                "every packet it decides would get the same target from "
                        + (takers.size() == 1 ? "the rule" : "the rules") + " after it", false, reasons);
    }

    /** Generalisations and correlations between live exact terminal instructions of one program. */
    private static void pairs(AuditedRuleset r, String chain, Program p, PacketSet domain, Set<CounterRef> live,
                              List<Anomaly> out) {
        List<Instruction> terminal = new ArrayList<>();
        for (Instruction in : p.instructions()) {
            if (in.action() instanceof Action.Decide && !in.origin().isPolicy() && in.isExact()
                    && live.contains(in.origin()) && !stateOnly(r, in) && !domain.isSubsetOf(in.over())) {
                terminal.add(in);
            }
        }
        long tests = 0;
        int[] found = new int[Kind.values().length];
        int[] confirmTests = new int[Kind.values().length];
        boolean cut = false;
        outer:
        for (int i = 0; i < terminal.size(); i++) {
            Instruction x = terminal.get(i);
            String fx = fate(x);
            for (int j = i + 1; j < terminal.size(); j++) {
                if (++tests > MAX_PAIR_TESTS) {
                    cut = true;
                    break outer;
                }
                Instruction y = terminal.get(j);
                if (x.origin().equals(y.origin()) || !Programs.intersects(x.over(), y.over())) {
                    continue;
                }
                String fy = fate(y);
                if (fx.equals(fy)) {
                    continue;
                }
                Kind kind;
                if (Programs.coveredBoxwise(x.over(), y.over()) || x.over().isSubsetOf(y.over())) {
                    kind = Kind.GENERALISATION;
                } else if (Programs.coveredBoxwise(y.over(), x.over())) {
                    continue; // y is inside x: y is (partly) shadowed, reported as such when it decides nothing
                } else {
                    kind = Kind.CORRELATION;
                }
                int k = kind.ordinal();
                if (found[k] > MAX_FINDINGS || confirmTests[k] >= MAX_OVERLAP_TESTS) {
                    if (found[k] <= MAX_FINDINGS && confirmTests[k] == MAX_OVERLAP_TESTS) {
                        confirmTests[k]++;
                        out.add(note(kind, chain, null, "overlaps in filter " + chain + " were confirmed for the first "
                                + MAX_OVERLAP_TESTS + " candidate pairs only"));
                    }
                    continue;
                }
                confirmTests[k]++;
                Packet w = overlapWitness(p, x, y, domain);
                if (w == null) {
                    continue;
                }
                found[k]++;
                if (found[k] > MAX_FINDINGS) {
                    out.add(note(kind, chain, null, "more " + kind.name().toLowerCase() + " pairs exist in filter "
                            + chain + "; at most " + MAX_FINDINGS + " are listed"));
                    continue;
                }
                String text = kind == Kind.GENERALISATION
                        ? "the later rule (" + fy + ") matches every packet the earlier one (" + fx
                        + ") matches, so the earlier rule is an exception to it"
                        : "the two rules (" + fx + ", " + fy + ") overlap partly; their order decides the overlap";
                out.add(new Anomaly(kind, chain, x.origin(), List.of(y.origin()), w, text, false, List.of()));
            }
        }
        if (cut) {
            out.add(note(Kind.CORRELATION, chain, null, "pairs of rules in filter " + chain + " were compared up to "
                    + MAX_PAIR_TESTS + " pairs only"));
            out.add(note(Kind.GENERALISATION, chain, null, "pairs of rules in filter " + chain + " were compared up to "
                    + MAX_PAIR_TESTS + " pairs only"));
        }
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

    /** A packet of {@code x ∩ y} that {@code x} decides with an exact outcome, or null. */
    private static Packet overlapWitness(Program p, Instruction x, Instruction y, PacketSet domain) {
        PacketSet overlap = x.over().intersect(y.over()).intersect(domain);
        if (overlap.isEmpty()) {
            return null;
        }
        Program small = Programs.restrict(p, overlap, in -> false);
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
