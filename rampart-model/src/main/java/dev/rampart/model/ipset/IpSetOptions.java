package dev.rampart.model.ipset;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;

/**
 * The options of {@code create NAME TYPE [options]}. Absent values are null (numbers) or false (flags).
 * Values are held as the kernel reports them back in {@code ipset save}: {@code hashsize} rounded up to a
 * power of two, {@code family}, {@code hashsize} and {@code maxelem} filled with their defaults for
 * {@code hash:*} sets, {@code size} for {@code list:set} (see {@link #withKernelDefaults(IpSetType)}).
 *
 * @param family     {@code family inet|inet6} of {@code hash:*} sets with an address dimension
 * @param range      {@code range} of {@code bitmap:ip} and {@code bitmap:ip,mac}
 * @param portRange  {@code range} of {@code bitmap:port}
 * @param hashsize   initial hash size (buckets)
 * @param maxelem    maximal number of elements
 * @param netmask    {@code netmask} as a prefix length: addresses are stored masked to it
 * @param bitmask    {@code bitmask}: an arbitrary address mask (ipset 7.17+)
 * @param markmask   {@code markmask} of {@code hash:ip,mark}
 * @param timeout    default entry timeout in seconds; 0 = entries are permanent unless given one
 * @param counters   per-entry packet/byte counters
 * @param comment    per-entry comments
 * @param skbinfo    per-entry skbmark/skbprio/skbqueue
 * @param forceadd   evict a random entry when the set is full
 * @param bucketsize maximal bucket size (ipset 7.x)
 * @param initval    hash seed
 * @param size       {@code size} of a {@code list:set}
 */
public record IpSetOptions(Family family, Ipv4Range range, PortRange portRange, Long hashsize, Long maxelem,
                           Integer netmask, IpPrefix bitmask, Long markmask, Long timeout, boolean counters,
                           boolean comment, boolean skbinfo, boolean forceadd, Long bucketsize, Long initval,
                           Long size) {

    /** No option given. */
    public static final IpSetOptions NONE = new IpSetOptions(null, null, null, null, null, null, null, null, null,
            false, false, false, false, null, null, null);

    /** Default hash size of {@code hash:*} sets, in buckets. */
    public static final long DEFAULT_HASHSIZE = 1024;
    /** Smallest hash size the kernel uses, in buckets. */
    public static final long MIN_HASHSIZE = 64;
    /** Default {@code maxelem}, in elements. */
    public static final long DEFAULT_MAXELEM = 65536;
    /** Default {@code size} of a {@code list:set}, in members. */
    public static final long DEFAULT_LIST_SIZE = 8;
    /** Smallest {@code size} of a {@code list:set}. */
    public static final long MIN_LIST_SIZE = 4;

    /** These options as {@code ipset save} would report them for a set of {@code type} created with them. */
    public IpSetOptions withKernelDefaults(IpSetType type) {
        Family f = family;
        Long hs = hashsize;
        Long me = maxelem;
        Long sz = size;
        if (type.method() == IpSetType.Method.HASH) {
            if (type.hasFamily() && f == null) {
                f = Family.IPV4;
            }
            long h = hs == null ? DEFAULT_HASHSIZE : Math.max(MIN_HASHSIZE, hs);
            long p = Long.highestOneBit(h);
            hs = p == h ? h : p << 1;
            if (me == null) {
                me = DEFAULT_MAXELEM;
            }
        } else if (type.method() == IpSetType.Method.LIST) {
            sz = sz == null ? DEFAULT_LIST_SIZE : Math.max(MIN_LIST_SIZE, sz);
        }
        return new IpSetOptions(f, range, portRange, hs, me, netmask, bitmask, markmask, timeout, counters, comment,
                skbinfo, forceadd, bucketsize, initval, sz);
    }

    /** These options without the per-boot values {@code bucketsize} and {@code initval}, for comparisons. */
    public IpSetOptions withoutSeed() {
        return new IpSetOptions(family, range, portRange, hashsize, maxelem, netmask, bitmask, markmask, timeout,
                counters, comment, skbinfo, forceadd, null, null, size);
    }

    /** Whether entries carry a timeout. */
    public boolean hasTimeout() {
        return timeout != null;
    }

    /** A mutable builder, used by the parsers. */
    public static final class Builder {
        Family family;
        Ipv4Range range;
        PortRange portRange;
        Long hashsize;
        Long maxelem;
        Integer netmask;
        IpPrefix bitmask;
        Long markmask;
        Long timeout;
        boolean counters;
        boolean comment;
        boolean skbinfo;
        boolean forceadd;
        Long bucketsize;
        Long initval;
        Long size;

        /** The options collected so far. */
        public IpSetOptions build() {
            return new IpSetOptions(family, range, portRange, hashsize, maxelem, netmask, bitmask, markmask, timeout,
                    counters, comment, skbinfo, forceadd, bucketsize, initval, size);
        }
    }
}
