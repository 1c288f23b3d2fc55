package dev.rampart.analysis.flat;

import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * A built-in chain of one table with its user chains, gotos and RETURNs unfolded: {@code rules} in
 * first-match order, ending with the policy entry. A packet's fate in the chain is the target of the
 * first terminal entry whose guard contains it; the non-terminal entries (LOG, MARK, ...) before it
 * whose guards contain it are the rules it passes on the way. Terminal guards are pairwise disjoint
 * unless an entry is approximate.
 */
public record FlatChain(TableName table, String chain, List<FlatRule> rules) {

    public FlatChain {
        rules = List.copyOf(rules);
    }

    /** The first terminal entry whose guard contains {@code packet}, if any (always, unless approximate). */
    public Optional<FlatRule> decide(dev.rampart.sim.packet.Packet packet) {
        for (FlatRule r : rules) {
            if (r.isTerminal() && r.guard().contains(packet)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Whether any entry rests on an approximation. */
    public boolean isApproximate() {
        return rules.stream().anyMatch(FlatRule::isApproximate);
    }
}
