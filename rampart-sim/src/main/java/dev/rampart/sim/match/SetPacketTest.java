package dev.rampart.sim.match;

import dev.rampart.model.match.SetMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m set} (revision 4, {@code xt_set.c}): the packet against the run's {@link IpSetStore}, then
 * {@code !}. A set the run does not have never contains the packet (the kernel would have refused to
 * load the rule); a set of a type Rampart does not model makes the result approximate.
 */
record SetPacketTest(SetMatch match) implements PacketTest {

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        IpSetStore store = env.ipsets();
        if (!store.exists(match.setName())) {
            env.approximate("set " + match.setName() + " does not exist in this run");
            return match.inverted();
        }
        IpSetStore.Lookup r = store.lookup(match, packet, env.hook(), env.nowNanos());
        if (r.approximate() != null) {
            env.approximate(r.approximate());
        }
        return r.member() != match.inverted();
    }
}
