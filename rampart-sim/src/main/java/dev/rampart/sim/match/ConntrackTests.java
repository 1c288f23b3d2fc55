package dev.rampart.sim.match;

import dev.rampart.model.match.ConnbytesMatch;
import dev.rampart.model.match.ConnlabelMatch;
import dev.rampart.model.match.ConnmarkMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.HelperMatch;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.sim.conntrack.CtEntry;
import dev.rampart.sim.conntrack.CtTuple;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.Set;

/**
 * Matches on the packet's conntrack entry: state, conntrack, connmark, connbytes, connlabel, helper.
 *
 * <p>State bits follow {@code XT_CONNTRACK_STATE_BIT}: a packet without a connection is INVALID unless
 * it was marked untracked; a packet that conntrack has not looked at yet (raw PREROUTING/OUTPUT, where
 * {@link PacketState#ctState()} is still null) is INVALID too, as {@code nf_ct_get} returns no entry
 * there. Without an entry, every other test is false, whatever its {@code !} (xt_conntrack.c:
 * {@code if (ct == NULL) return info->match_flags & XT_CONNTRACK_STATE;}; xt_connmark.c, xt_connbytes.c
 * return false).
 */
final class ConntrackTests {
    private ConntrackTests() {
    }

    /** The state bit of {@code s}: one bit per {@link CtState} ordinal. */
    static int bit(CtState s) {
        return 1 << s.ordinal();
    }

    static int mask(Set<CtState> states) {
        int m = 0;
        for (CtState s : states) {
            m |= bit(s);
        }
        return m;
    }

    /** The packet's state bit; null (not yet seen by conntrack) counts as INVALID. */
    static int stateBit(PacketState p) {
        CtState s = p.ctState();
        return bit(s == null ? CtState.INVALID : s);
    }

    /** {@code -m state}: the packet's state is in the set, XOR {@code !}. */
    static PacketTest state(StateMatch m) {
        final int mask = mask(m.states());
        final boolean inv = m.inverted();
        return (p, e) -> ((mask & stateBit(p)) != 0) != inv;
    }

    /** {@code -m conntrack}: see {@link ConntrackTest}. */
    static PacketTest conntrack(ConntrackMatch m) {
        return new ConntrackTest(m);
    }

    /** {@code -m connmark}: {@code (ctmark & mask) == value} XOR {@code !}; false without a connection. */
    static PacketTest connmark(ConnmarkMatch m) {
        final long value = m.mark().value();
        final long mask = m.mark().mask();
        final boolean inv = m.inverted();
        return (p, e) -> {
            CtEntry ct = p.ct();
            return ct != null && ((ct.mark() & mask) == value) != inv;
        };
    }

    /**
     * {@code -m connbytes} (xt_connbytes.c): packets, bytes or average packet size (bytes / packets, 0
     * before any packet) in one or both directions, compared unsigned with FROM..TO; inverted means
     * outside. False without a connection. The counters include the current packet, as conntrack
     * accounts it before the filter hooks.
     */
    static PacketTest connbytes(ConnbytesMatch m) {
        final long from = m.from();
        final long to = m.to();
        final boolean inv = m.inverted();
        final ConnbytesMatch.Mode mode = m.mode();
        final ConnbytesMatch.Dir dir = m.dir();
        return (p, e) -> {
            CtEntry ct = p.ct();
            if (ct == null) {
                return false;
            }
            long what = switch (mode) {
                case PACKETS -> count(ct, dir, false);
                case BYTES -> count(ct, dir, true);
                case AVGPKT -> {
                    long pkts = count(ct, dir, false);
                    yield pkts == 0 ? 0 : Long.divideUnsigned(count(ct, dir, true), pkts);
                }
            };
            boolean inside = Long.compareUnsigned(what, from) >= 0 && Long.compareUnsigned(what, to) <= 0;
            return inside != inv;
        };
    }

