package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.PacketSet;

/**
 * One packet's walk through a {@link Program} up to an instruction, with the semantics of the decision
 * diagram's outcomes ({@link dev.rampart.analysis.decision.Outcome}): an instruction matches when the
 * packet is in its certain set ({@code under}); one whose uncertain part holds the packet does not
 * match but makes the walk approximate; a matching skip jumps forward; a matching terminal instruction
 * decides. Only the instructions the {@link ChainIndex} names for the packet are looked at.
 *
 * @param decider the instruction before the limit that decides the packet, or -1
 * @param position where control stands when the walk stops: the decider, or the first instruction at or
 *                 after the limit that the packet reaches (beyond the limit when a skip jumped over it)
 * @param lastSkip the last skip taken (-1 if none): the one that jumped over the limit, if any did
 * @param firstUncertain the first reached instruction that may or may not match the packet, or -1
 */
record PointWalk(int decider, int position, int lastSkip, int firstUncertain) {


    /** Whether the walk passed an instruction whose match is uncertain for this packet. */
    boolean approximate() {
        return firstUncertain >= 0;
    }

    /**
     * Walks {@code point} through the instructions before {@code limit}, instruction {@code disabled}
     * (if any, else -1) matching nothing (as if its rule were deleted); {@code scratch} holds at least
     * {@link ChainIndex#words()} longs.
     */
    static PointWalk of(ChainIndex index, long[] point, int limit, int disabled, long[] scratch) {
        Program program = index.program();
        index.candidates(point, 0, limit, scratch);
        int pc = 0;
        int lastSkip = -1;
        int uncertain = -1;
        for (int j = ChainIndex.next(scratch, 0, limit); j >= 0; j = ChainIndex.next(scratch, j + 1, limit)) {
            if (j < pc || j == disabled) {
                continue;
            }
            Instruction in = program.get(j);
            if (!contains(in.under(), point)) {
                if (uncertain < 0 && !in.isExact() && contains(in.over(), point)) {
                    uncertain = j;
                }
                continue;
            }
            if (in.action() instanceof Action.Skip s) {
                pc = s.to();
                lastSkip = j;
            } else {
                return new PointWalk(j, j, lastSkip, uncertain);
            }
        }
        return new PointWalk(-1, Math.max(pc, limit), lastSkip, uncertain);
    }

    /** Whether {@code point} lies in {@code set}. */
    static boolean contains(PacketSet set, long[] point) {
        for (Box b : set.boxes()) {
            if (b.contains(point)) {
                return true;
            }
        }
        return false;
    }
}
