package dev.rampart.sim.conntrack;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.NatRequest.Manip;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Chooses the translated tuple of a new connection: {@code get_unique_tuple}, {@code find_best_ips_proto} and
 * {@code nf_nat_l4proto_unique_tuple} of {@code net/netfilter/nf_nat_core.c} (Linux 6.x).
 *
 * <p>Design, in the kernel's order: (1) for source NAT without {@code --random}, keep the tuple when it is
 * already in range and unused, else reuse the mapping an existing connection from the same source address and
 * port got (endpoint-independent mapping); (2) pick the address from the range by hashing the source address
 * with jhash2 (seeded by the destination unless {@code --persistent}) and scaling into the range, exactly like
 * the kernel, so the same client lands on the same address; (3) keep the port (or ICMP identifier) when it is
 * in range and unused, else search the range for a free one, at most 128 tries per round. Where the kernel
 * starts that search at {@code get_random_u16()}, the simulator asks {@code offsets}, which by default returns
 * 0 so the search starts at the bottom of the range (deterministic). "Used" means another live connection
 * already has the reply tuple this choice would create ({@code nf_nat_used_tuple}).
 */
final class NatChooser {

    private static final int MAX_ATTEMPTS = 128;

    private final Predicate<FlowKey> used;
    private final IntSupplier offsets;

    /**
     * @param used    whether a tuple, taken as the new original-direction tuple, would clash with another
     *                connection's reply tuple
     * @param offsets stands in for the kernel's {@code get_random_u16()}; values are masked to 16 bits
     */
    NatChooser(Predicate<FlowKey> used, IntSupplier offsets) {
        this.used = used;
        this.offsets = offsets;
    }

    /** The new tuple for {@code current} (the connection's tuple so far, earlier NAT applied). */
    FlowKey choose(FlowKey current, NatRequest r, Manip manip, FlowKey reusedSourceMapping) {
        if (manip == Manip.SOURCE && !r.randomAll()) {
            if (inRange(current, r)) {
                if (!used.test(current)) {
                    return current;
                }
            } else if (reusedSourceMapping != null && !used.test(reusedSourceMapping)) {
                return reusedSourceMapping;
            }
        }
        FlowKey t = chooseAddress(current, r, manip);
        if (!r.randomAll()) {
            if (r.portsSpecified()) {
                if (protoInRange(t, manip, r) && (r.minPort() == r.maxPort() || !used.test(t))) {
                    return t;
                }
            } else if (!used.test(t)) {
                return t;
            }
        }
        return uniqueProto(t, r, manip);
    }

    /** {@code nf_in_range}: the source address and (when specified) the source port are in the range. */
    static boolean inRange(FlowKey t, NatRequest r) {
        if (r.mapsAddresses() && (t.src().compareTo(r.minAddress()) < 0 || t.src().compareTo(r.maxAddress()) > 0)) {
            return false;
        }
        return !r.portsSpecified() || protoInRange(t, Manip.SOURCE, r);
    }

    /** {@code l4proto_in_range}. */
    static boolean protoInRange(FlowKey t, Manip manip, NatRequest r) {
        int v;
        if (FlowKey.isIcmp(t.protocol())) {
            v = t.sport();
        } else if (FlowKey.hasPorts(t.protocol())) {
            v = manip == Manip.SOURCE ? t.sport() : t.dport();
        } else {
            return true;
        }
        return v >= Math.min(r.minPort(), r.maxPort()) && v <= Math.max(r.minPort(), r.maxPort());
    }

    /** {@code find_best_ips_proto}. */
    static FlowKey chooseAddress(FlowKey t, NatRequest r, Manip manip) {
        if (!r.mapsAddresses()) {
            return t;
        }
        if (r.minAddress().equals(r.maxAddress())) {
            return manip == Manip.SOURCE ? t.withSource(r.minAddress(), t.sport())
                    : t.withDestination(r.minAddress(), t.dport());
        }
        boolean v4 = t.family() == Family.IPV4;
        int last = v4 ? 0 : 3;
        int[] src = rawWords(t.src());
        int[] dst = rawWords(t.dst());
        int[] minH = hostWords(r.minAddress());
        int[] maxH = hostWords(r.maxAddress());
        int j = Jhash.jhash2(src, r.persistent() ? 0 : dst[last]);
        int[] var = manip == Manip.SOURCE ? src.clone() : dst;
        boolean fullRange = false;
        for (int i = 0; i <= last; i++) {
            long minip;
            long dist;
            if (!fullRange) {
                minip = minH[i] & 0xFFFF_FFFFL;
                long maxip = maxH[i] & 0xFFFF_FFFFL;
                dist = (maxip - minip + 1) & 0xFFFF_FFFFL;
            } else {
                minip = 0;
                dist = 0xFFFF_FFFFL;
            }
            int value = (int) (minip + Jhash.reciprocalScale(j, dist));
            var[i] = Integer.reverseBytes(value);
            if (value != maxH[i]) {
                fullRange = true;
            }
            if (!r.persistent()) {
                j ^= dst[i];
            }
        }
        IpAddress chosen = fromHostWords(t.family(), var);
        return manip == Manip.SOURCE ? t.withSource(chosen, t.sport()) : t.withDestination(chosen, t.dport());
    }

