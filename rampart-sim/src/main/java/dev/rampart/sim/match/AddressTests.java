package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.match.AddrtypeMatch;
import dev.rampart.model.match.IprangeMatch;
import dev.rampart.model.match.RpfilterMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.Optional;
import java.util.Set;

/** Matches on addresses beyond the rule header: iprange, addrtype, rpfilter. */
final class AddressTests {
    private static final int UNSPEC = bit(AddrtypeMatch.Type.UNSPEC);
    private static final int UNICAST = bit(AddrtypeMatch.Type.UNICAST);
    private static final int LOCAL = bit(AddrtypeMatch.Type.LOCAL);
    private static final int BROADCAST = bit(AddrtypeMatch.Type.BROADCAST);
    private static final int ANYCAST = bit(AddrtypeMatch.Type.ANYCAST);
    private static final int MULTICAST = bit(AddrtypeMatch.Type.MULTICAST);
    private static final int UNREACHABLE = bit(AddrtypeMatch.Type.UNREACHABLE);
    /** Route types only a route of that type in the local table yields (IPv4). */
    private static final int ROUTE_TYPES = ANYCAST | bit(AddrtypeMatch.Type.BLACKHOLE) | UNREACHABLE
            | bit(AddrtypeMatch.Type.PROHIBIT) | bit(AddrtypeMatch.Type.THROW) | bit(AddrtypeMatch.Type.NAT)
            | bit(AddrtypeMatch.Type.XRESOLVE);

    private static final String IFACE_GUESS =
            "addrtype --limit-iface: the host view does not say which interface holds the address (taken to)";
    private static final String ROUTE_GUESS4 =
            "addrtype: anycast/blackhole/unreachable/prohibit/throw/nat/xresolve need local-table routes the "
                    + "host view lacks (taken as absent)";
    private static final String ROUTE_GUESS6 =
            "addrtype: IPv6 anycast/unreachable need the host's routes (taken as reachable, not anycast)";

    private AddressTests() {
    }

    private static int bit(AddrtypeMatch.Type t) {
        return 1 << t.ordinal();
    }

    private static int mask(Set<AddrtypeMatch.Type> types) {
        int m = 0;
        for (AddrtypeMatch.Type t : types) {
            m |= bit(t);
        }
        return m;
    }

    /**
     * {@code -m iprange} (xt_iprange.c): each given range holds when {@code min <= addr <= max}
     * (unsigned), XOR its {@code !}. A reversed range holds for no address (every address with {@code !}).
     */
    static PacketTest iprange(IprangeMatch m) {
        final Bounds src = Bounds.of(m.src(), m.srcInverted());
        final Bounds dst = Bounds.of(m.dst(), m.dstInverted());
        return (p, e) -> (src == null || src.test(p.src())) && (dst == null || dst.test(p.dst()));
    }

    private record Bounds(long minHi, long minLo, long maxHi, long maxLo, boolean inverted) {
        static Bounds of(IprangeMatch.Range r, boolean inverted) {
            return r == null ? null
                    : new Bounds(r.from().hi(), r.from().lo(), r.to().hi(), r.to().lo(), inverted);
        }

        boolean test(IpAddress a) {
            int lo = compare(a.hi(), a.lo(), minHi, minLo);
            int hi = compare(a.hi(), a.lo(), maxHi, maxLo);
            return (lo >= 0 && hi <= 0) != inverted;
        }

        private static int compare(long aHi, long aLo, long bHi, long bLo) {
            int c = Long.compareUnsigned(aHi, bHi);
            return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
        }
    }

    /**
     * {@code -m addrtype} revision 1 (xt_addrtype.c). {@code --limit-iface-in/out} restrict the lookup to
     * the packet's input/output device (none at this hook: no restriction).
     *
     * <p>IPv4 ({@code inet_dev_addr_type}): 0.0.0.0/8 and 255.255.255.255 are BROADCAST, 224.0.0.0/4
     * MULTICAST, otherwise the local routing table decides: LOCAL for the host's addresses, BROADCAST for
     * its directed broadcasts, UNICAST for the rest (also when the local route sits on another device than
     * the limiting one). The address has exactly one type.
     *
     * <p>IPv6 ({@code match_type6}): MULTICAST, UNICAST and UNSPEC requested together must all hold (by
     * address class); LOCAL, ANYCAST and UNREACHABLE requested are looked up in the routes and any one
     * suffices.
     */
    static PacketTest addrtype(AddrtypeMatch m, Family family) {
        final int src = mask(m.srcTypes());
        final int dst = mask(m.dstTypes());
        final boolean srcInv = m.srcInverted();
        final boolean dstInv = m.dstInverted();
        final AddrtypeMatch.LimitIface limit = m.limitIface();
        final boolean v6 = family == Family.IPV6;
        return (p, e) -> {
            String dev = switch (limit) {
                case NONE -> null;
                case IN -> p.in();
                case OUT -> p.out();
            };
            if (src != 0 && typeMatches(p.src(), src, dev, v6, e) == srcInv) {
                return false;
            }
            return dst == 0 || typeMatches(p.dst(), dst, dev, v6, e) != dstInv;
        };
    }

