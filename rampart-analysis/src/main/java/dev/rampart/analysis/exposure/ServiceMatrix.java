package dev.rampart.analysis.exposure;

import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Projection;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.flat.GuardDescription;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service matrix of one service in one built-in filter chain: the partition of source addresses
 * into classes with the same access (as fffuu computes it for TCP: Diekmann, Hupel, Carle, "Semantics-
 * Preserving Simplification of Real-World Firewall Rule Sets", FM 2015), here for any protocol and
 * both families, largest class first.
 *
 * <p>The packets considered are those that open a connection to the service: conntrack state NEW,
 * for TCP a bare SYN, every interface the chain can see but the loopback device (the host talking to
 * itself is no exposure). Design: a {@link DecisionDiagram} splitting
 * the source address first, then the destination, then the rest; each path's source part is one group
 * of sources (the diagram's groups are disjoint). Per group, the destinations are collected per fate
 * (the fates of the classes below, {@link Access#MIXED} when they differ on another field), and groups
 * whose fate-to-destinations maps are equal are merged into one class. For IPv6 the merge compares
 * destination boxes as the diagram cut them, so two classes with equal access may stay apart.
 */
public final class ServiceMatrix {
    /** Most approximation reasons kept per class. */
    static final int MAX_REASONS = 8;
    private static final List<Dimension> ORDER = List.of(Dimension.SRC_HI, Dimension.SRC_LO, Dimension.DST_HI,
            Dimension.DST_LO);

    private final Service service;
    private final String chain;
    private final List<SourceClass> classes;
    private final boolean complete;

    private ServiceMatrix(Service service, String chain, List<SourceClass> classes, boolean complete) {
        this.service = service;
        this.chain = chain;
        this.classes = List.copyOf(classes);
        this.complete = complete;
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The built-in chain. */
    public String chain() {
        return chain;
    }

    /** The source classes, largest first. */
    public List<SourceClass> classes() {
        return classes;
    }

    /** Whether every class is listed (always, since the classes come from projections, not path walks). */
    public boolean complete() {
        return complete;
    }

    /** The packets that open a connection to {@code service} through {@code chain}. */
    public static PacketSet openers(PacketSpace space, String chain, Service service) {
        // loopback traffic is the host talking to itself, not exposure
        IntervalSet notLoopback = ChainDomain.notLoopback(space);
        PacketSet d = ChainDomain.of(space, chain)
                .intersect(space.where(Dimension.IN_IFACE, notLoopback))
                .intersect(space.where(Dimension.OUT_IFACE, notLoopback))
                .intersect(space.where(Dimension.PROTOCOL, IntervalSet.point(service.protocol())))
                .intersect(space.where(Dimension.FRAGMENT, IntervalSet.point(0)))
                .intersect(space.where(Dimension.CT_STATE, IntervalSet.point(CtState.NEW.ordinal())));
        if (service.isIcmp()) {
            d = d.intersect(space.where(Dimension.ICMP_TYPE, IntervalSet.of(service.from(), service.to())));
        } else {
            d = d.intersect(space.where(Dimension.DPORT, IntervalSet.of(service.from(), service.to())));
        }
        if (service.protocol() == 6) {
            d = d.intersect(space.where(Dimension.TCP_FLAGS, IntervalSet.point(0x02)));
        }
        return d;
    }

    /** The matrix of {@code service} in filter {@code chain} of {@code ruleset}. */
    public static ServiceMatrix of(Ruleset ruleset, String chain, Service service, PacketSpace space) {
        return of(ProgramBuilder.build(ruleset, TableName.FILTER, chain, space), chain, service, space);
    }

    /**
     * The matrix of {@code service} over {@code program}, the unfolded filter {@code chain} built in
     * {@code space} ({@link ProgramBuilder#build(Ruleset, TableName, String, PacketSpace)}); one program
     * serves every service of the chain.
     */
    public static ServiceMatrix of(Program program, String chain, Service service, PacketSpace space) {
        if (space.family() == Family.IPV4) {
            return ipv4(program, chain, service, space);
        }
        return sourceFirst(program, chain, service, space);
    }

    /**
     * IPv4: one diagram in the default (fast) order, projected on the source address to find the
     * classes ({@link Projection.Mode#STRUCTURE}: sources with equal ids behave alike on every other
     * field), then, per class, on the destination restricted to one source of the class
     * ({@link Projection.Mode#UNION} of the fates).
     */
    private static ServiceMatrix ipv4(Program program, String chain, Service service, PacketSpace space) {
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), openers(space, chain, service),
                DecisionDiagram.DEFAULT_ORDER, false);
        IntervalSet all = Dimension.SRC_LO.range(0, 0xFFFFFFFFL);
        IntervalSet hi = Dimension.SRC_HI.range(0, 0);
        Projection<String> sources = Projection.of(dd, Dimension.SRC_LO, Projection.Mode.STRUCTURE,
                leaf -> fate(leaf.outcome(0)) + (leaf.outcome(0).isApproximate() ? "~" : ""), null, null, 0);
        List<SourceClass> classes = new ArrayList<>();
        for (int id : sources.distinctIds()) {
            IntervalSet src = sources.valuesOf(id).intersect(all);
            if (src.isEmpty()) {
                continue;
            }
            long rep = src.lo(0);
            Projection<Summary> dst = Projection.of(dd, Dimension.DST_LO, Projection.Mode.UNION, Summary::of,
                    Summary::union, Dimension.SRC_LO, rep);
            Map<String, IntervalSet> byFate = new java.util.TreeMap<>();
            Map<String, Summary> summaries = new LinkedHashMap<>();
            for (int did : dst.distinctIds()) {
                Summary sum = dst.summary(did);
                String fate = sum.fate();
                IntervalSet values = dst.valuesOf(did).intersect(all);
                if (values.isEmpty()) {
                    // pieces beyond the IPv4 range, where only constant children reach
                    continue;
                }
                byFate.merge(fate, values, IntervalSet::union);
                summaries.merge(fate, sum, Summary::union);
            }
            List<Access> access = new ArrayList<>();
            for (Map.Entry<String, IntervalSet> e : byFate.entrySet()) {
                Summary sum = summaries.get(e.getKey());
                long dstRep = e.getValue().lo(0);
                Packet w = dd.find(Map.of(Dimension.SRC_LO, rep, Dimension.DST_LO, dstRep),
                        leaf -> sum.fates().contains(fate(leaf.outcome(0))));
                access.add(new Access(e.getKey(), byFate.size() == 1 ? "any" : describe(e.getValue(), all),
                        sum.rule(), w, List.copyOf(sum.reasons()), space.where(Dimension.DST_LO, e.getValue())));
            }
            classes.add(new SourceClass(describe(src, all), count(src), access,
                    space.where(Dimension.SRC_LO, src)));
        }
        classes.sort(Comparator.comparing(SourceClass::size).reversed());
        return new ServiceMatrix(service, chain, classes, true);
    }

    /**
     * IPv4 addresses as CIDRs, or as {@code all but CIDRs} when the complement needs fewer blocks
     * ({@code all} for every address).
     */
    static String describe(IntervalSet lo, IntervalSet all) {
        IntervalSet hi = Dimension.SRC_HI.range(0, 0);
        if (lo.equals(all)) {
            return "all";
        }
        String direct = GuardDescription.addresses(hi, lo, false);
        String rest = GuardDescription.addresses(hi, all.minus(lo), false);
        return rest.split(",").length < direct.split(",").length ? "all but " + rest : direct;
    }

    /**
     * An outcome's fate in words: the targets of the uncertain rules that may decide first, in order,
     * then the certain one ({@code ACCEPT if filter INPUT rule 17 matches, else DROP}).
     */
    static String fate(Outcome o) {
        StringBuilder sb = new StringBuilder();
        for (var maybe : o.maybeDeciders()) {
            var ref = maybe.origin();
            sb.append(Fate.of(((dev.rampart.analysis.decision.Action.Decide) maybe.action()).target())).append(" if ")
                    .append(ref.table().id()).append(' ').append(ref.chain()).append(" rule ").append(ref.rule())
                    .append(" matches, else ");
        }
        return sb.append(Fate.of(o.target())).toString();
    }

    /** What can happen to a set of packets: the fates, one deciding rule, the approximations (capped). */
    /** A class's fates and approximation reasons, as sorted sets so that what is printed is deterministic. */
    private record Summary(Set<String> fates, CounterRef rule, Set<String> reasons) {
        static Summary of(DecisionDiagram.Node leaf) {
            Outcome o = leaf.outcome(0);
            return new Summary(sorted(List.of(ServiceMatrix.fate(o))), o.decider().origin(),
                    sorted(o.approximations()));
        }

        Summary union(Summary other) {
            if (other == this || fates.containsAll(other.fates)
                    && (reasons.size() >= MAX_REASONS || reasons.containsAll(other.reasons))) {
                return this; // nothing to add (the usual case: most classes share the fate)
            }
            java.util.TreeSet<String> f = new java.util.TreeSet<>(fates);
            f.addAll(other.fates);
            java.util.TreeSet<String> r = new java.util.TreeSet<>(reasons);
            for (String x : other.reasons) {
                if (r.size() >= MAX_REASONS) {
                    break;
                }
                r.add(x);
            }
            return new Summary(java.util.Collections.unmodifiableSortedSet(f), rule,
                    java.util.Collections.unmodifiableSortedSet(r));
        }

        private static Set<String> sorted(java.util.Collection<String> values) {
            return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(values));
        }

        String fate() {
            return fates.size() == 1 ? fates.iterator().next()
                    : Access.MIXED + " (" + String.join(" | ", new java.util.TreeSet<>(fates)) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Summary s && s.fates.equals(fates) && s.reasons.equals(reasons);
        }

        @Override
        public int hashCode() {
            return fates.hashCode() * 31 + reasons.hashCode();
        }
    }

    /** IPv6: a diagram splitting the source first, grouped by the nodes below the source levels. */
    private static ServiceMatrix sourceFirst(Program program, String chain, Service service, PacketSpace space) {
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), openers(space, chain, service), ORDER, false);
        boolean v6 = space.family() == Family.IPV6;
        IntervalSet fullHi = v6 ? Dimension.SRC_HI.range(0, -1L) : Dimension.SRC_HI.range(0, 0);
        IntervalSet fullLo = v6 ? Dimension.SRC_LO.range(0, -1L) : Dimension.SRC_LO.range(0, 0xFFFFFFFFL);
        Map<DecisionDiagram.Node, List<Cell>> memo = new IdentityHashMap<>();
        Map<DecisionDiagram.Node, Cell> fates = new IdentityHashMap<>();
        Map<String, List<Group>> bySignature = new LinkedHashMap<>();
        Map<DecisionDiagram.Node, String> signatures = new IdentityHashMap<>();
        dd.forEachPrefix(List.of(Dimension.SRC_HI, Dimension.SRC_LO), (values, node) -> {
            Group g = new Group(values.getOrDefault(Dimension.SRC_HI, fullHi), values.getOrDefault(Dimension.SRC_LO, fullLo),
                    access(node, fullHi, fullLo, memo, fates));
            String sig = signatures.computeIfAbsent(node, k -> g.signature());
            bySignature.computeIfAbsent(sig, k -> new ArrayList<>()).add(g);
        });
        List<SourceClass> classes = new ArrayList<>();
        for (List<Group> same : bySignature.values()) {
            classes.add(sourceClass(same, v6, space));
        }
        classes.sort(Comparator.comparing(SourceClass::size).reversed());
        return new ServiceMatrix(service, chain, classes, true);
    }

    /** The destination cells below {@code n} with their fates over every other field (memoised per node). */
    private static List<Cell> access(DecisionDiagram.Node n, IntervalSet fullHi, IntervalSet fullLo,
                                     Map<DecisionDiagram.Node, List<Cell>> memo, Map<DecisionDiagram.Node, Cell> fates) {
        List<Cell> known = memo.get(n);
        if (known != null) {
            return known;
        }
        List<Cell> out = new ArrayList<>();
        Dimension d = n.dimension();
        if (d == Dimension.DST_HI || d == Dimension.DST_LO) {
            for (int i = 0; i < n.children().size(); i++) {
                IntervalSet v = n.values().get(i);
                for (Cell c : access(n.children().get(i), fullHi, fullLo, memo, fates)) {
                    out.add(c.restrict(d, v));
                }
            }
        } else {
            Cell c = fates(n, fates);
            // the dimensions' encodings are the same for source and destination
            out.add(c.restrict(Dimension.DST_HI, fullHi).restrict(Dimension.DST_LO, fullLo));
        }
        memo.put(n, out);
        return out;
    }

    /** The fates of every class below {@code n} (memoised per node). */
    private static Cell fates(DecisionDiagram.Node n, Map<DecisionDiagram.Node, Cell> memo) {
        Cell known = memo.get(n);
        if (known != null) {
            return known;
        }
        Cell c = new Cell(null, null);
        if (n.isLeaf()) {
            Outcome o = n.outcome(0);
            c.fates.add(fate(o));
            c.rule = o.decider().origin();
            c.witnessNode = n;
            c.reasons.addAll(o.approximations());
        } else {
            for (DecisionDiagram.Node child : n.children()) {
                Cell sub = fates(child, memo);
                c.fates.addAll(sub.fates);
                if (c.rule == null) {
                    c.rule = sub.rule;
                    c.witnessNode = sub.witnessNode;
                }
                if (c.reasons.size() < MAX_REASONS) {
                    c.reasons.addAll(sub.reasons);
                }
            }
        }
        memo.put(n, c);
        return c;
    }

    private static SourceClass sourceClass(List<Group> same, boolean v6, PacketSpace space) {
        Set<String> cidrs = new LinkedHashSet<>();
        BigInteger size = BigInteger.ZERO;
        IntervalSet loUnion = IntervalSet.EMPTY;
        for (Group g : same) {
            if (v6) {
                cidrs.add(GuardDescription.addresses(g.srcHi, g.srcLo, true));
            } else {
                loUnion = loUnion.union(g.srcLo);
            }
            size = size.add(count(g.srcHi).multiply(count(g.srcLo)));
        }
        String sources = v6 ? String.join(",", cidrs) : GuardDescription.addresses(same.get(0).srcHi, loUnion, false);
        List<Access> access = new ArrayList<>();
        Group first = same.get(0);
        for (Map.Entry<String, List<Cell>> e : first.byFate().entrySet()) {
            List<Cell> cells = e.getValue();
            boolean any = first.byFate().size() == 1;
            Cell c0 = cells.get(0);
            Set<String> reasons = new LinkedHashSet<>();
            cells.forEach(c -> reasons.addAll(c.reasons));
            List<Box> dstBoxes = new ArrayList<>();
            for (Cell c : cells) {
                dstBoxes.add(space.all().boxes().get(0).with(Dimension.DST_HI, c.dstHi).with(Dimension.DST_LO, c.dstLo));
            }
            access.add(new Access(e.getKey(), any ? "any" : destinations(cells, v6), c0.rule,
                    c0.witnessNode.witness(), List.copyOf(reasons), addressSet(space, dstBoxes, false)));
        }
        List<Box> srcBoxes = new ArrayList<>();
        for (Group g : same) {
            srcBoxes.add(space.all().boxes().get(0).with(Dimension.SRC_HI, g.srcHi).with(Dimension.SRC_LO, g.srcLo));
        }
        return new SourceClass(sources, size, access, addressSet(space, srcBoxes, true));
    }

    /** The packets whose source ({@code source}) or destination address lies in one of the boxes' address parts. */
    private static PacketSet addressSet(PacketSpace space, List<Box> boxes, boolean source) {
        Dimension hi = source ? Dimension.SRC_HI : Dimension.DST_HI;
        Dimension lo = source ? Dimension.SRC_LO : Dimension.DST_LO;
        PacketSet out = space.none();
        for (Box b : boxes) {
            out = out.union(space.where(hi, b.get(hi)).intersect(space.where(lo, b.get(lo))));
        }
        return out;
    }

    private static String destinations(List<Cell> cells, boolean v6) {
        if (!v6) {
            IntervalSet lo = IntervalSet.EMPTY;
            for (Cell c : cells) {
                lo = lo.union(c.dstLo);
            }
            return GuardDescription.addresses(cells.get(0).dstHi, lo, false);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Cell c : cells) {
            out.add(GuardDescription.addresses(c.dstHi, c.dstLo, true));
        }
        return String.join(",", out);
    }

    private static BigInteger count(IntervalSet stored) {
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < stored.intervalCount(); i++) {
            BigInteger lo = new BigInteger(Long.toUnsignedString(stored.lo(i) ^ Long.MIN_VALUE));
            BigInteger hi = new BigInteger(Long.toUnsignedString(stored.hi(i) ^ Long.MIN_VALUE));
            n = n.add(hi.subtract(lo)).add(BigInteger.ONE);
        }
        return n;
    }

    /** Destinations (a product of high and low halves) and the fates of their packets over the other fields. */
    private static final class Cell {
        final IntervalSet dstHi;
        final IntervalSet dstLo;
        Set<String> fates = new java.util.TreeSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        CounterRef rule;
        DecisionDiagram.Node witnessNode;

        Cell(IntervalSet dstHi, IntervalSet dstLo) {
            this.dstHi = dstHi;
            this.dstLo = dstLo;
        }

        Cell restrict(Dimension d, IntervalSet v) {
            Cell c = new Cell(d == Dimension.DST_HI ? (dstHi == null ? v : dstHi.intersect(v)) : dstHi,
                    d == Dimension.DST_LO ? (dstLo == null ? v : dstLo.intersect(v)) : dstLo);
            c.fates = fates;
            c.reasons = reasons;
            c.rule = rule;
            c.witnessNode = witnessNode;
            return c;
        }

        String fate() {
            return fates.size() == 1 ? fates.iterator().next() : Access.MIXED + " (" + String.join(" | ", fates) + ")";
        }
    }

    /** One source group of the diagram: its destination cells. */
    private record Group(IntervalSet srcHi, IntervalSet srcLo, List<Cell> cells) {

        Map<String, List<Cell>> byFate() {
            Map<String, List<Cell>> m = new java.util.TreeMap<>();
            for (Cell c : cells) {
                m.computeIfAbsent(c.fate(), k -> new ArrayList<>()).add(c);
            }
            return m;
        }

        /**
         * Fates with their destinations: equal for source groups with equal access (IPv4: exactly; IPv6:
         * when the diagram cut the destinations alike).
         */
        String signature() {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, List<Cell>> e : byFate().entrySet()) {
                sb.append(e.getKey()).append('=');
                IntervalSet lo = IntervalSet.EMPTY;
                IntervalSet hi = null;
                boolean single = true;
                for (Cell c : e.getValue()) {
                    if (hi == null) {
                        hi = c.dstHi;
                    } else if (!hi.equals(c.dstHi)) {
                        single = false;
                    }
                    lo = lo.union(c.dstLo);
                }
                if (single) {
                    sb.append(hi).append('/').append(lo);
                } else {
                    for (Cell c : e.getValue()) {
                        sb.append(c.dstHi).append('/').append(c.dstLo).append(',');
                    }
                }
                sb.append(';');
            }
            return sb.toString();
        }
    }
}
