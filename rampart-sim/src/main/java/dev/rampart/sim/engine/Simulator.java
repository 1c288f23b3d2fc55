package dev.rampart.sim.engine;

import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.CtState;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.conntrack.Conntrack;
import dev.rampart.sim.match.IpSetStore;
import dev.rampart.sim.packet.Packet;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulation run: one compiled ruleset, its ipsets, a conntrack table, stateful-match memory and a
 * virtual clock. Packets are processed in order, each seeing the state the earlier ones left. Not
 * thread-safe; to classify from many threads, share one {@link CompiledRuleset} and give each thread its
 * own run.
 *
 * <p>Per packet: the hooks of its path ({@code in} only: PREROUTING, INPUT; {@code out} only: OUTPUT,
 * POSTROUTING; both: PREROUTING, FORWARD, POSTROUTING), at each hook the tables in priority order. At
 * PREROUTING/OUTPUT conntrack runs after the raw table (so NOTRACK there makes the packet UNTRACKED).
 * The nat chains only see packets of connections without a binding for that hook's manipulation
 * (the first packet); later packets are rewritten from the binding. A packet accepted at the end of
 * its path confirms its connection.
 */
public final class Simulator {
    /** The virtual clock's start when the first packet carries no time: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** How far the clock moves for a packet without a time, in nanoseconds (1 ms). */
    public static final long DEFAULT_STEP_NANOS = 1_000_000L;

    private final CompiledRuleset rules;
    private final HostModel host;
    /** The connection table, or null in a stateless run. */
    private final Conntrack conntrack;
    private final RunEnv env;
    private final TargetEffects effects;
    private final ChainWalker walker;
    /** Reused for every packet of the run: results copy what they keep. */
    private final TraceRecorder recorder;
    private final PacketState state = new PacketState(null);
    private long clock = Long.MIN_VALUE;
    private long sequence;

    private Simulator(Builder b) {
        this.rules = b.compiled != null ? b.compiled : CompiledRuleset.compile(b.ruleset,
                b.linear ? CompiledRuleset.Indexing.LINEAR : CompiledRuleset.Indexing.INDEXED);
        this.host = b.host;
        IpSetStore sets = b.ipsets == null ? IpSetStore.empty() : new IpSetStore(b.ipsets);
        this.conntrack = b.stateless ? null : new Conntrack();
        ConnectionTable connections = conntrack != null ? conntrack : (key, bits, byDst, proto, now) -> 0;
        this.env = new RunEnv(host, sets, new StateStore(), connections, new SplittableRandom(b.seed));
        this.effects = new TargetEffects(env, conntrack);
        this.walker = new ChainWalker(env, effects);
        this.recorder = new TraceRecorder(b.steps);
    }

    /** A builder for a run over {@code ruleset}. */
    public static Builder builder(Ruleset ruleset) {
        Builder b = new Builder();
        b.ruleset = ruleset;
        return b;
    }

    /** A builder for a run over an already compiled ruleset (shared between runs). */
    public static Builder builder(CompiledRuleset compiled) {
        Builder b = new Builder();
        b.compiled = compiled;
        return b;
    }

    /** The compiled ruleset this run evaluates. */
    public CompiledRuleset rules() {
        return rules;
    }

