package dev.rampart.sim.classify;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.sim.classify.RuleKey.PortField;
import dev.rampart.sim.engine.PacketState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain's rules in a tuple space: the {@link RuleIndex} for chains too long to walk.
 *
 * <h2>Design</h2>
 * Tuple space search (Srinivasan, Suri, Varghese, "Packet classification using tuple space search",
 * SIGCOMM 1999) groups rules by <em>which</em> header bits they fix — the tuple: source and destination
 * mask, whether the protocol is fixed, which port or ICMP type is fixed, how the interfaces are compared —
 * and keeps one hash table per tuple from the fixed values to the rules. A packet is looked up once per
 * tuple with its own fields cut to that tuple; the rules found are the candidates. iptables rules are
 * a good fit: they test exact hosts and prefixes ({@code -s 10.0.0.5/32}, {@code -d clusterIP/32}),
 * single ports, a protocol and interface names, and real chains use few distinct tuples (TUM's
 * 1,014-rule {@code mac_1019} uses two: {@code -s /32} and the catch-all; kube-proxy's
 * {@code KUBE-SERVICES} two: {@code -d /32 -p --dport} and the catch-all).
 *
 * <p>Following TupleMerge (Daly, Bruschi, Linguaglossa, Pontarelli, Rossi, Tollet, Torng, Yourtchenko,
 * "TupleMerge: Fast software packet processing for online packet classification", IEEE/ACM ToN 27(4),
 * 2019), a rule may be stored under a tuple that fixes <em>fewer</em> bits than the rule does: the
 * rule's value cut to the smaller tuple is still equal to the packet's whenever the rule matches, so
 * nothing is lost and at worst a bucket holds rules the packet does not match. We use this twice:
 * prefix lengths are rounded down to a few levels ({@link #IPV4_LEVELS}, {@link #IPV6_LEVELS}), and
 * whole tuples are folded into a more general kept tuple when no bucket there grows beyond
 * {@link #MERGE_BUCKET_LIMIT} rules ({@link #consolidate}). On TUM's {@code filter_109} (245 rules) this
 * takes the tuples from 8 to 4 for half a candidate more per packet (3.0 instead of 2.5); a limit of 16
 * would leave 3 tuples but 5.5 candidates. Fewer tuples means fewer hash probes per packet, which is
 * where the time goes.
 *
 * <p>What a rule cannot be keyed on is simply not part of its tuple: {@code !}-negated addresses,
 * protocols and interfaces, port ranges wider than {@link RuleKey#MAX_KEYED_PORTS} ports, multiport
 * {@code --ports}, the match-all wildcard {@code -i +}. A rule with none of them keyed lands in
 * the all-wildcard tuple, which is the "rest" list every packet visits. Multiport and short ranges are
 * stored once per port value.
 *
 * <p>Invariants: every table's buckets hold ascending positions without duplicates; a rule whose
 * {@link RuleKey} is satisfied by a packet is in exactly one bucket of one table that the packet's
 * lookup visits. Hash keys are 64-bit mixes of the cut fields; two different cut values with equal
 * mixes share a bucket (an extra candidate, never a lost one). The lookup merges the hit buckets
 * into the caller's {@link Candidates} stack.
 *
 * <p>Semantics the key relies on, as the kernel's matches behave: a packet without ports (no port
 * given, or a non-first fragment) matches no {@code --dport}/{@code --sport}/{@code --dports}/
 * {@code --sports} test (xt_tcpudp and xt_multiport fail on such packets); a non-first fragment or a
 * packet without an ICMP type matches no {@code --icmp-type}; a packet without an interface has the
 * empty name, which no {@code -i NAME} matches.
 */
public final class TupleSpaceIndex implements RuleIndex {

    /** IPv4 prefix lengths a mask is rounded down to (bits). */
    static final int[] IPV4_LEVELS = {8, 16, 24, 32};
    /** IPv6 prefix lengths a mask is rounded down to (bits). */
    static final int[] IPV6_LEVELS = {16, 32, 48, 64, 128};
    /** Folding a tuple may not make any bucket of the receiving tuple longer than this (rules). */
    static final int MERGE_BUCKET_LIMIT = 8;
    /** ... nor the one bucket of the all-wildcard tuple, which every packet reads, longer than this. */
    static final int ANY_BUCKET_LIMIT = 4;

    private static final long SEED = 0x2545F4914F6CDD1DL;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final boolean ipv4;
    private final int ruleCount;
    private final Tuple[] tuples;
    private final TupleTable[] tables;
    /**
     * Per tuple, the one bucket of a tuple that keys nothing (the all-wildcard "rest" list every packet
     * reads, looked up once here instead of hashed per packet) as a {@link TupleTable#get} run; 0 for
     * the others.
     */
    private final long[] constantHits;
    /** The buckets of all tables, side by side ({@link TupleTable#get} gives a run of it). */
    private final int[] positions;

    private TupleSpaceIndex(boolean ipv4, int ruleCount, Tuple[] tuples, TupleTable[] tables, int[] positions) {
        this.ipv4 = ipv4;
        this.ruleCount = ruleCount;
        this.tuples = tuples;
        this.tables = tables;
        this.positions = positions;
        this.constantHits = new long[tuples.length];
        for (int i = 0; i < tuples.length; i++) {
            if (tuples[i].keyedFields() == 0) {
                constantHits[i] = tables[i].get(key(ipv4, tuples[i], 0, 0, 0, 0, 0, 0, 0, 0));
            }
        }
    }

    /** The index of {@code rules}, a chain of {@code family} in order. */
    public static TupleSpaceIndex build(List<Rule> rules, Family family) {
        RuleKey[] keys = new RuleKey[rules.size()];
        Map<Tuple, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RuleKey.of(rules.get(i), family);
            groups.computeIfAbsent(naturalTuple(keys[i], family), t -> new ArrayList<>()).add(i);
        }
        boolean ipv4 = family == Family.IPV4;
        groups = consolidate(ipv4, groups, keys);
        Tuple[] tuples = new Tuple[groups.size()];
        TupleTable[] tables = new TupleTable[groups.size()];
        Candidates pool = new Candidates();
        int t = 0;
        for (Map.Entry<Tuple, List<Integer>> g : groups.entrySet()) {
            tuples[t] = g.getKey();
            tables[t] = fill(ipv4, g.getKey(), g.getValue(), keys, pool);
            t++;
        }
        return new TupleSpaceIndex(ipv4, rules.size(), tuples, tables, pool.toArray());
    }

    @Override
    public void candidates(PacketState packet, Candidates into) {
        long srcHi = packet.src().hi();
        long srcLo = packet.src().lo();
        long dstHi = packet.dst().hi();
        long dstLo = packet.dst().lo();
        int protocol = packet.protocol();
        boolean ports = packet.hasPorts();
        int dport = packet.dport();
        int sport = packet.sport();
        int icmpType = packet.fragment() ? -1 : packet.icmpType();
        String in = packet.in() == null ? "" : packet.in();
        String out = packet.out() == null ? "" : packet.out();
        long[] hits = into.hitScratch(tables.length);
        int count = 0;
        for (int i = 0; i < tuples.length; i++) {
            long constant = constantHits[i];
            if (constant != 0) {
                hits[count++] = constant;
                continue;
            }
            Tuple t = tuples[i];
            int port;
            switch (t.portField()) {
                case NONE -> port = 0;
                case DPORT -> port = ports ? dport : -1;
                case SPORT -> port = ports ? sport : -1;
                default -> port = icmpType;
            }
            if (port < 0 || !fits(in, t.inMode()) || !fits(out, t.outMode())) {
                continue;
            }
            long key = key(ipv4, t, srcHi & t.srcMaskHi(), srcLo & t.srcMaskLo(), dstHi & t.dstMaskHi(),
                    dstLo & t.dstMaskLo(), protocol, port, ifaceHash(in, t.inMode()), ifaceHash(out, t.outMode()));
            long hit = tables[i].get(key);
            if (hit != 0) {
                hits[count++] = hit;
            }
        }
        if (count > 0) {
            into.addRuns(positions, hits, count);
        }
    }

    /** Number of rules indexed. */
    public int ruleCount() {
        return ruleCount;
    }

    /** Whether every rule sits in the all-wildcard tuple, so every packet gets every rule. */
    public boolean keysNothing() {
        return tuples.length == 1 && tuples[0].keyedFields() == 0;
    }

    /** Number of tuples (hash probes per packet, at most). */
    public int tupleCount() {
        return tuples.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TupleSpaceIndex[").append(ruleCount).append(" rules");
        for (int i = 0; i < tuples.length; i++) {
            sb.append("; ").append(tuples[i]).append(": ").append(tables[i].keyCount()).append(" keys, largest ")
                    .append(tables[i].largestBucket());
        }
        return sb.append(']').toString();
    }

    /** The tuple a rule would get on its own: its key with prefix lengths rounded down to a level. */
    static Tuple naturalTuple(RuleKey k, Family family) {
        long[] src = roundDown(k.srcMaskHi(), k.srcMaskLo(), family);
        long[] dst = roundDown(k.dstMaskHi(), k.dstMaskLo(), family);
        return new Tuple(src[0], src[1], dst[0], dst[1], k.protocol() >= 0, k.portField(), k.inMode(), k.outMode());
    }

    /**
     * Folds tuples into more general kept ones (TupleMerge's table merging, done offline): tuples are
     * considered from the most general; each moves into the kept tuple that covers all its rules and keys
     * the most fields, unless a bucket there would then hold more than {@link #MERGE_BUCKET_LIMIT} rules
     * ({@link #ANY_BUCKET_LIMIT} for the all-wildcard tuple, whose one bucket every packet reads). One
     * probe less per packet is worth a few extra candidates in the buckets that receive them.
     */
    private static Map<Tuple, List<Integer>> consolidate(boolean ipv4, Map<Tuple, List<Integer>> groups,
                                                         RuleKey[] keys) {
        List<Tuple> order = new ArrayList<>(groups.keySet());
        order.sort((a, b) -> a.keyedFields() != b.keyedFields() ? Integer.compare(a.keyedFields(), b.keyedFields())
                : Integer.compare(groups.get(b).size(), groups.get(a).size()));
        Map<Tuple, List<Integer>> kept = new LinkedHashMap<>();
        Map<Tuple, Map<Long, Integer>> bucketSizes = new LinkedHashMap<>();
        for (Tuple t : order) {
            List<Integer> rules = groups.get(t);
            Tuple target = null;
            for (Tuple candidate : kept.keySet()) {
                int limit = candidate.keyedFields() == 0 ? ANY_BUCKET_LIMIT : MERGE_BUCKET_LIMIT;
                if ((target == null || candidate.keyedFields() > target.keyedFields())
                        && coversAll(candidate, rules, keys)
                        && fitsBuckets(ipv4, candidate, rules, keys, bucketSizes.get(candidate), limit)) {
                    target = candidate;
                }
            }
            if (target == null) {
                target = t;
                kept.put(t, new ArrayList<>());
                bucketSizes.put(t, new HashMap<>());
            }
            kept.get(target).addAll(rules);
            Map<Long, Integer> sizes = bucketSizes.get(target);
            for (int r : rules) {
                for (long key : ruleKeys(ipv4, target, keys[r])) {
                    sizes.merge(key, 1, Integer::sum);
                }
            }
        }
        for (List<Integer> l : kept.values()) {
            l.sort(null);
        }
        return kept;
    }

    private static boolean coversAll(Tuple t, List<Integer> rules, RuleKey[] keys) {
        for (int r : rules) {
            if (!t.covers(keys[r])) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsBuckets(boolean ipv4, Tuple t, List<Integer> rules, RuleKey[] keys,
                                       Map<Long, Integer> sizes, int limit) {
        Map<Long, Integer> added = new HashMap<>();
        for (int r : rules) {
            for (long key : ruleKeys(ipv4, t, keys[r])) {
                int n = added.merge(key, 1, Integer::sum) + sizes.getOrDefault(key, 0);
                if (n > limit) {
                    return false;
                }
            }
        }
        return true;
    }

    private static TupleTable fill(boolean ipv4, Tuple t, List<Integer> positions, RuleKey[] keys, Candidates pool) {
        TupleTable table = new TupleTable();
        for (int p : positions) {
            for (long key : ruleKeys(ipv4, t, keys[p])) {
                table.add(key, p);
            }
        }
        table.seal(pool);
        return table;
    }

    /** The hash keys of a rule under tuple {@code t}: one per port value when the tuple keys a port. */
    private static long[] ruleKeys(boolean ipv4, Tuple t, RuleKey k) {
        int inHash = t.inMode() == RuleKey.IFACE_ANY ? 0 : k.inName().hashCode();
        int outHash = t.outMode() == RuleKey.IFACE_ANY ? 0 : k.outName().hashCode();
        long srcHi = k.srcHi() & t.srcMaskHi();
        long srcLo = k.srcLo() & t.srcMaskLo();
        long dstHi = k.dstHi() & t.dstMaskHi();
        long dstLo = k.dstLo() & t.dstMaskLo();
        if (t.portField() == PortField.NONE) {
            return new long[] {key(ipv4, t, srcHi, srcLo, dstHi, dstLo, k.protocol(), 0, inHash, outHash)};
        }
        int[] values = k.portValues();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = key(ipv4, t, srcHi, srcLo, dstHi, dstLo, k.protocol(), values[i], inHash, outHash);
        }
        return out;
    }

    /**
     * The 64-bit hash of cut field values under {@code t}; fields the tuple does not key count as 0. IPv4
     * addresses are 32 bits, so both fit one 64-bit word.
     */
    private static long key(boolean ipv4, Tuple t, long srcHi, long srcLo, long dstHi, long dstLo, int protocol, int port,
                            int inHash, int outHash) {
        long h = ipv4 ? mix(SEED, (srcLo << 32) | dstLo) : mix(mix(mix(mix(SEED, srcHi), srcLo), dstHi), dstLo);
        h = mix(h, (t.protocolKeyed() ? protocol : 0) | ((long) port << 8));
        return mix(h, ((long) inHash << 32) ^ (outHash & 0xFFFFFFFFL));
    }

    private static long mix(long h, long v) {
        h = (h ^ v) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    /** Whether an interface name can be compared under {@code mode}: prefix modes need that many characters. */
    private static boolean fits(String name, int mode) {
        return mode <= 0 || name.length() >= mode;
    }

    /** The hash of {@code name} as {@code mode} compares it (the same as the rule's name hash when they match). */
    private static int ifaceHash(String name, int mode) {
        if (mode == RuleKey.IFACE_ANY) {
            return 0;
        }
        if (mode == RuleKey.IFACE_EXACT) {
            return name.hashCode();
        }
        int h = 0;
        for (int i = 0; i < mode; i++) {
            h = 31 * h + name.charAt(i);
        }
        return h;
    }

    /** The mask rounded down to the nearest level: a prefix of the level's length, or the mask itself when not contiguous. */
    private static long[] roundDown(long maskHi, long maskLo, Family family) {
        int len = prefixLength(maskHi, maskLo, family);
        if (len < 0) {
            return new long[] {maskHi, maskLo};
        }
        int level = 0;
        for (int l : family == Family.IPV4 ? IPV4_LEVELS : IPV6_LEVELS) {
            if (l <= len) {
                level = l;
            }
        }
        if (family == Family.IPV4) {
            return new long[] {0, level == 0 ? 0 : (0xFFFFFFFFL << (32 - level)) & 0xFFFFFFFFL};
        }
        long hi = level == 0 ? 0 : level >= 64 ? -1L : -1L << (64 - level);
        long lo = level <= 64 ? 0 : level >= 128 ? -1L : -1L << (128 - level);
        return new long[] {hi, lo};
    }

    /** The prefix length of a contiguous mask, or -1. */
    private static int prefixLength(long maskHi, long maskLo, Family family) {
        if (family == Family.IPV4) {
            int m = (int) maskLo;
            return (~m & (~m + 1)) == 0 ? Integer.bitCount(m) : -1;
        }
        if (maskHi != -1L) {
            return maskLo == 0 && (~maskHi & (~maskHi + 1)) == 0 ? Long.bitCount(maskHi) : -1;
        }
        return (~maskLo & (~maskLo + 1)) == 0 ? 64 + Long.bitCount(maskLo) : -1;
    }
}
