package dev.rampart.analysis.spoofing;

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
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.RpfilterMatch;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.ConnmarkTarget;
import dev.rampart.model.target.CtTarget;
import dev.rampart.model.target.HmarkTarget;
import dev.rampart.model.target.MarkTarget;
import dev.rampart.model.target.NotrackTarget;
import dev.rampart.model.target.RejectTarget;
import dev.rampart.model.target.TtlTarget;
import dev.rampart.model.target.UnknownTarget;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * fffuu's spoofing-protection certification over the whole packet space: for each interface of an
 * {@link InterfaceAssignment} and each checked filter chain, the packets that arrive on the interface
 * with a source it does not own and reach an ACCEPT.
 *
 * <p>Design: one {@link Program} per chain, and one {@link DecisionDiagram} per (chain, interface) whose
 * domain is only that interface's spoofed packets (the chain's packets with that input device, the
 * chosen conntrack states and a source outside the interface's addresses). Restricting the domain keeps
 * each diagram small: rules for other interfaces drop out before the diagram is built. Every class of
 * the diagram is then a spoofed class; the ones that reach ACCEPT are grouped by accepting rule.
 *
 * <p>Soundness: accepted packets are over-approximated, as a certification must be: a class counts as
 * leaking when its deciding rule accepts or when an approximated terminal rule before it may accept
 * (marked not {@link Leak#certain()}); QUEUE and NFQUEUE count as possibly accepting, since userspace
 * decides. Beyond fffuu, which looks at the filter table alone, the raw and mangle chains the packet
 * passes first (PREROUTING, then the chain's own hook in mangle) are programs of the same diagram: a
 * class is accepted when none of them certainly stops it, and certainly accepted when each certainly
 * lets it through. The conntrack state and the kernel's reverse-path filter ({@code rp_filter}
 * sysctl) are outside the ruleset; an {@code -m rpfilter} match is approximated (the packet space has
 * no routes), and results resting on it say so.
 */
public final class SpoofingCheck {
    /**
     * Most boxes collected per interface for the sources of its leaks; beyond, {@link Leak#complete()}
     * is false (each leak still has its witness and the sources of one box per class).
     */
    static final int MAX_BOXES = 5_000;
    /** Boxes of a leak a witness is chosen from (the most typical one). */
    private static final int WITNESS_BOXES = 16;
    /** The chains checked by default. */
    public static final List<String> CHAINS = List.of("INPUT", "FORWARD");
    /** The conntrack states checked by default: a forged packet opens no connection of its own (NEW). */
    public static final Set<CtState> DEFAULT_STATES = EnumSet.of(CtState.NEW);

    private SpoofingCheck() {
    }

    /** What a terminal target does to a packet, as far as spoofing goes. */
    private enum Fate {
        ACCEPTS, STOPS, MAYBE
    }

    private record Group(Instruction rule, boolean certain) {
    }

    /**
     * Checks {@code rulesets} (one per family) against {@code assignment} in {@code chains} (INPUT,
     * FORWARD) for packets in conntrack {@code states}. A family is checked only when the assignment
     * lists an address of it.
     */
    public static SpoofingReport check(List<Ruleset> rulesets, InterfaceAssignment assignment, List<String> chains,
                                       Set<CtState> states) {
        List<InterfaceResult> results = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Ruleset ruleset : rulesets) {
            Family family = ruleset.family();
            if (!assignment.mentions(family)) {
                notes.add("the IPv" + family.number() + " ruleset is not checked: the interfaces file lists no IPv"
                        + family.number() + " address");
                continue;
            }
            results.addAll(check(ruleset, assignment, chains, states, notes));
        }
        return new SpoofingReport(results, List.copyOf(notes));
    }

    private static List<InterfaceResult> check(Ruleset ruleset, InterfaceAssignment assignment, List<String> chains,
                                               Set<CtState> states, Set<String> notes) {
        Family family = ruleset.family();
        Set<String> names = new LinkedHashSet<>(assignment.names());
        Set<String> ruleNames = new LinkedHashSet<>();
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                for (Rule r : c.rules()) {
                    addName(ruleNames, r.header().inInterface());
                    addName(ruleNames, r.header().outInterface());
                }
            }
        }
        names.addAll(ruleNames);
        PacketSpace space = PacketSpace.of(family, names);
        noteUnchecked(ruleset, assignment, ruleNames, notes);

        Map<String, PacketSet> explicit = new LinkedHashMap<>();
        for (AssignedInterface i : assignment.interfaces()) {
            PacketSet s = space.none();
            for (IpPrefix p : i.prefixes(family)) {
                s = s.union(sources(space, p));
            }
            explicit.put(i.name(), s);
        }
        IntervalSet.Builder sb = new IntervalSet.Builder(states.size());
        for (CtState s : EnumSet.copyOf(states)) {
            sb.add(s.ordinal(), s.ordinal());
        }
        PacketSet inStates = space.where(Dimension.CT_STATE, sb.build());

        Table filter = ruleset.table(TableName.FILTER).orElse(null);
        String rewriter = upstreamRewriter(ruleset);
        if (rewriter != null) {
            notes.add("IPv" + family.number() + ": " + rewriter + " rewrites a field before the filter table; the "
                    + "filter rules that test it are approximated");
        }
        Map<String, List<Program>> programsOf = new LinkedHashMap<>();
        for (String chain : chains) {
            Table checked = filter == null || filter.chain(chain).isEmpty() ? emptyFilter(family) : filter;
            if (checked != filter) {
                notes.add("the IPv" + family.number() + " ruleset has no filter " + chain
                        + " chain: every packet passes it (policy ACCEPT)");
            }
            List<Program> programs = upstream(ruleset, chain, space);
            // without rewrites other than NOTRACK before it, the filter chain is built on the state conntrack
            // gives, and NOTRACK is modelled by adding the UNTRACKED copies of the packets it may match to
            // the domain
            programs.add(rewriter == null || checked != filter ? ProgramBuilder.build(checked, chain, space)
                    : ProgramBuilder.build(ruleset, TableName.FILTER, chain, space));
            programsOf.put(chain, programs);
        }
        List<Supplier<InterfaceResult>> tasks = new ArrayList<>();
        for (String chain : chains) {
            List<Program> programs = programsOf.get(chain);
            PacketSet untracked = rewriter == null ? untracked(programs, space) : space.none();
            PacketSet chainPackets = ChainDomain.of(space, chain).intersect(inStates.union(untracked));
            for (AssignedInterface i : assignment.interfaces()) {
                if (chain.equals("FORWARD") && i.name().equals(InterfaceAssignment.LOOPBACK)) {
                    notes.add("lo is not checked in FORWARD: what arrives on lo was sent by this host to itself and "
                            + "is never forwarded");
                    continue;
                }
                PacketSet allowed = explicit.get(i.name());
                if (i.everythingElse()) {
                    PacketSet others = space.none();
                    for (Map.Entry<String, PacketSet> e : explicit.entrySet()) {
                        if (!e.getKey().equals(i.name())) {
                            others = others.union(e.getValue());
                        }
                    }
                    allowed = allowed.union(space.all().minus(others));
                }
                PacketSet onIface = space.where(Dimension.IN_IFACE, IntervalSet.point(space.interfaces().classify(i.name())));
                PacketSet domain = chainPackets.intersect(onIface).intersect(space.all().minus(allowed));
                List<String> owned = SourceRanges.of(allowed);
                List<String> notOwned = SourceRanges.of(space.all().minus(allowed));
                tasks.add(() -> leaks(family, chain, i.name(), owned, notOwned, programs, domain));
            }
        }
        // the diagrams are independent and share only immutable values; a parallel stream measured no
        // faster on this 2-core machine under load (A/B runs), so they are built one after the other
        return tasks.stream().map(Supplier::get).toList();
    }

    /**
     * The result for one interface: the diagram of {@code programs} (the raw and mangle chains before
     * the filter chain, then the filter chain, last) over its spoofed packets, accepting classes grouped
     * by the filter rule that accepts them.
     */
    private static InterfaceResult leaks(Family family, String chain, String iface, List<String> allowed,
                                         List<String> notOwned, List<Program> programs, PacketSet domain) {
        if (domain.isEmpty()) {
            return new InterfaceResult(family, chain, iface, allowed, notOwned, List.of(), List.of());
        }
        DecisionDiagram dd = DecisionDiagram.of(programs, domain, DecisionDiagram.DEFAULT_ORDER, false);
        Map<Group, Set<DecisionDiagram.Node>> groups = new LinkedHashMap<>();
        Map<Group, List<String>> reasons = new LinkedHashMap<>();
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            Group g = group(leaf, programs.size());
            if (g == null) {
                continue;
            }
            groups.computeIfAbsent(g, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(leaf);
            List<String> r = reasons.computeIfAbsent(g, k -> new ArrayList<>());
            for (int p = 0; p < programs.size(); p++) {
                Outcome o = leaf.outcome(p);
                if (status(o) == Fate.ACCEPTS && p < programs.size() - 1) {
                    continue;
                }
                for (String a : o.approximations()) {
                    if (!r.contains(a)) {
                        r.add(a);
                    }
                }
                for (Instruction ins : candidates(o)) {
                    if (fate(target(ins)) == Fate.MAYBE) {
                        String why = ins.origin() + ": " + target(ins).name()
                                + " hands the packet to userspace, which may accept it";
                        if (!r.contains(why)) {
                            r.add(why);
                        }
                    }
                }
            }
        }
        List<Group> order = new ArrayList<>(groups.keySet());
        order.sort((a, b) -> a.rule().index() != b.rule().index() ? Integer.compare(a.rule().index(), b.rule().index())
                : Boolean.compare(b.certain(), a.certain()));
        // one walk collects the boxes of every accepted class (a walk per group would repeat the diagram's
        // traversal for each accepting rule); each box goes to the group of the class its points fall in
        Map<DecisionDiagram.Node, Group> groupOf = new IdentityHashMap<>();
        for (Map.Entry<Group, Set<DecisionDiagram.Node>> e : groups.entrySet()) {
            for (DecisionDiagram.Node n : e.getValue()) {
                groupOf.put(n, e.getKey());
            }
        }
        List<Box> everything = dd.boxes(groupOf::containsKey, MAX_BOXES);
        boolean complete = everything.size() < MAX_BOXES;
        Map<Group, List<Box>> boxesOf = new LinkedHashMap<>();
        PacketSpace space = domain.space();
        for (Box b : everything) {
            DecisionDiagram.Node leaf = dd.classify(space.ofBoxes(List.of(b)).witness());
            Group g = leaf == null ? null : groupOf.get(leaf);
            if (g != null) {
                boxesOf.computeIfAbsent(g, k -> new ArrayList<>()).add(b);
            }
        }
        List<Leak> leaks = new ArrayList<>();
        List<Box> accepted = new ArrayList<>(everything);
        for (Group g : order) {
            List<Box> boxes = boxesOf.computeIfAbsent(g, k -> new ArrayList<>());
            if (boxes.isEmpty()) {
                // not reached within the budget: each class still has a box of its own
                for (DecisionDiagram.Node n : groups.get(g)) {
                    boxes.add(n.firstBox());
                }
                accepted.addAll(boxes);
            }
            PacketSet sample = space.ofBoxes(witnessBoxes(boxes, family));
            leaks.add(new Leak(g.rule().origin(), g.rule().path(), SourceRanges.of(boxes, family), complete, sample.witness(),
                    g.certain(), reasons.get(g)));
        }
        return new InterfaceResult(family, chain, iface, allowed, notOwned, SourceRanges.of(accepted, family), leaks);
    }

    /**
     * Up to {@value #WITNESS_BOXES} boxes to pick a witness from, narrowed to sources outside the
     * loopback range where they have such sources (a subset of a class box is still in the class): the
     * kernel drops a loopback source arriving on another device as a martian before the firewall sees
     * it, so such a witness would convince no one. Boxes of loopback sources alone come last.
     */
    private static List<Box> witnessBoxes(List<Box> boxes, Family family) {
        IntervalSet loopback = family == Family.IPV4 ? Dimension.SRC_LO.range(0x7F000000L, 0x7FFFFFFFL)
                : Dimension.SRC_LO.range(1, 1);
        List<Box> preferred = new ArrayList<>();
        List<Box> rest = new ArrayList<>();
        for (Box b : boxes) {
            IntervalSet outside = b.get(Dimension.SRC_LO).minus(loopback);
            if (outside.isEmpty()) {
                rest.add(b);
            } else {
                preferred.add(b.with(Dimension.SRC_LO, outside));
                if (preferred.size() >= WITNESS_BOXES) {
                    break;
                }
            }
        }
        preferred.addAll(rest);
        return preferred.subList(0, Math.min(preferred.size(), WITNESS_BOXES));
    }

    /**
     * The accepting filter rule of a class and whether the class is certainly accepted; null when some
     * chain on the way certainly stops it.
     */
    private static Group group(DecisionDiagram.Node leaf, int programs) {
        boolean certain = true;
        for (int p = 0; p < programs; p++) {
            Fate f = status(leaf.outcome(p));
            if (f == Fate.STOPS) {
                return null;
            }
            certain &= f == Fate.ACCEPTS;
        }
        Outcome filter = leaf.outcome(programs - 1);
        if (status(filter) == Fate.ACCEPTS) {
            return new Group(filter.decider(), certain);
        }
        for (Instruction i : candidates(filter)) {
            if (fate(target(i)) != Fate.STOPS) {
                return new Group(i, false);
            }
        }
        throw new IllegalStateException("a class that is not stopped has an accepting candidate");
    }

    /** ACCEPTS when every candidate decider accepts, STOPS when every one drops or rejects, else MAYBE. */
    private static Fate status(Outcome o) {
        List<Instruction> c = candidates(o);
        if (c.stream().allMatch(i -> fate(target(i)) == Fate.ACCEPTS)) {
            return Fate.ACCEPTS;
        }
        if (c.stream().allMatch(i -> fate(target(i)) == Fate.STOPS)) {
            return Fate.STOPS;
        }
        return Fate.MAYBE;
    }

    private static List<Instruction> candidates(Outcome o) {
        List<Instruction> c = new ArrayList<>(o.maybeDeciders());
        c.add(o.decider());
        return c;
    }

    private static Target target(Instruction i) {
        return ((dev.rampart.analysis.decision.Action.Decide) i.action()).target();
    }

    private static Fate fate(Target t) {
        if (t == Verdict.ACCEPT) {
            return Fate.ACCEPTS;
        }
        if (t == Verdict.DROP || t instanceof RejectTarget) {
            return Fate.STOPS;
        }
        return Fate.MAYBE;
    }

    /**
     * The programs of the raw and mangle chains a packet passes before filter {@code chain}, those with
     * rules: a DROP there stops a spoofed packet before the filter table sees it (the sqrl/shorewall
     * rulesets do their anti-spoofing in raw PREROUTING).
     */
    private static List<Program> upstream(Ruleset ruleset, String chain, PacketSpace space) {
        List<Program> out = new ArrayList<>();
        List<TableName> tables = List.of(TableName.RAW, TableName.MANGLE, TableName.MANGLE);
        List<String> chains = List.of("PREROUTING", "PREROUTING", chain);
        for (int k = 0; k < tables.size(); k++) {
            String c = chains.get(k);
            boolean used = ruleset.table(tables.get(k)).flatMap(t -> t.chain(c)).map(x -> !x.rules().isEmpty()
                    || x.policy() != dev.rampart.model.Policy.ACCEPT).orElse(false);
            if (used) {
                out.add(ProgramBuilder.build(ruleset, tables.get(k), c, space));
            }
        }
        return out;
    }

    /**
     * The packets the raw PREROUTING program may NOTRACK (over-approximated: every NOTRACK instruction's
     * match, whatever rule before it ends the chain), in state UNTRACKED: the state the later chains see
     * for them whatever state conntrack would have given. Empty when raw PREROUTING has no NOTRACK.
     */
    private static PacketSet untracked(List<Program> programs, PacketSpace space) {
        List<Box> boxes = new ArrayList<>();
        IntervalSet untrackedState = IntervalSet.point(CtState.UNTRACKED.ordinal());
        for (Program p : programs) {
            if (p.table() != TableName.RAW) {
                continue;
            }
            for (Instruction i : p.instructions()) {
                if (i.action() instanceof dev.rampart.analysis.decision.Action.Pass pass
                        && pass.target() instanceof NotrackTarget) {
                    for (Box b : i.over().boxes()) {
                        boxes.add(b.with(Dimension.CT_STATE, untrackedState));
                    }
                }
            }
        }
        return boxes.isEmpty() ? space.none() : space.ofBoxes(boxes);
    }

    /**
     * The first rule in raw or mangle whose target rewrites a field the filter rules may test (mark, TTL,
     * conntrack state other than by NOTRACK, or an unknown target), as {@code table:chain:rule:N (TARGET)};
     * null when there is none.
     */
    private static String upstreamRewriter(Ruleset ruleset) {
        for (TableName tn : List.of(TableName.RAW, TableName.MANGLE)) {
            Table t = ruleset.table(tn).orElse(null);
            if (t == null) {
                continue;
            }
            for (Chain c : t.chains()) {
                for (int k = 0; k < c.rules().size(); k++) {
                    Target target = c.rules().get(k).target();
                    if (target instanceof MarkTarget || target instanceof ConnmarkTarget || target instanceof HmarkTarget
                            || target instanceof TtlTarget || target instanceof CtTarget
                            || target instanceof UnknownTarget) {
                        return new CounterRef(tn, c.name(), k + 1) + " (" + target.name() + ")";
                    }
                }
            }
        }
        return null;
    }

    /** The packets whose source lies in {@code p}. */
    static PacketSet sources(PacketSpace space, IpPrefix p) {
        long hiEnd = p.hi() | ~p.maskHi();
        long loEnd = p.family() == Family.IPV4 ? p.lo() | (~p.maskLo() & 0xFFFFFFFFL) : p.lo() | ~p.maskLo();
        if (p.family() == Family.IPV4) {
            hiEnd = 0;
        }
        return space.whereAddress(true, p.hi(), p.lo(), hiEnd, loEnd);
    }

    private static void addName(Set<String> names, String name) {
        if (name != null && !name.isEmpty()) {
            names.add(name);
        }
    }

    /** Notes about what the check does not see: unlisted interfaces, rpfilter, drops outside the filter table. */
    private static void noteUnchecked(Ruleset ruleset, InterfaceAssignment assignment, Set<String> ruleNames,
                                      Set<String> notes) {
        String v = "IPv" + ruleset.family().number();
        boolean upstream = false;
        for (TableName t : List.of(TableName.RAW, TableName.MANGLE)) {
            upstream |= ruleset.table(t).map(x -> x.chains().stream().anyMatch(c -> !c.rules().isEmpty())).orElse(false);
        }
        for (String n : ruleNames) {
            if (!n.endsWith("+") && assignment.get(n).isEmpty()) {
                notes.add(v + ": interface " + n + " is named in the ruleset but not in the interfaces file; packets "
                        + "arriving on it are not checked");
            }
        }
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                boolean dropNoted = false;
                for (int k = 0; k < c.rules().size(); k++) {
                    Rule r = c.rules().get(k);
                    CounterRef ref = new CounterRef(t.name(), c.name(), k + 1);
                    for (Match m : r.matches()) {
                        if (m instanceof RpfilterMatch) {
                            notes.add(v + ": " + ref + " uses -m rpfilter (a route lookup the packet space cannot "
                                    + "model): it is approximated, and the results resting on it say so");
                        }
                    }
                    if (upstream && !dropNoted && t.name() == TableName.NAT && c.name().equals("PREROUTING")
                            && r.target() != null && r.target().isTerminal() && !(r.target() instanceof Verdict)) {
                        dropNoted = true;
                        notes.add(v + ": nat PREROUTING rewrites destinations (first: " + ref + "); the raw and "
                                + "mangle chains before it are analysed on the rewritten packet, as the filter chain is");
                    }
                }
            }
        }
    }

    /** A filter table with the built-in chains and ACCEPT policies (a ruleset without one filters nothing). */
    private static Table emptyFilter(Family family) {
        RestoreParser.Result r = new RestoreParser(family).parse(
                "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n", "<empty>");
        return r.ruleset().table(TableName.FILTER).orElseThrow();
    }
}