    /**
     * Processes one packet and returns what happened to it. Throws IllegalArgumentException when the
     * packet's family differs from the ruleset's or it has neither {@code in} nor {@code out} and no host
     * description decides.
     */
    public TraceResult process(Packet packet) {
        if (packet.family() != rules.family()) {
            throw new IllegalArgumentException("packet is IPv" + packet.family().number() + " but the ruleset is IPv"
                    + rules.family().number());
        }
        long now = advanceClock(packet);
        String id = packet.id();
        sequence++;
        TraceRecorder rec = recorder;
        rec.reset();
        boolean arriving = packet.in() != null && packet.out() == null;
        boolean sending = packet.out() != null && packet.in() == null;
        env.startPacket(now, rec, arriving ? packet.dst() : sending ? packet.src() : null);
        PacketState p = state;
        p.reset(packet);
        effects.recordTo(rec);
        walker.recordTo(rec);
        List<Hook> path = path(packet);
        if (packet.fragment() && rules.usesConntrack() && packet.in() != null) {
            // with connection tracking the kernel reassembles before the raw table (nf_defrag, priority
            // -400); a lone non-first fragment waits there for the rest and never reaches a rule
            rec.approximate("a lone non-first fragment is held by defragmentation (the ruleset uses conntrack)"
                    + " and reaches no rule; it is dropped when reassembly times out");
            return result(id, packet, p, TableVerdict.DROP, rec);
        }
        TableVerdict verdict = TableVerdict.ACCEPT;
        outer:
        for (int h = 0; h < path.size(); h++) {
            Hook hook = path.get(h);
            if (hook == Hook.FORWARD) {
                // ip_forward / ip6_forward decrement the TTL before the FORWARD hook; at 1 or 0 the packet
                // is answered with "time exceeded" and never reaches the chains
                if (p.ttl() <= 1) {
                    verdict = TableVerdict.DROP;
                    rec.approximate("TTL " + p.ttl() + " expires when forwarding: dropped by the stack before FORWARD");
                    break;
                }
                p.setTtl(p.ttl() - 1);
            }
            p.setHook(hook);
            env.setHook(hook);
            for (TableName table : hook.tableArray()) {
                boolean nat = table == TableName.NAT;
                if (!nat || natChainRuns(p, hook)) {
                    verdict = runTable(table, p);
                    if (verdict.isFinal()) {
                        break outer;
                    }
                }
                if (nat && conntrack != null && p.ct() != null) {
                    conntrack.applyNat(p, hook);
                }
                if (table == TableName.RAW && p.ctState() != CtState.UNTRACKED) {
                    track(p, now);
                }
            }
            if (hook == Hook.PREROUTING && h + 1 < path.size() && path.get(h + 1) == Hook.INPUT && !host.isEmpty()
                    && !host.isLocal(p.dst())) {
                path = reroute(p);
                if (path == null) {
                    verdict = TableVerdict.DROP;
                    rec.approximate("no route to " + p.dst() + " in the host description: dropped by routing");
                    break;
                }
            }
        }
        if (verdict == TableVerdict.ACCEPT && conntrack != null && p.ct() != null && !conntrack.confirm(p, now)) {
            // the kernel drops a packet whose NATed tuple clashes with another connection at confirm time
            verdict = TableVerdict.DROP;
            rec.approximate("dropped at conntrack confirmation: its NAT tuple clashes with another connection");
        }
        return result(id, packet, p, verdict, rec);
    }

    /**
     * How many rules this run has evaluated (tried the matches of) over all its packets: what the chain
     * indexes save. A linear run evaluates every rule up to the one that decides; an indexed run only the
     * candidates its indexes propose.
     */
    public long rulesEvaluated() {
        return walker.rulesEvaluated();
    }

    /** Forgets all connections (as {@code conntrack -F}), keeping other state. */
    public void flushConntrack() {
        if (conntrack != null) {
            conntrack.flush();
        }
    }

    /**
     * Whether the nat chain at {@code hook} sees this packet: only a connection's first packet (no binding
     * yet for this hook's manipulation); in a stateless run, every NEW packet. Invalid and untracked
     * packets never do.
     */
    private boolean natChainRuns(PacketState p, Hook hook) {
        if (conntrack == null) {
            return p.ctState() == CtState.NEW;
        }
        return p.ct() != null && conntrack.needsNatLookup(p, hook);
    }

    /** Connection tracking after the raw table; a stateless run takes the packet's state (NEW when absent). */
    private void track(PacketState p, long now) {
        if (conntrack == null) {
            CtState given = p.original().ctState();
            p.setConntrack(given != null ? given : CtState.NEW, null, false);
        } else {
            conntrack.track(p, now);
        }
    }