    /** {@code nf_nat_l4proto_unique_tuple}. */
    private FlowKey uniqueProto(FlowKey t, NatRequest r, Manip manip) {
        boolean icmp = FlowKey.isIcmp(t.protocol());
        if (!icmp && !FlowKey.hasPorts(t.protocol())) {
            return t;
        }
        int min;
        int rangeSize;
        if (icmp) {
            if (!r.portsSpecified()) {
                min = 0;
                rangeSize = 65536;
            } else {
                min = Math.min(r.minPort(), r.maxPort());
                rangeSize = Math.abs(r.maxPort() - r.minPort()) + 1;
            }
        } else if (!r.portsSpecified()) {
            if (manip == Manip.DESTINATION) {
                return t; // a destination rewrite never changes the port on its own
            }
            int port = t.sport();
            if (port < 1024) {
                // Loose convention: ports below 512 stay below 512, 512..1023 go to 600..1023.
                min = port < 512 ? 1 : 600;
                rangeSize = port < 512 ? 511 : 1023 - 600 + 1;
            } else {
                min = 1024;
                rangeSize = 65535 - 1024 + 1;
            }
        } else {
            min = Math.min(r.minPort(), r.maxPort());
            rangeSize = Math.abs(r.maxPort() - r.minPort()) + 1;
        }
        int off = offsets.getAsInt() & 0xFFFF;
        int attempts = Math.min(rangeSize, MAX_ATTEMPTS);
        FlowKey candidate = t;
        while (true) {
            for (int i = 0; i < attempts; i++, off = (off + 1) & 0xFFFF) {
                int v = min + off % rangeSize;
                candidate = withKey(t, icmp, manip, v);
                if (!used.test(candidate)) {
                    return candidate;
                }
            }
            if (attempts >= rangeSize || attempts < 16) {
                return candidate; // every try clashed: the clash surfaces at confirm
            }
            attempts /= 2;
            off = offsets.getAsInt() & 0xFFFF;
        }
    }

    private static FlowKey withKey(FlowKey t, boolean icmp, Manip manip, int v) {
        if (icmp || manip == Manip.SOURCE) {
            return t.withSource(t.src(), v);
        }
        return t.withDestination(t.dst(), v);
    }

    /** The address as the kernel's {@code u32 all[4]} reads it on a little-endian machine. */
    private static int[] rawWords(IpAddress a) {
        int[] h = hostWords(a);
        for (int i = 0; i < 4; i++) {
            h[i] = Integer.reverseBytes(h[i]);
        }
        return h;
    }

    /** The address as four 32-bit words in host order ({@code ntohl} of each word); IPv4 in word 0. */
    private static int[] hostWords(IpAddress a) {
        if (a.family() == Family.IPV4) {
            return new int[] {(int) a.lo(), 0, 0, 0};
        }
        return new int[] {(int) (a.hi() >>> 32), (int) a.hi(), (int) (a.lo() >>> 32), (int) a.lo()};
    }

    private static IpAddress fromHostWords(Family family, int[] raw) {
        int[] h = new int[4];
        for (int i = 0; i < 4; i++) {
            h[i] = Integer.reverseBytes(raw[i]);
        }
        if (family == Family.IPV4) {
            return new IpAddress(family, 0, h[0] & 0xFFFF_FFFFL);
        }
        long hi = ((long) h[0] << 32) | (h[1] & 0xFFFF_FFFFL);
        long lo = ((long) h[2] << 32) | (h[3] & 0xFFFF_FFFFL);
        return new IpAddress(family, hi, lo);
    }
}
