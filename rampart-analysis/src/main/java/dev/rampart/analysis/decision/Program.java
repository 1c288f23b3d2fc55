package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.TableName;
import java.util.List;

/**
 * A built-in chain unfolded into a first-match program over one {@link PacketSpace}: run the
 * instructions in order; a matching {@link Action.Decide} ends the walk, a matching {@link Action.Skip}
 * jumps forward, anything else goes on. The last instruction is the chain's policy and matches every
 * packet, so every packet is decided.
 */
public record Program(TableName table, String chain, PacketSpace space, List<Instruction> instructions) {

    public Program {
        instructions = List.copyOf(instructions);
    }

    /** The instruction at {@code index}. */
    public Instruction get(int index) {
        return instructions.get(index);
    }

    /** Number of instructions. */
    public int size() {
        return instructions.size();
    }
}
