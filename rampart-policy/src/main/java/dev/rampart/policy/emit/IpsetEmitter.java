package dev.rampart.policy.emit;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.ir.RuleProgram;
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

    /** The sets as a model (validated by the project's ipset reader). */
    public IpSets sets(List<AddressSet> sets, Set<Family> families) {
        String text = restoreText(sets, families);
        IpSetParser.Result r = new IpSetParser().parse(text, "<compiled ipsets>");
        for (Diagnostic d : r.diagnostics().all()) {
            if (d.isError()) {
                throw new IllegalStateException("compiler produced an invalid set: " + d.headline());
            }
        }
        return r.sets();
    }

    /** The {@code ipset save} text of the sets. */
    public String emit(List<AddressSet> sets, Set<Family> families) {
        return new IpSetWriter().write(sets(sets, families));
    }

    static String restoreText(List<AddressSet> sets, Set<Family> families) {
        StringBuilder sb = new StringBuilder(1 << 16);
        for (AddressSet s : sets) {
            for (Family f : List.of(Family.IPV4, Family.IPV6)) {
                if (!families.contains(f)) {
                    continue;
                }
                Set<IpPrefix> entries = new LinkedHashSet<>();
                for (IpPrefix p : s.entries()) {
                    if (p.family() == f) {
                        entries.add(p);
                    }
                }
                String name = RuleProgram.setName(s.name(), f);
                sb.append("create ").append(name).append(" hash:net family ").append(f == Family.IPV4 ? "inet" : "inet6")
                        .append(" hashsize ").append(hashsize(entries.size())).append(" maxelem ")
                        .append(maxelem(entries.size()));
                if (s.timeout() != null) {
                    sb.append(" timeout ").append(s.timeout());
                }
                sb.append('\n');
                for (IpPrefix p : entries) {
                    sb.append("add ").append(name).append(' ');
                    if (p.length() == (f == Family.IPV4 ? 32 : 128)) {
                        sb.append(p.addressText());
                    } else {
                        sb.append(p);
                    }
                    if (s.timeout() != null) {
                        sb.append(" timeout 0");
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
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