    private static long count(CtEntry ct, ConnbytesMatch.Dir dir, boolean bytes) {
        return switch (dir) {
            case ORIGINAL -> bytes ? ct.bytes(false) : ct.packets(false);
            case REPLY -> bytes ? ct.bytes(true) : ct.packets(true);
            case BOTH -> bytes ? ct.bytes(false) + ct.bytes(true) : ct.packets(false) + ct.packets(true);
        };
    }

    /**
     * {@code -m helper} (xt_helper.c): only a connection created from an expectation has a helper to
     * test, the one of its master; the rule's name matches when it begins with the helper's name
     * ({@code strncmp} over the helper name's length, so {@code ftp-2121} matches helper {@code ftp}); an
     * empty name matches any helper. Anything else yields {@code inverted}.
     */
    static PacketTest helper(HelperMatch m) {
        final String name = m.name();
        final boolean inv = m.inverted();
        return (p, e) -> {
            CtEntry ct = p.ct();
            CtEntry master = ct == null ? null : ct.master();
            String helper = master == null ? null : master.helper();
            if (helper == null) {
                return inv;
            }
            return (name.isEmpty() || name.startsWith(helper)) != inv;
        };
    }

    /**
     * {@code -m connlabel} (xt_connlabel.c): label bit set on the connection XOR {@code !}; with
     * {@code --set} the bit is set first and the match then holds. Without a connection: {@code inverted}.
     * Labels live in the run's state store, since only this match sets them under iptables.
     */
    static PacketTest connlabel(ConnlabelMatch m) {
        final int bit = m.bit();
        final boolean inv = m.inverted();
        final boolean set = m.set();
        return (p, e) -> {
            CtEntry ct = p.ct();
            if (ct == null) {
                return inv;
            }
            long[] labels = e.state().get(new LabelKey(ct), long[].class, () -> new long[2]);
            long word = 1L << (bit & 63);
            if ((labels[bit >> 6] & word) != 0) {
                return !inv;
            }
            if (set) {
                labels[bit >> 6] |= word;
                return !inv;
            }
            return inv;
        };
    }

    /** State-store key of one connection's 128 label bits. */
    private record LabelKey(CtEntry ct) {
    }

    /**
     * {@code -m conntrack}, as {@code conntrack_mt} in xt_conntrack.c evaluates revision 3: the state
     * test first (with the SNAT/DNAT virtual states from the entry's NAT status), then, with an entry,
     * direction, original/reply addresses, protocol and ports, status bits (any listed bit set) and
     * remaining lifetime. Each part XOR its own {@code !}. No allocation per packet.
     */
    private static final class ConntrackTest implements PacketTest {
        private static final int SNAT_BIT = 1 << CtState.SNAT.ordinal();
        private static final int DNAT_BIT = 1 << CtState.DNAT.ordinal();

        private final boolean testState;
        private final int stateMask;
        private final boolean stateInv;
        private final ConntrackMatch.Direction direction;
        private final IpPrefix origSrc;
        private final boolean origSrcInv;
        private final IpPrefix origDst;
        private final boolean origDstInv;
        private final IpPrefix replSrc;
        private final boolean replSrcInv;
        private final IpPrefix replDst;
        private final boolean replDstInv;
        private final int proto;
        private final boolean protoInv;
        private final PortRange origSrcPort;
        private final boolean origSrcPortInv;
        private final PortRange origDstPort;
        private final boolean origDstPortInv;
        private final PortRange replSrcPort;
        private final boolean replSrcPortInv;
        private final PortRange replDstPort;
        private final boolean replDstPortInv;
        private final boolean testStatus;
        private final boolean expected;
        private final boolean seenReply;
        private final boolean assured;
        private final boolean confirmed;
        private final boolean statusInv;
        private final boolean testExpire;
        private final long expireMin;
        private final long expireMax;
        private final boolean expireInv;

