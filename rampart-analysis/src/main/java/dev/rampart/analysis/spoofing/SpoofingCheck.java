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
import dev.rampart.model.target.RejectTarget;
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
    /** Most boxes collected per leak for its sources; beyond, {@link Leak#complete()} is false. */
    static final int MAX_BOXES = 100_000;
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
        List<InterfaceResult> results = new ArrayList<>();
        for (String chain : chains) {
            List<Program> programs = upstream(ruleset, chain, space);
            if (filter == null || filter.chain(chain).isEmpty()) {
                notes.add("the IPv" + family.number() + " ruleset has no filter " + chain
                        + " chain: every packet passes it (policy ACCEPT)");
                programs.add(ProgramBuilder.build(emptyFilter(family), chain, space));
            } else {
                programs.add(ProgramBuilder.build(ruleset, TableName.FILTER, chain, space));
            }
            PacketSet chainPackets = ChainDomain.of(space, chain).intersect(inStates);
            for (AssignedInterface i : assignment.interfaces()) {
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
                List<String> allowedText = new ArrayList<>(SourceRanges.of(allowed));
                results.add(leaks(family, chain, i.name(), allowedText, programs, domain));
            }
        }
        return results;
    }

    /**
     * The result for one interface: the diagram of {@code programs} (the raw and mangle chains before
     * the filter chain, then the filter chain, last) over its spoofed packets, accepting classes grouped
     * by the filter rule that accepts them.
     */
    private static InterfaceResult leaks(Family family, String chain, String iface, List<String> allowed,
                                         List<Program> programs, PacketSet domain) {
        if (domain.isEmpty()) {
            return new InterfaceResult(family, chain, iface, allowed, List.of(), List.of());
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
        List<Leak> leaks = new ArrayList<>();
        List<Box> everything = new ArrayList<>();
        for (Group g : order) {
            Set<DecisionDiagram.Node> members = groups.get(g);
            List<Box> boxes = dd.boxes(members::contains, MAX_BOXES);
            everything.addAll(boxes);
            PacketSet sample = domain.space().ofBoxes(boxes.subList(0, Math.min(boxes.size(), WITNESS_BOXES)));
            leaks.add(new Leak(g.rule().origin(), SourceRanges.of(boxes, family), boxes.size() < MAX_BOXES,
                    sample.witness(), g.certain(), reasons.get(g)));
        }
        return new InterfaceResult(family, chain, iface, allowed, SourceRanges.of(everything, family), leaks);
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
                    if (!dropNoted && t.name() == TableName.NAT && c.name().equals("PREROUTING")
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
