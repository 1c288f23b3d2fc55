package dev.rampart.analysis.space;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.EntryPart;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetEntry;
import dev.rampart.model.ipset.IpSetType;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.net.IpPrefix;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code -m set [!] --match-set NAME DIR} as a set of packets, when the space knows the set's contents
 * ({@link PacketSpace#ipsets()}) and the set holds addresses only: {@code hash:ip}, {@code hash:net},
 * {@code bitmap:ip}. Then the match selects exactly the packets whose source or destination address
 * lies in one of the elements (a host, a {@code netmask} block or a network), as {@code ip_set_test}
 * finds it; with {@code !}, the others. The contents are taken as given: elements with a timeout count
 * as present, and a set the rules change ({@code -j SET}, the monitor's bans) is analysed as it was
 * saved.
 *
 * <p>Everything else stays an approximation naming the reason: an unknown set, other set types (ports,
 * interfaces, marks, {@code list:set}), a direction list longer than one, element counter tests,
 * {@code nomatch} elements (the most specific element decides, which a union does not express), a set
 * of the other family, and IPv6 sets of more than {@value #MAX_IPV6_ELEMENTS} elements (each is a
 * union of boxes over two dimensions).
 *
 * <p>Design: IPv4 addresses use one dimension, so the elements become one sorted, merged
 * {@link IntervalSet} in a single pass, however many there are (block lists hold tens of thousands).
 */
final class SetTranslation {
    /** Most IPv6 elements translated exactly. */
    static final int MAX_IPV6_ELEMENTS = 4096;

    private SetTranslation() {
    }

    static Translation of(SetMatch m, PacketSpace space) {
        Optional<IpSet> found = space.ipsets().find(m.setName());
        if (found.isEmpty()) {
            return approximate(space, "the contents of set " + m.setName() + " are not known (give them with --ipsets)");
        }
        IpSet set = found.get();
        List<IpSetType.Dimension> dims = set.type().dimensions();
        boolean addresses = dims.size() == 1
                && (dims.get(0) == IpSetType.Dimension.IP || dims.get(0) == IpSetType.Dimension.NET)
                && (set.type().method() == IpSetType.Method.HASH || set.type().method() == IpSetType.Method.BITMAP);
        if (!addresses) {
            return approximate(space, "set " + m.setName() + " is " + set.type()
                    + "; only address sets (hash:ip, hash:net, bitmap:ip) are modelled");
        }
        if (m.directions().size() != 1) {
            return approximate(space, "set " + m.setName() + " is matched with " + m.directions().size()
                    + " directions");
        }
        if (m.packets() != null || m.bytes() != null) {
            return approximate(space, "element counter tests on set " + m.setName() + " are not modelled");
        }
        for (IpSetEntry e : set.entries()) {
            if (e.options().nomatch()) {
                return approximate(space, "set " + m.setName() + " has nomatch elements");
            }
            if (!(e.parts().get(0) instanceof EntryPart.Address a) || a.family() != space.family()) {
                return approximate(space, "set " + m.setName() + " holds elements that are not IPv"
                        + space.family().number() + " addresses");
            }
        }
        boolean source = m.directions().get(0) == SetMatch.Direction.SRC;
        PacketSet members = space.family() == Family.IPV4 ? ipv4(set.entries(), source, space)
                : ipv6(set.entries(), source, space);
        if (members == null) {
            return approximate(space, "set " + m.setName() + " has more than " + MAX_IPV6_ELEMENTS
                    + " IPv6 elements");
        }
        return new Translation.Exact(m.inverted() ? members.complement() : members);
    }

    /** The addresses of the elements as one merged interval set in the address's low dimension. */
    private static PacketSet ipv4(List<IpSetEntry> entries, boolean source, PacketSpace space) {
        Dimension lo = source ? Dimension.SRC_LO : Dimension.DST_LO;
        long[][] ranges = new long[entries.size()][];
        for (int i = 0; i < ranges.length; i++) {
            IpPrefix p = ((EntryPart.Address) entries.get(i).parts().get(0)).prefix();
            long first = p.lo() & p.maskLo() & 0xFFFFFFFFL;
            long last = first | (~p.maskLo() & 0xFFFFFFFFL);
            ranges[i] = new long[] {lo.encode(first), lo.encode(last)};
        }
        Arrays.sort(ranges, (a, b) -> Long.compare(a[0], b[0]));
        IntervalSet.Builder b = new IntervalSet.Builder(ranges.length);
        for (long[] r : ranges) {
            b.add(r[0], r[1]);
        }
        return space.where(lo, b.build());
    }

    /** The addresses of the elements as a union of per-element sets, or null when there are too many. */
    private static PacketSet ipv6(List<IpSetEntry> entries, boolean source, PacketSpace space) {
        if (entries.size() > MAX_IPV6_ELEMENTS) {
            return null;
        }
        PacketSet out = space.none();
        for (IpSetEntry e : entries) {
            out = out.union(PacketSets.prefixSet(((EntryPart.Address) e.parts().get(0)).prefix(), source, space));
        }
        return out;
    }

    private static Translation approximate(PacketSpace space, String why) {
        return new Translation.Approximation(space.all(), space.none(), "-m set: " + why);
    }
}
