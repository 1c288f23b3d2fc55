package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The partition of a domain of packets into classes that every instruction of one or more
 * {@link Program}s treats alike, with what each program does to each class.
 *
 * <p>Design: a multi-valued decision diagram over elementary intervals, in the spirit of Gouda and Liu's
 * firewall decision diagrams (Gouda, Liu: "Structured firewall design", Computer Networks 2007) and of
 * the packet-classification cuttings of HiCuts (Gupta, McKeown, Hot Interconnects 1999), built without
 * ever subtracting sets. Every box of every instruction (and of the domain) is an <em>item</em>. For
 * each dimension the boundaries of all items cut the axis into elementary intervals ("cells"); an item
 * covers a union of cells. A node of the diagram is a level (a dimension) and the sorted set of items
 * that contain the node's region in the dimensions above it. Splitting a node sweeps its items' cell
 * ranges once (events sorted by cell), keeping a Zobrist hash (XOR of a random 64-bit key per item) of
 * the items active in the current cell, so that cells with the same active items fall into one child
 * in time linear in the number of events; identical children anywhere in the diagram are shared
 * (hash-consed on level and item set). A child keeps only the items that can still matter: after an
 * item that certainly matches (exact or under-approximation) and covers the child's whole remaining
 * region, a terminal instruction cuts off every later item of its program, and a skip cuts off the
 * items it jumps over. So the diagram grows with the number of distinct behaviours, not with the
 * number of rules times the number of ranges. At the last level every item of a node contains the whole
 * class, and the programs are run on the item set ({@link Outcome}).
 *
 * <p>Invariants: every node's region is non-empty and inside one or more domain boxes (a child without
 * a domain item is dropped); the items of a node are exactly the (kept) items containing its region;
 * the leaves' classes are disjoint and cover the domain. Hash collisions of the 64-bit Zobrist keys would
 * merge two cells with different items; with fewer than 2^20 distinct item sets per node the chance is
 * below 2^-24 and is not checked.
 */
public final class DecisionDiagram {
    private static final byte DOMAIN = 0;
    private static final byte EXACT = 1;
    private static final byte OVER = 2;
    private static final byte UNDER = 3;
    /**
     * The order dimensions are split in, by default: small, often-tested fields first, and the source
     * MAC right after the source address, since anti-spoofing chains pair them ({@code -s X -m mac
     * --mac-source M -j RETURN}); on the TUM rulesets this order keeps nodes' item sets smallest (4x
     * faster than ports before interfaces, measured with the FORWARD chain of the 2016-06 ruleset).
     */
    public static final List<Dimension> DEFAULT_ORDER = List.of(
            Dimension.PROTOCOL, Dimension.FRAGMENT, Dimension.CT_STATE, Dimension.IN_IFACE, Dimension.SRC_HI,
            Dimension.SRC_LO, Dimension.SRC_MAC, Dimension.OUT_IFACE, Dimension.DPORT, Dimension.DST_HI,
            Dimension.DST_LO, Dimension.SPORT, Dimension.TCP_FLAGS, Dimension.ICMP_TYPE, Dimension.ICMP_CODE,
            Dimension.LENGTH, Dimension.TTL, Dimension.MARK);

    private final List<Program> programs;
    private final PacketSpace space;
    private final Dimension[] order;
    private final long[][] bounds;
    private final IntervalSet[] domainRanges;
    private final int domainCount;
    private final int[] itemProgram;
    private final int[] itemInstruction;
    private final byte[] itemKind;
    private final Box[] itemBox;
    private final long[] zobrist;
    private final int[][][] cells;
    private final byte[][] lastPartial;
    private final int[] activeMark;
    private final Map<NodeKey, Node> memo = new HashMap<>();
    private final Node root;

