package dev.rampart.analysis.audit;

import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSets;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.analysis.space.Translation;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Witness packets for findings, chosen in the packet space ({@code analysis.space}): a packet on the
 * path of a built-in chain (INPUT: arrives on a device, no output device; OUTPUT: no input device;
 * FORWARD: both; PREROUTING: no output device; POSTROUTING: an output device) that matches one rule and
 * none of a list of other rules of the same chain. Rules the space approximates are subtracted with
 * their over-approximation (so the witness surely misses them); when the wanted rule itself is
 * approximated, the witness comes from its under-approximation when that is not empty, else from its
 * over-approximation, and the reason is returned.
 */
public final class Witnesses {
    private Witnesses() {
    }

    /** A witness packet and the reasons it may not behave exactly as claimed (empty: exact). */
    public record Witness(Packet packet, List<String> approximations) {
        public Witness {
            approximations = List.copyOf(approximations);
        }
    }

    /**
     * A packet traversing built-in {@code chain} that matches rule {@code number} (1-based) and none of
     * the rules numbered in {@code avoid}; empty when no such packet exists or the chain is not built in.
     */
    public static Optional<Witness> matching(AuditedRuleset ar, Chain chain, int number, List<Integer> avoid) {
        return matching(ar, chain, number, avoid, null);
    }

    /**
     * As {@link #matching(AuditedRuleset, Chain, int, List)}, the packet also in {@code within} (a set of
     * {@code ar.space()}; null: no further condition).
     */
    public static Optional<Witness> matching(AuditedRuleset ar, Chain chain, int number, List<Integer> avoid,
                                             PacketSet within) {
        if (!chain.builtin()) {
            return Optional.empty();
        }
        PacketSpace space = ar.space();
        Rule wanted = chain.rules().get(number - 1);
        Translation t = PacketSets.of(wanted.header(), wanted.matches(), space);
        List<String> reasons = new ArrayList<>();
        PacketSet set;
        if (t.isExact()) {
            set = t.over();
        } else if (!t.under().isEmpty()) {
            set = t.under();
        } else {
            set = t.over();
            reasons.add(t.reason());
        }
        set = set.intersect(path(space, chain.name()));
        if (within != null) {
            set = set.intersect(within);
        }
        for (int i : avoid) {
            Rule r = chain.rules().get(i - 1);
            set = set.minus(PacketSets.of(r.header(), r.matches(), space).over());
            if (set.isEmpty()) {
                return Optional.empty();
            }
        }
        if (set.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Witness(set.witness(), reasons));
    }

    /** A packet forwarded through the host (an input and an output device). */
    public static Optional<Witness> forwarded(AuditedRuleset ar) {
        PacketSet set = path(ar.space(), "FORWARD");
        return set.isEmpty() ? Optional.empty() : Optional.of(new Witness(set.witness(), List.of()));
    }

    private static PacketSet path(PacketSpace space, String chain) {
        IntervalSet none = IntervalSet.point(0);
        IntervalSet device = IntervalSet.of(1, Long.MAX_VALUE);
        return switch (chain) {
            case "INPUT" -> space.where(Dimension.IN_IFACE, device).intersect(space.where(Dimension.OUT_IFACE, none));
            case "OUTPUT" -> space.where(Dimension.IN_IFACE, none);
            case "FORWARD" -> space.where(Dimension.IN_IFACE, device).intersect(space.where(Dimension.OUT_IFACE, device));
            case "PREROUTING" -> space.where(Dimension.OUT_IFACE, none);
            case "POSTROUTING" -> space.where(Dimension.OUT_IFACE, device);
            default -> space.all();
        };
    }
}
