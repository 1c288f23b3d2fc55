package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;

/**
 * The packets that can traverse a built-in chain, as far as interfaces tell: in PREROUTING and INPUT a
 * packet has an input device and no output device; in OUTPUT and POSTROUTING of locally generated
 * packets an output device and no input device; in FORWARD both. (POSTROUTING also sees forwarded
 * packets, which have both; PREROUTING only arriving ones.)
 */
public final class ChainDomain {
    private ChainDomain() {
    }

    /**
     * The interface classes of {@code space} a packet may name: the class of {@code name} when given,
     * else every device but none and the loopback device (the host talking to itself).
     */
    public static IntervalSet devices(PacketSpace space, String name) {
        if (name != null) {
            return IntervalSet.point(space.interfaces().classify(name));
        }
        int lo = space.interfaces().classify("lo");
        return IntervalSet.of(1, space.interfaces().size() - 1).minus(IntervalSet.point(lo));
    }

    /** Every interface class but the loopback device ("no device" included). */
    public static IntervalSet notLoopback(PacketSpace space) {
        int lo = space.interfaces().classify("lo");
        return IntervalSet.of(0, space.interfaces().size() - 1).minus(IntervalSet.point(lo));
    }

    /** The packets of {@code space} that reach built-in chain {@code chain}. */
    public static PacketSet of(PacketSpace space, String chain) {
        int last = space.interfaces().size() - 1;
        IntervalSet none = IntervalSet.point(0);
        IntervalSet some = IntervalSet.of(1, last);
        return switch (chain) {
            case "INPUT", "PREROUTING" -> space.where(Dimension.IN_IFACE, some).intersect(space.where(Dimension.OUT_IFACE, none));
            case "FORWARD" -> space.where(Dimension.IN_IFACE, some).intersect(space.where(Dimension.OUT_IFACE, some));
            case "OUTPUT" -> space.where(Dimension.IN_IFACE, none).intersect(space.where(Dimension.OUT_IFACE, some));
            case "POSTROUTING" -> space.where(Dimension.OUT_IFACE, some);
            default -> space.all();
        };
    }
}