    private static boolean typeMatches(IpAddress a, int mask, String dev, boolean v6, MatchEnv env) {
        return v6 ? matchType6(a, mask, dev, env) : (mask & type4(a, dev, mask, env)) != 0;
    }

    /** The one {@code RTN_*} type bit of an IPv4 address. */
    private static int type4(IpAddress a, String dev, int mask, MatchEnv env) {
        long v = a.lo();
        if ((v >>> 24) == 0 || v == 0xFFFFFFFFL) {
            return BROADCAST;
        }
        if ((v >>> 28) == 0xE) {
            return MULTICAST;
        }
        HostView host = env.host();
        if (host.isLocal(a)) {
            if (dev == null) {
                return LOCAL;
            }
            if ((v >>> 24) == 127) {
                return dev.equals("lo") ? LOCAL : UNICAST;
            }
            return onDevice(host, dev, a, env) ? LOCAL : UNICAST;
        }
        if (host.isBroadcast(a)) {
            if (dev != null) {
                env.approximate(IFACE_GUESS);
            }
            return BROADCAST;
        }
        if ((mask & ROUTE_TYPES) != 0) {
            env.approximate(ROUTE_GUESS4);
        }
        return UNICAST;
    }

    private static boolean onDevice(HostView host, String dev, IpAddress a, MatchEnv env) {
        Optional<IpAddress> primary = host.primaryAddress(dev, a.family());
        if (primary.isPresent() && primary.get().equals(a)) {
            return true;
        }
        env.approximate(IFACE_GUESS);
        return true;
    }

    private static boolean matchType6(IpAddress a, int mask, String dev, MatchEnv env) {
        boolean multicast = (a.hi() >>> 56) == 0xFF;
        boolean any = a.hi() == 0 && a.lo() == 0;
        boolean mapped = a.hi() == 0 && (a.lo() >>> 32) == 0xFFFFL;
        boolean unicast = !multicast && !any && !mapped;
        if ((mask & MULTICAST) != 0 && !multicast) {
            return false;
        }
        if ((mask & UNICAST) != 0 && !unicast) {
            return false;
        }
        if ((mask & UNSPEC) != 0 && !any) {
            return false;
        }
        if ((mask & (LOCAL | ANYCAST | UNREACHABLE)) == 0) {
            return true;
        }
        HostView host = env.host();
        int found = 0;
        if ((mask & LOCAL) != 0) {
            boolean loopback = a.hi() == 0 && a.lo() == 1;
            if (dev == null ? host.isLocal(a) : host.isLocal(a) && (loopback ? dev.equals("lo")
                    : onDevice(host, dev, a, env))) {
                found |= LOCAL;
            }
        }
        if ((mask & (ANYCAST | UNREACHABLE)) != 0) {
            env.approximate(ROUTE_GUESS6);
        }
        return (mask & found) != 0;
    }

    /**
     * {@code -m rpfilter} (ipt_rpfilter.c, ip6t_rpfilter.c): looks up the route back to the source.
     * Loopback packets pass; so do IPv4 packets from 0.0.0.0/8 to a local broadcast or 224.0.0.0/24, and
     * IPv6 packets from {@code ::} or a link-local source. A local source passes only with
     * {@code --accept-local}; otherwise the route to the source must leave through the input device
     * ({@code --loose}: through any device). Routes come from the host view; with none known for the
     * source the check is approximated as passing. {@code --validmark} (policy routing by mark) is not
     * modelled: the host view has one routing table. The result is XORed with {@code --invert}.
     */
    static PacketTest rpfilter(RpfilterMatch m) {
        final boolean loose = m.loose();
        final boolean acceptLocal = m.acceptLocal();
        final boolean inv = m.invert();
        return (p, e) -> reversePathOk(p, e, loose, acceptLocal) != inv;
    }

    private static boolean reversePathOk(PacketState p, MatchEnv env, boolean loose, boolean acceptLocal) {
        String in = p.in();
        if (in == null || in.equals("lo")) {
            return true;
        }
        IpAddress s = p.src();
        IpAddress d = p.dst();
        if (s.family() == Family.IPV4) {
            if ((s.lo() >>> 24) == 0) {
                if (d.lo() == 0xFFFFFFFFL || (d.lo() >>> 8) == 0xE00000L) {
                    return true;
                }
            }
            if ((s.lo() >>> 28) == 0xE || s.lo() == 0xFFFFFFFFL || env.host().isBroadcast(s)) {
                return false;
            }
        } else {
            if (s.hi() == 0 && s.lo() == 0) {
                return true;
            }
            if ((s.hi() >>> 54) == (0xFE80L >>> 6)) {
                return true;
            }
        }
        HostView host = env.host();
        if (host.isLocal(s)) {
            if (!acceptLocal) {
                return false;
            }
            return loose || onDevice(host, in, s, env);
        }
        Optional<String> via = host.routeInterface(s);
        if (via.isEmpty()) {
            env.approximate("rpfilter: the host view knows no route to the source (taken to pass)");
            return true;
        }
        return loose || via.get().equals(in);
    }
}
