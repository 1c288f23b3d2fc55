package dev.rampart.analysis.space;

import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.StateStore;
import dev.rampart.sim.match.CompileContext;
import dev.rampart.sim.match.IpSetStore;
import dev.rampart.sim.match.MatchCompiler;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The simulator as the judge of translations: does a packet match a rule's header and matches, as
 * {@link MatchCompiler} evaluates them? Uses the smallest environment the header and the exactly
 * translated matches need (no host or clock; ipsets only when given) and records approximation reasons.
 */
final class RuleOracle implements MatchEnv {
    final List<String> approximations = new ArrayList<>();
    private final StateStore state = new StateStore();
    /** The ipsets {@code -m set} consults, or null when a test gives none. */
    private final IpSetStore sets;

    RuleOracle() {
        this(null);
    }

    /** An oracle whose {@code -m set} matches consult {@code ipsets}. */
    RuleOracle(dev.rampart.model.ipset.IpSets ipsets) {
        this.sets = ipsets == null ? null : new IpSetStore(ipsets);
    }

    /** Whether {@code p} matches the rule in chain {@code chain} of {@code table}. */
    boolean matches(RuleHeader header, List<Match> matches, Packet p, TableName table, String chain) {
        CompileContext ctx = new CompileContext(p.family(), table, chain);
        PacketState st = new PacketState(p);
        if (p.ctState() != null) {
            st.setConntrack(p.ctState(), null, false);
        }
        if (!MatchCompiler.header(header, ctx).test(st, this)) {
            return false;
        }
        for (Match m : matches) {
            if (!MatchCompiler.compile(m, ctx).test(st, this)) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #matches(RuleHeader, List, Packet, TableName, String)} in filter INPUT. */
    boolean matches(RuleHeader header, List<Match> matches, Packet p) {
        return matches(header, matches, p, TableName.FILTER, "INPUT");
    }

    @Override public long nowNanos() { return 1_700_000_000L * 1_000_000_000L; }
    @Override public Hook hook() { return Hook.INPUT; }
    @Override public HostView host() { throw new UnsupportedOperationException("no host in these tests"); }
    @Override public IpSetStore ipsets() {
        if (sets == null) {
            throw new UnsupportedOperationException("no ipsets in these tests");
        }
        return sets;
    }
    @Override public StateStore state() { return state; }
    @Override public ConnectionTable connections() { return (k, b, d, p, n) -> 0; }
    @Override public RandomGenerator random() { return new SplittableRandom(1); }
    @Override public void approximate(String reason) { approximations.add(reason); }
}