    private TableVerdict runTable(TableName table, PacketState p) {
        CompiledChain chain = rules.builtin(table, p.hook());
        if (chain == null) {
            return TableVerdict.ACCEPT;
        }
        return walker.walk(chain, p);
    }

    /** After PREROUTING, a packet for an address that is not local is forwarded (host description given). */
    private List<Hook> reroute(PacketState p) {
        var out = host.routeInterface(p.dst());
        if (out.isEmpty()) {
            return null;
        }
        p.setOut(out.get());
        return FORWARDED;
    }

    private static final List<Hook> FORWARDED = List.of(Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING);
    private static final List<Hook> ARRIVING = List.of(Hook.PREROUTING, Hook.INPUT);
    private static final List<Hook> SENT = List.of(Hook.OUTPUT, Hook.POSTROUTING);

    private static List<Hook> path(Packet packet) {
        boolean in = packet.in() != null;
        boolean out = packet.out() != null;
        if (in && out) {
            return FORWARDED;
        }
        if (in) {
            return ARRIVING;
        }
        if (out) {
            return SENT;
        }
        throw new IllegalArgumentException("the packet needs \"in\" (arriving), \"out\" (sent by this host) or both"
                + " (forwarded)");
    }

    private long advanceClock(Packet packet) {
        long now;
        if (packet.time() != null) {
            Instant t = packet.time();
            now = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } else if (clock == Long.MIN_VALUE) {
            now = DEFAULT_START.getEpochSecond() * 1_000_000_000L;
        } else {
            now = clock + DEFAULT_STEP_NANOS;
        }
        clock = now;
        return now;
    }

    private TraceResult result(String id, Packet packet, PacketState p, TableVerdict verdict, TraceRecorder rec) {
        CounterRef decided = verdict == TableVerdict.ACCEPT && rec.filterDecision != null ? rec.filterDecision
                : rec.lastDecision;
        boolean natted = !packet.src().equals(p.src()) || !packet.dst().equals(p.dst()) || packet.sport() != p.sport()
                || packet.dport() != p.dport();
        NatResult nat = natted ? new NatResult(packet.src(), packet.sport(), packet.dst(), packet.dport(), p.src(),
                p.sport(), p.dst(), p.dport()) : null;
        return new TraceResult(id, sequence, verdict.toVerdict(), decided, rec.matchedList(),
                p.ctState(),
                nat, rec.log, rec.steps == null ? List.of() : rec.steps, rec.approximate);
    }

    /** Options of a run. */
    public static final class Builder {
        private Ruleset ruleset;
        private CompiledRuleset compiled;
        private IpSets ipsets;
        private HostModel host = HostModel.NONE;
        private long seed;
        private boolean linear;
        private boolean steps = true;
        private boolean stateless;

        private Builder() {
        }

        /** The ipsets {@code -m set} and {@code -j SET} use. */
        public Builder ipsets(IpSets sets) {
            this.ipsets = sets;
            return this;
        }

        /** The host's interfaces, addresses and routes (addrtype, MASQUERADE, REDIRECT, routing). */
        public Builder host(HostModel model) {
            this.host = model;
            return this;
        }

        /** Seed of the random generator ({@code statistic --mode random}); default 0. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Walk every rule instead of using the chain indexes (the reference evaluator). */
        public Builder linear(boolean value) {
            this.linear = value;
            return this;
        }

        /** Whether results carry trace steps (default true; off for bulk classification). */
        public Builder steps(boolean value) {
            this.steps = value;
            return this;
        }

        /**
         * A stateless run, for classifying packets independently (the analyses' use): no connection table;
         * each packet's conntrack state is its {@code ct_state} (NEW when absent), the nat chains see every
         * NEW packet and NAT rewrites the packet without being remembered. Other stateful matches still
         * keep their state within the run.
         */
        public Builder stateless(boolean value) {
            this.stateless = value;
            return this;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }
}