    /** A node of the diagram; a leaf when {@code level} is the number of levels. */
    public final class Node {
        final int level;
        final int[] items;
        boolean leaf;
        Node[] children;
        IntervalSet[] values;
        Outcome[] outcomes;
        Node firstParent;
        IntervalSet firstValues;
        /** {@link #children()} and {@link #values()} as lists, made on first use (a benign race). */
        private List<Node> childList;
        private List<IntervalSet> valueList;

        Node(int level, int[] items) {
            this.level = level;
            this.items = items;
        }

        /** The dimension this node splits, or null for a leaf. */
        public Dimension dimension() {
            return leaf ? null : order[level];
        }

        /** The children, in the order of {@link #values()}; empty for a leaf. */
        public List<Node> children() {
            if (leaf) {
                return List.of();
            }
            List<Node> l = childList;
            if (l == null) {
                l = List.of(children); // made once: callers index it in loops
                childList = l;
            }
            return l;
        }

        /** The values of {@link #dimension()} leading to each child (stored encoding). */
        public List<IntervalSet> values() {
            if (leaf) {
                return List.of();
            }
            List<IntervalSet> l = valueList;
            if (l == null) {
                l = List.of(values);
                valueList = l;
            }
            return l;
        }

        /** Whether this node is a class of packets (a leaf). */
        public boolean isLeaf() {
            return leaf;
        }

        /** What program {@code p} does to the class (leaves only). */
        public Outcome outcome(int p) {
            return outcomes[p];
        }

        /** One box of the class: the first path that reached this node (leaves give a whole class box). */
        public Box firstBox() {
            IntervalSet[] v = new IntervalSet[order.length];
            for (Node n = this; n.firstParent != null; n = n.firstParent) {
                v[n.firstParent.level] = n.firstValues;
            }
            return boxOf(v, items[0]);
        }

        /** A concrete packet of the class (leaves) or of the node's region. */
        public dev.rampart.sim.packet.Packet witness() {
            return space.ofBoxes(List.of(firstBox())).witness();
        }
    }

