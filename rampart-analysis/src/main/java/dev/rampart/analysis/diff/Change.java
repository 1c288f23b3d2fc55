package dev.rampart.analysis.diff;

import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.TableName;
import dev.rampart.sim.packet.Packet;

/**
 * One class of packets whose fate in a built-in chain differs between the old and the new ruleset.
 *
 * @param table the table of the chain
 * @param chain the built-in chain
 * @param packets the packets of the class (possibly a part of it when the class is very fragmented; see
 *                {@link #complete})
 * @param complete whether {@code packets} is the whole class
 * @param witness a packet of the class
 * @param before what the old ruleset does to the class
 * @param after what the new ruleset does to it
 */
public record Change(TableName table, String chain, PacketSet packets, boolean complete, Packet witness,
                     Outcome before, Outcome after) {

    /** Whether either side rests on an approximation. */
    public boolean isApproximate() {
        return before.isApproximate() || after.isApproximate();
    }
}
