package dev.rampart.policy.emit;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.EntryOptions;
import dev.rampart.model.ipset.EntryPart;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetEntry;
import dev.rampart.model.ipset.IpSetOptions;
import dev.rampart.model.ipset.IpSetType;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.ir.RuleProgram;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Emits the policy's sets as an {@code ipset restore} file: per set and family one {@code hash:net} set
 * ({@code NAME} for IPv4, {@code NAME-v6} for IPv6), sized to its list, followed by its entries.
 *
 * <p>Sizing: {@code maxelem} is the next power of two at or above twice the list (at least 65536), so the
 * list fits with room for as many run-time additions (bans); {@code hashsize} is the next power of two at
 * or above the list (at least 1024), so loading does not resize the hash. With a {@code timeout} the set
 * gets that default timeout for run-time additions, and the list's own entries are added with
 * {@code timeout 0} (permanent).
 */
public final class IpsetEmitter {
    static final long MIN_MAXELEM = 65536;
    static final long MIN_HASHSIZE = 1024;

    /**
     * The sets as a model: per set and family a {@code hash:net} set with its sizing, then the list's
     * entries (duplicates removed, in list order).
     */
    public IpSets sets(List<AddressSet> sets, Set<Family> families) {
        IpSetType hashNet = IpSetType.known("hash:net").orElseThrow();
        EntryOptions permanent = new EntryOptions(0L, false, null, null, null, null, null, null, null);
        List<IpSet> out = new ArrayList<>();
        for (AddressSet s : sets) {
            for (Family f : List.of(Family.IPV4, Family.IPV6)) {
                if (!families.contains(f)) {
                    continue;
                }
                Set<IpPrefix> unique = new LinkedHashSet<>();
                for (IpPrefix p : s.entries()) {
                    if (p.family() == f) {
                        unique.add(p);
                    }
                }
                IpSetOptions options = new IpSetOptions(f, null, null, hashsize(unique.size()), maxelem(unique.size()),
                        null, null, null, s.timeout(), false, false, false, false, null, null, null);
                EntryOptions entryOptions = s.timeout() != null ? permanent : EntryOptions.NONE;
                List<IpSetEntry> entries = new ArrayList<>(unique.size());
                for (IpPrefix p : unique) {
                    entries.add(new IpSetEntry(List.of(new EntryPart.Address(p, true)), entryOptions));
                }
                out.add(new IpSet(RuleProgram.setName(s.name(), f), hashNet, options, entries, null));
            }
        }
        return new IpSets(out);
    }

    /** The {@code ipset save} text of the sets. */
    public String emit(List<AddressSet> sets, Set<Family> families) {
        return new IpSetWriter().write(sets(sets, families));
    }

    static long maxelem(int n) {
        return Math.max(MIN_MAXELEM, nextPowerOfTwo(2L * n));
    }

    static long hashsize(int n) {
        return Math.max(MIN_HASHSIZE, nextPowerOfTwo(n));
    }

    private static long nextPowerOfTwo(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }
}