    private record NodeKey(int level, int[] items, int hash) {
        static NodeKey of(int level, int[] items) {
            return new NodeKey(level, items, 31 * Arrays.hashCode(items) + level);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NodeKey k && k.hash == hash && k.level == level && Arrays.equals(k.items, items);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private DecisionDiagram(List<Program> programs, PacketSet domain, List<Dimension> preferredOrder,
                            boolean passing) {
        this.programs = List.copyOf(programs);
        this.space = domain.space();
        for (Program p : programs) {
            if (p.space() != space) {
                throw new IllegalArgumentException("programs and domain must share one packet space");
            }
        }
        List<Box> boxes = new ArrayList<>();
        List<int[]> meta = new ArrayList<>();
        for (Box b : domain.boxes()) {
            boxes.add(b);
            meta.add(new int[] {-1, -1, DOMAIN});
        }
        this.domainCount = boxes.size();
        for (int p = 0; p < programs.size(); p++) {
            for (Instruction ins : programs.get(p).instructions()) {
                if (ins.action() instanceof Action.Count || !passing && ins.action() instanceof Action.Pass) {
                    continue;
                }
                if (ins.isExact()) {
                    addItems(boxes, meta, ins.over(), domain, p, ins.index(), EXACT);
                } else {
                    addItems(boxes, meta, ins.over(), domain, p, ins.index(), OVER);
                    addItems(boxes, meta, ins.under(), domain, p, ins.index(), UNDER);
                }
            }
        }
        int n = boxes.size();
        itemBox = boxes.toArray(new Box[0]);
        itemProgram = new int[n];
        itemInstruction = new int[n];
        itemKind = new byte[n];
        for (int i = 0; i < n; i++) {
            int[] m = meta.get(i);
            itemProgram[i] = m[0];
            itemInstruction[i] = m[1];
            itemKind[i] = (byte) m[2];
        }
        zobrist = new long[n];
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        for (int i = 0; i < n; i++) {
            zobrist[i] = random.nextLong();
        }
        activeMark = new int[n];

        List<Dimension> dims = new ArrayList<>(preferredOrder);
        for (Dimension d : Dimension.values()) {
            if (!dims.contains(d)) {
                dims.add(d);
            }
        }
        List<Dimension> used = new ArrayList<>();
        List<long[]> usedBounds = new ArrayList<>();
        List<int[][]> usedCells = new ArrayList<>();
        List<IntervalSet> usedRanges = new ArrayList<>();
        for (Dimension d : dims) {
            IntervalSet domainRange = IntervalSet.EMPTY;
            for (int i = 0; i < domainCount; i++) {
                domainRange = domainRange.union(itemBox[i].get(d));
            }
            boolean varies = false;
            for (int i = 0; i < n && !varies; i++) {
                varies = !itemBox[i].get(d).containsAll(domainRange);
            }
            if (!varies) {
                continue;
            }
            long[] b = boundaries(d);
            int[][] c = new int[n][];
            for (int i = 0; i < n; i++) {
                IntervalSet s = itemBox[i].get(d);
                c[i] = s.containsAll(domainRange) ? null : cellRanges(s, b);
            }
            used.add(d);
            usedRanges.add(domainRange);
            usedBounds.add(b);
            usedCells.add(c);
        }
        order = used.toArray(new Dimension[0]);
        bounds = usedBounds.toArray(new long[0][]);
        cells = usedCells.toArray(new int[0][][]);
        domainRanges = usedRanges.toArray(new IntervalSet[0]);
        lastPartial = new byte[n][];
        for (int i = domainCount; i < n; i++) {
            byte[] lp = new byte[domainCount];
            for (int u = 0; u < domainCount; u++) {
                int last = -1;
                for (int l = 0; l < order.length; l++) {
                    if (!itemBox[i].get(order[l]).containsAll(itemBox[u].get(order[l]))) {
                        last = l;
                    }
                }
                lp[u] = (byte) last;
            }
            lastPartial[i] = lp;
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        root = node(0, prune(all, 0));
    }

    /** The diagram of {@code program} over every packet of its space. */
    public static DecisionDiagram of(Program program) {
        return of(List.of(program), program.space().all(), DEFAULT_ORDER, false);
    }

    /**
     * The diagram of {@code programs} (sharing one space) over the packets of {@code domain}, splitting
     * dimensions in {@code preferredOrder} first (the others follow in their natural order). With
     * {@code passing}, the non-terminal targets (LOG, MARK, ...) split classes too and each
     * {@link Outcome#passed()} lists them; without, classes are only as fine as the decisions need and
     * {@code passed} is empty. Jumps and rules without a target ({@link Action.Count}) never split
     * classes (they change no fate; a jump's condition is part of its body's conditions).
     */
    public static DecisionDiagram of(List<Program> programs, PacketSet domain, List<Dimension> preferredOrder,
                                     boolean passing) {
        return new DecisionDiagram(programs, domain, preferredOrder, passing);
    }

    /** The root node. */
    public Node root() {
        return root;
    }

    /**
     * A packet of a class whose leaf satisfies {@code wanted} and whose fields in {@code fixed} have
     * the given values (stored encoding), or null when there is none. Depth-first, each node visited once.
     */
    public dev.rampart.sim.packet.Packet find(Map<Dimension, Long> fixed, Predicate<Node> wanted) {
        IntervalSet[] v = new IntervalSet[order.length];
        Set<Node> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        Box b = find(root, v, fixed, wanted, dead);
        return b == null ? null : space.ofBoxes(List.of(b)).witness();
    }

    private Box find(Node n, IntervalSet[] v, Map<Dimension, Long> fixed, Predicate<Node> wanted, Set<Node> dead) {
        if (dead.contains(n)) {
            return null;
        }
        if (n.isLeaf()) {
            if (wanted.test(n)) {
                Box b = boxOf(v, n.items[0]);
                for (Map.Entry<Dimension, Long> e : fixed.entrySet()) {
                    IntervalSet at = b.get(e.getKey()).intersect(IntervalSet.point(e.getValue()));
                    if (at.isEmpty()) {
                        return null;
                    }
                    b = b.with(e.getKey(), at);
                }
                return b;
            }
            dead.add(n);
            return null;
        }
        Long want = fixed.get(order[n.level]);
        for (int i = 0; i < n.children.length; i++) {
            if (want != null && !n.values[i].contains(want)) {
                continue;
            }
            v[n.level] = n.values[i];
            Box b = find(n.children[i], v, fixed, wanted, dead);
            if (b != null) {
                v[n.level] = null;
                return b;
            }
        }
        v[n.level] = null;
        // whether a wanted packet lies below n depends only on n and the fixed values, not on the path
        dead.add(n);
        return null;
    }

    /** The programs, in the order {@link Node#outcome(int)} indexes them. */
    public List<Program> programs() {
        return programs;
    }

    /** The packet space. */
    public PacketSpace space() {
        return space;
    }

    /** Number of distinct nodes (internal and leaves), a measure of the diagram's size. */
    public int nodeCount() {
        return memo.size();
    }

    /** The class (leaf) holding {@code packet}, or null when the packet is not in the domain. */
    public Node classify(dev.rampart.sim.packet.Packet packet) {
        long[] point = space.point(packet);
        if (point == null) {
            return null;
        }
        Node n = root;
        while (!n.isLeaf()) {
            long v = point[order[n.level].ordinal()];
            Node next = null;
            for (int i = 0; i < n.children.length; i++) {
                if (n.values[i].contains(v)) {
                    next = n.children[i];
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            n = next;
        }
        for (int d = 0; d < domainCount; d++) {
            if (Arrays.binarySearch(n.items, d) >= 0 && itemBox[d].contains(point)) {
                return n;
            }
        }
        return null;
    }

    /** The distinct classes (leaves), in a deterministic order (depth-first, first child first). */
    public List<Node> leaves() {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (n.isLeaf()) {
                out.add(n);
            } else {
                for (int i = n.children.length - 1; i >= 0; i--) {
                    stack.push(n.children[i]);
                }
            }
        }
        return out;
    }

    /**
     * Every box of the classes whose leaf satisfies {@code wanted}, at most {@code limit} of them (paths
     * through the diagram; subtrees without a wanted leaf are not entered). The boxes are disjoint.
     */
    public List<Box> boxes(Predicate<Node> wanted, int limit) {
        List<Box> out = new ArrayList<>();
        forEachBox(wanted, limit, (box, leaf) -> out.add(box));
        return out;
    }

    /** The packets of the classes whose leaf satisfies {@code wanted} (at most {@code limit} boxes). */
    public PacketSet packets(Predicate<Node> wanted, int limit) {
        return space.ofBoxes(boxes(wanted, limit));
    }

    /**
     * Walks the paths from the root down to the first node that splits none of {@code dims} (or a leaf),
     * calling {@code action} with the values the path took in each of {@code dims} (null: unconstrained)
     * and that node. The paths' regions are disjoint and cover the domain.
     */
    public void forEachPrefix(List<Dimension> dims, java.util.function.BiConsumer<Map<Dimension, IntervalSet>, Node> action) {
        prefix(root, new java.util.EnumMap<>(Dimension.class), dims, action);
    }

    private void prefix(Node n, Map<Dimension, IntervalSet> v, List<Dimension> dims,
                        java.util.function.BiConsumer<Map<Dimension, IntervalSet>, Node> action) {
        if (n.isLeaf() || !dims.contains(order[n.level])) {
            action.accept(new java.util.EnumMap<>(v), n);
            return;
        }
        Dimension d = order[n.level];
        for (int i = 0; i < n.children.length; i++) {
            v.put(d, n.values[i]);
            prefix(n.children[i], v, dims, action);
        }
        v.remove(d);
    }

    /**
     * Calls {@code action} with every box of the classes whose leaf satisfies {@code wanted} and its
     * leaf, at most {@code limit} boxes; returns whether every box was visited (false: the limit cut
     * the walk short).
     */
    public boolean forEachBox(Predicate<Node> wanted, int limit, java.util.function.BiConsumer<Box, Node> action) {
        Map<Node, Boolean> has = new IdentityHashMap<>();
        int[] count = {0};
        return walk(root, new IntervalSet[order.length], wanted, has, action, count, limit);
    }

    private boolean walk(Node n, IntervalSet[] v, Predicate<Node> wanted, Map<Node, Boolean> has,
                         java.util.function.BiConsumer<Box, Node> action, int[] count, int limit) {
        if (!contains(n, wanted, has)) {
            return true;
        }
        if (n.isLeaf()) {
            if (count[0]++ >= limit) {
                return false;
            }
            action.accept(boxOf(v, n.items[0]), n);
            return true;
        }
        for (int i = 0; i < n.children.length; i++) {
            v[n.level] = n.values[i];
            if (!walk(n.children[i], v, wanted, has, action, count, limit)) {
                v[n.level] = null;
                return false;
            }
        }
        v[n.level] = null;
        return true;
    }

    private boolean contains(Node n, Predicate<Node> wanted, Map<Node, Boolean> has) {
        Boolean known = has.get(n);
        if (known != null) {
            return known;
        }
        boolean r;
        if (n.isLeaf()) {
            r = wanted.test(n);
        } else {
            r = false;
            for (Node c : n.children) {
                if (contains(c, wanted, has)) {
                    r = true;
                    break;
                }
            }
        }
        has.put(n, r);
        return r;
    }

    /** The box with the values {@code v} per level (null: unconstrained) inside domain box {@code domainItem}. */
    private Box boxOf(IntervalSet[] v, int domainItem) {
        Box b = itemBox[domainItem];
        for (int l = 0; l < order.length; l++) {
            if (v[l] != null) {
                b = b.with(order[l], b.get(order[l]).intersect(v[l]));
            }
        }
        return b;
    }

    private void addItems(List<Box> boxes, List<int[]> meta, PacketSet set, PacketSet domain, int program,
                          int instruction, byte kind) {
        boolean check = domain.boxes().size() <= 64;
        Box hull = check ? domain.hull() : null;
        for (Box b : set.boxes()) {
            if (check) {
                if (!hull.intersects(b)) {
                    continue;
                }
                boolean meets = false;
                for (Box d : domain.boxes()) {
                    if (d.intersects(b)) {
                        meets = true;
                        break;
                    }
                }
                if (!meets) {
                    continue;
                }
            }
            boxes.add(b);
            meta.add(new int[] {program, instruction, kind});
        }
    }

    /** The sorted lower ends of the cells of dimension {@code d}: every item interval starts and ends on one. */
    private long[] boundaries(Dimension d) {
        long[] b = new long[16];
        int k = 0;
        b[k++] = Long.MIN_VALUE;
        for (Box box : itemBox) {
            IntervalSet s = box.get(d);
            for (int i = 0; i < s.intervalCount(); i++) {
                if (k + 2 > b.length) {
                    b = Arrays.copyOf(b, b.length * 2);
                }
                b[k++] = s.lo(i);
                if (s.hi(i) != Long.MAX_VALUE) {
                    b[k++] = s.hi(i) + 1;
                }
            }
        }
        long[] sorted = Arrays.copyOf(b, k);
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, m);
    }

    /** The cell index ranges (pairs, inclusive) that {@code s} covers. */
    private static int[] cellRanges(IntervalSet s, long[] b) {
        int[] r = new int[s.intervalCount() * 2];
        for (int i = 0; i < s.intervalCount(); i++) {
            r[2 * i] = Arrays.binarySearch(b, s.lo(i));
            r[2 * i + 1] = s.hi(i) == Long.MAX_VALUE ? b.length - 1 : Arrays.binarySearch(b, s.hi(i) + 1) - 1;
        }
        return r;
    }

    /** The shared node for {@code items} at {@code level}, built when new. */
    private Node node(int level, int[] items) {
        level = firstSplitLevel(items, level);
        NodeKey key = NodeKey.of(level, items);
        Node n = memo.get(key);
        if (n != null) {
            return n;
        }
        n = new Node(level, items);
        memo.put(key, n);
        if (level == order.length || settled(items, level)) {
            n.leaf = true;
            n.outcomes = new Outcome[programs.size()];
            for (int p = 0; p < programs.size(); p++) {
                n.outcomes[p] = run(p, items);
            }
            return n;
        }
        split(n);
        return n;
    }

    /**
     * The first level from {@code level} on where some item of {@code items} does not cover the domain's
     * whole range, or the number of levels: splitting a level where every item covers everything would
     * only copy the node.
     */
    private int firstSplitLevel(int[] items, int level) {
        for (; level < order.length; level++) {
            int[][] lc = cells[level];
            for (int item : items) {
                if (lc[item] != null) {
                    return level;
                }
            }
        }
        return level;
    }

    /** A group of cells of one node's level with the same active items. */
    private static final class Group {
        final int[] items;
        final IntervalSet.Builder values = new IntervalSet.Builder(4);

        Group(int[] items) {
            this.items = items;
        }
    }

    private void split(Node n) {
        int level = n.level;
        int[][] lc = cells[level];
        long[] b = bounds[level];
        int cellCount = b.length;
        int events = 0;
        for (int item : n.items) {
            if (lc[item] != null) {
                events += lc[item].length;
            }
        }
        long[] ev = new long[events];
        int k = 0;
        for (int item : n.items) {
            int[] r = lc[item];
            if (r == null) {
                continue;
            }
            for (int i = 0; i < r.length; i += 2) {
                ev[k++] = ((long) r[i] << 32) | ((long) item << 1);
                if (r[i + 1] + 1 < cellCount) {
                    ev[k++] = ((long) (r[i + 1] + 1) << 32) | ((long) item << 1) | 1;
                }
            }
        }
        Arrays.sort(ev, 0, k);
        Map<Long, Group> groups = new LinkedHashMap<>();
        long hash = 0;
        int from = 0;
        int i = 0;
        while (i <= k) {
            int pos = i < k ? (int) (ev[i] >>> 32) : cellCount;
            if (pos > from) {
                Group g = groups.get(hash);
                if (g == null) {
                    g = new Group(active(n.items, lc));
                    groups.put(hash, g);
                }
                g.values.add(b[from], pos < cellCount ? b[pos] - 1 : Long.MAX_VALUE);
                from = pos;
            }
            if (i == k) {
                break;
            }
            while (i < k && (int) (ev[i] >>> 32) == pos) {
                int item = (int) ((ev[i] & 0xFFFFFFFFL) >>> 1);
                boolean remove = (ev[i] & 1) != 0;
                activeMark[item] += remove ? -1 : 1;
                hash ^= zobrist[item];
                i++;
            }
        }
        for (int item : n.items) {
            activeMark[item] = 0;
        }
        List<Node> children = new ArrayList<>(groups.size());
        List<IntervalSet> values = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            if (g.items.length == 0 || g.items[0] >= domainCount) {
                continue;
            }
            // cells outside every domain box share a group with those inside when all domain items
            // cover the level; they are no packets of the domain
            IntervalSet v = g.values.build().intersect(domainRanges[level]);
            if (v.isEmpty()) {
                continue;
            }
            Node child = node(level + 1, prune(g.items, level + 1));
            if (child.firstParent == null && child != root) {
                child.firstParent = n;
                child.firstValues = v;
            }
            children.add(child);
            values.add(v);
        }
        n.children = children.toArray(new Node[0]);
        n.values = values.toArray(new IntervalSet[0]);
    }

    /** The items of {@code items} that are constant at this level or active in the current cell. */
    private int[] active(int[] items, int[][] lc) {
        int[] out = new int[items.length];
        int m = 0;
        for (int item : items) {
            if (lc[item] == null || activeMark[item] > 0) {
                out[m++] = item;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * The items that can still matter in a node at {@code level}: drops everything of a program after an
     * item that certainly matches the node's whole remaining region and decides, and what a certain
     * skip over the whole region jumps over; but only when no earlier skip that matches part of the
     * region ({@code pendingSkip}) may jump past that item.
     */
    private int[] prune(int[] items, int level) {
        int domains = 0;
        while (domains < items.length && items[domains] < domainCount) {
            domains++;
        }
        int[] out = new int[items.length];
        int m = 0;
        for (int i = 0; i < domains; i++) {
            out[m++] = items[i];
        }
        boolean[] cut = new boolean[programs.size()];
        int[] skipTo = new int[programs.size()];
        int[] pendingSkip = new int[programs.size()];
        for (int i = domains; i < items.length; i++) {
            int item = items[i];
            int p = itemProgram[item];
            int ins = itemInstruction[item];
            if (cut[p] || ins < skipTo[p]) {
                continue;
            }
            out[m++] = item;
            if (itemKind[item] == OVER) {
                continue;
            }
            Action a = programs.get(p).get(ins).action();
            boolean reached = pendingSkip[p] <= ins;
            if (!coversRest(item, items, domains, level)) {
                if (a instanceof Action.Skip s) {
                    pendingSkip[p] = Math.max(pendingSkip[p], s.to());
                }
                continue;
            }
            if (!reached) {
                continue;
            }
            if (a instanceof Action.Decide) {
                cut[p] = true;
            } else if (a instanceof Action.Skip s) {
                skipTo[p] = s.to();
                // every packet of the region reaches this skip and takes it, and what it jumps over is
                // gone: the skip itself no longer changes any outcome, and dropping it lets regions that
                // differ only in which catch-all skip they took share their nodes
                m--;
            }
        }
        return m == items.length ? items : Arrays.copyOf(out, m);
    }

    private boolean coversRest(int item, int[] items, int domains, int level) {
        byte[] lp = lastPartial[item];
        for (int i = 0; i < domains; i++) {
            if (lp[items[i]] >= level) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a node at {@code level} is a class already: one domain box, and every item covers the
     * whole region in the dimensions left, so no later split can tell its packets apart.
     */
    private boolean settled(int[] items, int level) {
        if (items.length == 0 || items[0] >= domainCount || items.length > 1 && items[1] < domainCount) {
            return false;
        }
        int u = items[0];
        for (int i = 1; i < items.length; i++) {
            if (lastPartial[items[i]][u] >= level) {
                return false;
            }
        }
        return true;
    }

    /** Runs program {@code p} on a class whose containing items are {@code items}. */
    private Outcome run(int p, int[] items) {
        Program program = programs.get(p);
        List<Instruction> maybe = new ArrayList<>();
        List<Instruction> passed = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        int pc = 0;
        int i = 0;
        while (i < items.length) {
            int item = items[i];
            if (itemProgram[item] != p || itemInstruction[item] < pc) {
                i++;
                continue;
            }
            int ins = itemInstruction[item];
            boolean certain = false;
            while (i < items.length && itemProgram[items[i]] == p && itemInstruction[items[i]] == ins) {
                certain |= itemKind[items[i]] != OVER;
                i++;
            }
            Instruction instruction = program.get(ins);
            if (!certain) {
                reasons.addAll(instruction.approximations());
            }
            Action action = instruction.action();
            if (action instanceof Action.Decide) {
                if (certain) {
                    return new Outcome(instruction, maybe, passed, List.copyOf(reasons));
                }
                maybe.add(instruction);
            } else if (action instanceof Action.Skip s) {
                if (certain) {
                    pc = s.to();
                }
            } else {
                passed.add(instruction);
            }
        }
        throw new IllegalStateException("no instruction decides a class of " + program.chain()
                + "; the policy should always match");
    }
}
