package dev.rampart.analysis.lockout;

import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Proves that a ruleset keeps an administrator's SSH connection working, or finds the packets that it
 * blocks.
 *
 * <p>Three sets of packets must all be accepted by the filter table, over every value of the fields the
 * query leaves open (source port in the ephemeral range, any length, TTL, mark, interface):
 * <ol>
 *   <li>the new connection: TCP SYN from the admin to the port, conntrack state NEW, in INPUT;</li>
 *   <li>client packets of the established connection: ACK and PSH+ACK, state ESTABLISHED, in INPUT;</li>
 *   <li>server replies: SYN+ACK, ACK and PSH+ACK from the port to the admin, state ESTABLISHED, in
 *       OUTPUT (the reply's source is any address of the host unless the query names the server).</li>
 * </ol>
 * Each set is partitioned by a {@link DecisionDiagram} of the chain; every class must be decided by an
 * ACCEPT that rests on no approximation; a class accepted only when some undecidable earlier rule (a
 * rate limit) does not fire is a {@linkplain Blocker#conditional() conditional} blocker. Then a concrete handshake (SYN, SYN+ACK, ACK) is run through the
 * simulator with all tables and conntrack, which also catches raw, mangle and nat rules the filter
 * programs do not decide. Blockers are grouped by deciding rule, one packet each.
 */
public final class LockoutCheck {
    private static final int FLAG_FIN = 0x01;
    private static final int FLAG_SYN = 0x02;
    private static final int FLAG_PSH = 0x08;
    private static final int FLAG_ACK = 0x10;

    private final Ruleset ruleset;
    private final LockoutQuery query;
    private final Consumer<TraceResult> simulated;
    private final PacketSpace space;

    private LockoutCheck(Ruleset ruleset, LockoutQuery query, Consumer<TraceResult> simulated) {
        this.ruleset = ruleset;
        this.query = query;
        this.simulated = simulated;
        this.space = Flattener.spaceOf(ruleset);
    }

    /** Every blocker of {@code query}'s connection in {@code ruleset} (empty: the connection is safe). */
    public static List<Blocker> check(Ruleset ruleset, LockoutQuery query) {
        return check(ruleset, query, r -> { });
    }

    /**
     * As {@link #check(Ruleset, LockoutQuery)}, handing {@code simulated} the result of each packet of
     * the simulated handshake (the second opinion through every table, run when the filter chains
     * alone block nothing): which rules the admin's packets met outside the filter table.
     */
    public static List<Blocker> check(Ruleset ruleset, LockoutQuery query, Consumer<TraceResult> simulated) {
        if (ruleset.family() != query.admin().family()) {
            throw new IllegalArgumentException("the admin address is IPv" + query.admin().family().number()
                    + " but the ruleset is IPv" + ruleset.family().number());
        }
        return new LockoutCheck(ruleset, query, simulated).run();
    }

    private List<Blocker> run() {
        List<Blocker> out = new ArrayList<>();
        PacketSet toServer = tcp(true);
        out.addAll(blockers("new connection", "INPUT",
                toServer.intersect(state(CtState.NEW)).intersect(flags(FLAG_SYN))));
        out.addAll(blockers("client packets", "INPUT",
                toServer.intersect(state(CtState.ESTABLISHED)).intersect(flags(FLAG_ACK, FLAG_PSH | FLAG_ACK))));
        out.addAll(blockers("server replies", "OUTPUT", tcp(false).intersect(state(CtState.ESTABLISHED))
                .intersect(flags(FLAG_SYN | FLAG_ACK, FLAG_ACK, FLAG_PSH | FLAG_ACK))));
        if (out.stream().allMatch(Blocker::conditional)) {
            out.addAll(handshake());
        }
        return out;
    }

    /** TCP between the admin and the port, towards the server ({@code inbound}) or back. */
    private PacketSet tcp(boolean inbound) {
        IpAddress admin = query.admin();
        PacketSet s = space.where(Dimension.PROTOCOL, IntervalSet.point(6))
                .intersect(space.where(Dimension.FRAGMENT, IntervalSet.point(0)))
                .intersect(space.whereAddress(inbound, admin.hi(), admin.lo(), admin.hi(), admin.lo()))
                .intersect(space.where(inbound ? Dimension.DPORT : Dimension.SPORT, IntervalSet.point(query.port())))
                .intersect(space.where(inbound ? Dimension.SPORT : Dimension.DPORT,
                        IntervalSet.of(LockoutQuery.EPHEMERAL_LOW, 65535)));
        if (query.server() != null) {
            IpAddress srv = query.server();
            s = s.intersect(space.whereAddress(!inbound, srv.hi(), srv.lo(), srv.hi(), srv.lo()));
        }
        Dimension iface = inbound ? Dimension.IN_IFACE : Dimension.OUT_IFACE;
        return s.intersect(space.where(iface, ChainDomain.devices(space, query.inInterface())));
    }

    private PacketSet state(CtState s) {
        return space.where(Dimension.CT_STATE, IntervalSet.point(s.ordinal()));
    }

    private PacketSet flags(int... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i];
        }
        return space.where(Dimension.TCP_FLAGS, IntervalSet.points(v));
    }

    private List<Blocker> blockers(String step, String chain, PacketSet domain) {
        if (ruleset.table(TableName.FILTER).flatMap(t -> t.chain(chain)).isEmpty()) {
            return List.of();
        }
        Program program = ProgramBuilder.build(ruleset, TableName.FILTER, chain, space);
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), domain.intersect(ChainDomain.of(space, chain)),
                DecisionDiagram.DEFAULT_ORDER, false);
        Map<Object, Blocker> byRule = new LinkedHashMap<>();
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            Outcome o = leaf.outcome(0);
            if (o.target() == Verdict.ACCEPT && !o.isApproximate()) {
                continue;
            }
            boolean conditional = o.target() == Verdict.ACCEPT;
            byRule.computeIfAbsent(o.decider().origin(), k -> new Blocker(step, leaf.witness(),
                    o.decider().origin(), Fate.of(o.target()), approximations(o), conditional));
        }
        return new ArrayList<>(byRule.values());
    }

    private static List<String> approximations(Outcome o) {
        List<String> r = new ArrayList<>(o.approximations());
        for (var maybe : o.maybeDeciders()) {
            r.add("may be decided earlier by " + maybe.origin() + " (" + Fate.of(((dev.rampart.analysis.decision.Action.Decide)
                    maybe.action()).target()) + ")");
        }
        return r;
    }

    /** A concrete SYN, SYN+ACK, ACK through every table with conntrack: the second opinion. */
    private List<Blocker> handshake() {
        PacketSet synSet = tcp(true).intersect(state(CtState.NEW)).intersect(flags(FLAG_SYN))
                .intersect(ChainDomain.of(space, "INPUT"));
        if (synSet.isEmpty()) {
            return List.of();
        }
        Packet w = synSet.witness();
        Packet first = w.toBuilder().ctState(null).id("syn").build();
        Simulator sim = Simulator.builder(ruleset).build();
        String outIface = w.in();
        Packet reply = Packet.builder(w.dst(), w.src(), 6).sport(w.dport()).dport(w.sport())
                .tcpFlags(FLAG_SYN | FLAG_ACK).out(outIface).id("syn-ack").build();
        Packet ack = w.toBuilder().tcpFlags(FLAG_ACK).ctState(null).id("ack").build();
        List<Blocker> out = new ArrayList<>();
        for (Packet p : List.of(first, reply, ack)) {
            TraceResult r = sim.process(p);
            simulated.accept(r);
            if (r.verdict() != dev.rampart.sim.engine.Verdict.ACCEPT) {
                out.add(new Blocker("handshake (simulated)", p, r.decidedBy(), r.verdict().name(), r.approximate(), false));
                break;
            }
        }
        return out;
    }
}