        ConntrackTest(ConntrackMatch m) {
            testState = m.state() != null;
            stateMask = testState ? mask(m.state().value()) : 0;
            stateInv = testState && m.state().inverted();
            direction = m.direction();
            origSrc = prefix(m.origSrc());
            origSrcInv = inverted(m.origSrc());
            origDst = prefix(m.origDst());
            origDstInv = inverted(m.origDst());
            replSrc = prefix(m.replSrc());
            replSrcInv = inverted(m.replSrc());
            replDst = prefix(m.replDst());
            replDstInv = inverted(m.replDst());
            proto = m.protocol() == null ? -1 : m.protocol().value();
            protoInv = inverted(m.protocol());
            origSrcPort = m.origSrcPort() == null ? null : m.origSrcPort().value();
            origSrcPortInv = inverted(m.origSrcPort());
            origDstPort = m.origDstPort() == null ? null : m.origDstPort().value();
            origDstPortInv = inverted(m.origDstPort());
            replSrcPort = m.replSrcPort() == null ? null : m.replSrcPort().value();
            replSrcPortInv = inverted(m.replSrcPort());
            replDstPort = m.replDstPort() == null ? null : m.replDstPort().value();
            replDstPortInv = inverted(m.replDstPort());
            testStatus = m.status() != null;
            Set<ConntrackMatch.Status> st = testStatus ? m.status().value() : Set.of();
            expected = st.contains(ConntrackMatch.Status.EXPECTED);
            seenReply = st.contains(ConntrackMatch.Status.SEEN_REPLY);
            assured = st.contains(ConntrackMatch.Status.ASSURED);
            confirmed = st.contains(ConntrackMatch.Status.CONFIRMED);
            statusInv = inverted(m.status());
            testExpire = m.expire() != null;
            expireMin = testExpire ? m.expire().value().min() : 0;
            expireMax = testExpire ? m.expire().value().max() : 0;
            expireInv = inverted(m.expire());
        }

        private static IpPrefix prefix(ConntrackMatch.Test<HostMask> t) {
            return t == null ? null : t.value().prefix();
        }

        private static boolean inverted(ConntrackMatch.Test<?> t) {
            return t != null && t.inverted();
        }

        @Override
        public boolean test(PacketState p, MatchEnv env) {
            CtEntry ct = p.ct();
            if (testState) {
                int bits = stateBit(p);
                if (ct != null) {
                    if (ct.snat()) {
                        bits |= SNAT_BIT;
                    }
                    if (ct.dnat()) {
                        bits |= DNAT_BIT;
                    }
                }
                if (((stateMask & bits) != 0) == stateInv) {
                    return false;
                }
            }
            if (ct == null) {
                return testState;
            }
            if (direction != null && p.ctReply() != (direction == ConntrackMatch.Direction.REPLY)) {
                return false;
            }
            CtTuple orig = ct.original();
            CtTuple repl = ct.reply();
            if (!address(origSrc, origSrcInv, orig.src()) || !address(origDst, origDstInv, orig.dst())
                    || !address(replSrc, replSrcInv, repl.src()) || !address(replDst, replDstInv, repl.dst())) {
                return false;
            }
            if (proto >= 0 && (orig.protocol() == proto) == protoInv) {
                return false;
            }
            if (!port(origSrcPort, origSrcPortInv, orig.sport()) || !port(origDstPort, origDstPortInv, orig.dport())
                    || !port(replSrcPort, replSrcPortInv, repl.sport())
                    || !port(replDstPort, replDstPortInv, repl.dport())) {
                return false;
            }
            if (testStatus) {
                boolean any = expected && ct.expected() || seenReply && ct.seenReply() || assured && ct.assured()
                        || confirmed && ct.confirmed();
                if (any == statusInv) {
                    return false;
                }
            }
            if (testExpire) {
                long left = Math.max(0, ct.expiresInSeconds(env.nowNanos()));
                if ((left >= expireMin && left <= expireMax) == expireInv) {
                    return false;
                }
            }
            return true;
        }

        private static boolean address(IpPrefix want, boolean inv, IpAddress a) {
            return want == null || (a.family() == want.family() && want.contains(a.hi(), a.lo())) != inv;
        }

        private static boolean port(PortRange want, boolean inv, int port) {
            return want == null || (port >= want.from() && port <= want.to()) != inv;
        }
    }
}
