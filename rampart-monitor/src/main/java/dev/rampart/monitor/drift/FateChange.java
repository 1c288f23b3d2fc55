package dev.rampart.monitor.drift;

import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.diff.Change;
import dev.rampart.sim.engine.CounterRef;

/**
 * A class of packets whose fate differs between the approved and the live ruleset, with the deciding
 * rule on each side numbered as in the real (unfiltered) rulesets.
 *
 * @param change          the semantic diff's change (its deciders are numbered in the rulesets with the
 *                        expected parts removed; use the two refs below instead)
 * @param approvedDecider the deciding rule or policy in the approved ruleset
 * @param approvedRule    that rule as {@code iptables-save} prints it, or {@code :CHAIN POLICY} for a policy
 * @param liveDecider     the deciding rule or policy in the live ruleset
 * @param liveRule        that rule as printed, or {@code :CHAIN POLICY}
 */
public record FateChange(Change change, CounterRef approvedDecider, String approvedRule, CounterRef liveDecider,
                         String liveRule) {

    /** The approved fate ({@code ACCEPT}, {@code DROP}, {@code REJECT --reject-with ...}, ...). */
    public String approvedFate() {
        return Fate.of(change.before().target());
    }

    /** The live fate. */
    public String liveFate() {
        return Fate.of(change.after().target());
    }
}
