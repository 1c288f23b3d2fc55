package dev.rampart.sim.engine;

import dev.rampart.model.Family;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.target.ConnmarkTarget;
import dev.rampart.model.target.CtTarget;
import dev.rampart.model.target.DnatTarget;
import dev.rampart.model.target.DscpTarget;
import dev.rampart.model.target.EcnTarget;
import dev.rampart.model.target.HmarkTarget;
import dev.rampart.model.target.LogTarget;
import dev.rampart.model.target.MarkTarget;
import dev.rampart.model.target.MasqueradeTarget;
import dev.rampart.model.target.NatRange;
import dev.rampart.model.target.NetmapTarget;
import dev.rampart.model.target.NflogTarget;
import dev.rampart.model.target.NfqueueTarget;
import dev.rampart.model.target.NotrackTarget;
import dev.rampart.model.target.NptTarget;
import dev.rampart.model.target.RedirectTarget;
import dev.rampart.model.target.RejectTarget;
import dev.rampart.model.target.SetTarget;
import dev.rampart.model.target.SnatTarget;
import dev.rampart.model.target.SynproxyTarget;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.TcpmssTarget;
import dev.rampart.model.target.TosTarget;
import dev.rampart.model.target.TproxyTarget;
import dev.rampart.model.target.TtlTarget;
import dev.rampart.model.target.UnknownTarget;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.conntrack.Conntrack;
import dev.rampart.sim.conntrack.CtEntry;
import dev.rampart.sim.conntrack.NatRequest;
import dev.rampart.sim.log.LogLine;
import java.util.ArrayList;
import java.util.List;

/**
 * What each target does to a packet and to the run, and whether the walk goes on. Targets that only
 * change kernel state the simulator does not look at (CLASSIFY, SECMARK, AUDIT, LED, IDLETIMER, ...)
 * continue without effect; targets whose effect the simulator cannot know (TPROXY's socket lookup,
 * SYNPROXY, HMARK's hash, unknown targets) are approximated and say so.
 */
final class TargetEffects {
    /** What the walk does after a target. */
    enum Outcome { CONTINUE, ACCEPT, DROP, REJECT, QUEUE }

    private final RunEnv env;
    private final Conntrack conntrack;
    private TraceRecorder recorder;

    TargetEffects(RunEnv env, Conntrack conntrack) {
        this.env = env;
        this.conntrack = conntrack;
    }

    /** Where log lines of the current packet go. */
    void recordTo(TraceRecorder rec) {
        recorder = rec;
    }

    /**
     * Applies the target of {@code rule}, which matched {@code p}. DNAT and SNAT use the request the
     * rule made when it was compiled ({@link #natRequestOf}); every other target is applied here.
     */
    Outcome apply(CompiledRule rule, PacketState p) {
        NatRequest nat = rule.natRequest();
        return nat != null ? bind(p, nat) : apply(rule.target(), p);
    }

    /**
     * The NAT request of a DNAT or SNAT target, which depends on the target alone: made once when the
     * rule is compiled. Null for other targets.
     */
    static NatRequest natRequestOf(Target target) {
        if (target instanceof DnatTarget t) {
            return request(false, t.to(), t.random(), t.persistent(), false);
        }
        if (target instanceof SnatTarget t) {
            return request(true, t.to(), t.random(), t.persistent(), t.randomFully());
        }
        return null;
    }

    private Outcome apply(Target target, PacketState p) {
        if (target instanceof Verdict v) {
            return switch (v) {
                case ACCEPT -> Outcome.ACCEPT;
                case DROP -> Outcome.DROP;
                case QUEUE -> Outcome.QUEUE;
                case RETURN -> throw new IllegalStateException("RETURN is handled by the walker");
            };
        }
        if (target instanceof RejectTarget) {
            return Outcome.REJECT;
        }
        if (target instanceof LogTarget t) {
            recorder.log(LogLine.format(t, p, null));
            return Outcome.CONTINUE;
        }
        if (target instanceof NflogTarget t) {
            // NFLOG hands the packet to userspace; ulogd's LOGEMU prints the same fields as LOG
            recorder.log(LogLine.format(new LogTarget(t.prefix(), 4, false, false, false, false, false), p, null));
            return Outcome.CONTINUE;
        }
        if (target instanceof MarkTarget t) {
            p.setMark(t.apply(p.mark()));
            return Outcome.CONTINUE;
        }
        if (target instanceof ConnmarkTarget t) {
            connmark(t, p);
            return Outcome.CONTINUE;
        }
        if (target instanceof NotrackTarget || (target instanceof CtTarget ct && ct.notrack())) {
            if (p.ct() == null && p.ctState() == null) {
                p.setConntrack(CtState.UNTRACKED, null, false);
            }
            return Outcome.CONTINUE;
        }
        if (target instanceof CtTarget) {
            env.approximate("CT helper/zone/timeout settings are not modelled");
            return Outcome.CONTINUE;
        }
        if (target instanceof TcpmssTarget t) {
            tcpmss(t, p);
            return Outcome.CONTINUE;
        }
        if (target instanceof TtlTarget t) {
            int v = switch (t.mode()) {
                case SET -> t.value();
                case INC -> Math.min(255, p.ttl() + t.value());
                case DEC -> Math.max(0, p.ttl() - t.value());
            };
            p.setTtl(v);
            return Outcome.CONTINUE;
        }
        if (target instanceof TosTarget t) {
            p.setTos(((p.tos() & ~t.mask()) ^ t.value()) & 0xFF);
            return Outcome.CONTINUE;
        }
        if (target instanceof DscpTarget t) {
            p.setTos((p.tos() & 0x03) | (t.dscp() << 2));
            return Outcome.CONTINUE;
        }
        if (target instanceof EcnTarget) {
            env.approximate("ECN rewriting is not modelled");
            return Outcome.CONTINUE;
        }
        if (target instanceof SetTarget t) {
            set(t, p);
            return Outcome.CONTINUE;
        }
        if (target instanceof NfqueueTarget t) {
            if (t.bypass()) {
                env.approximate("NFQUEUE --queue-bypass: the verdict depends on whether a program listens");
            }
            return Outcome.QUEUE;
        }
        if (target instanceof MasqueradeTarget t) {
            return masquerade(t, p);
        }
        if (target instanceof RedirectTarget t) {
            return redirect(t, p);
        }
        if (target instanceof NetmapTarget t) {
            return netmap(t, p);
        }
        if (target instanceof TproxyTarget) {
            env.approximate("TPROXY depends on a local socket; assumed found (packet accepted)");
            return Outcome.ACCEPT;
        }
        if (target instanceof SynproxyTarget) {
            env.approximate("SYNPROXY answers handshakes itself; modelled as consuming the packet");
            return Outcome.DROP;
        }
        if (target instanceof HmarkTarget) {
            env.approximate("HMARK sets the mark from a hash that is not modelled");
            return Outcome.CONTINUE;
        }
        if (target instanceof NptTarget) {
            env.approximate("SNPT/DNPT prefix translation is not modelled");
            return Outcome.CONTINUE;
        }
        if (target instanceof UnknownTarget t) {
            env.approximate("unknown target " + t.name() + " is assumed to let the packet continue");
            return Outcome.CONTINUE;
        }
        // TRACE, CHECKSUM, TEE, CLASSIFY, SECMARK, CONNSECMARK, AUDIT, IDLETIMER, LED, RATEEST,
        // TCPOPTSTRIP: no effect on what later rules see.
        return Outcome.CONTINUE;
    }

    /** CONNMARK per xt_connmark revision 2. */
    private static void connmark(ConnmarkTarget t, PacketState p) {
        CtEntry ct = p.ct();
        if (ct == null) {
            return;
        }
        switch (t.mode()) {
            case SET -> ct.setMark(((ct.mark() & ~t.ctmask()) ^ t.value()) & 0xFFFFFFFFL);
            case SAVE -> {
                long v = shift(p.mark() & t.nfmask(), t);
                ct.setMark(((ct.mark() & ~t.ctmask()) ^ v) & 0xFFFFFFFFL);
            }
            case RESTORE -> {
                long v = shift(ct.mark() & t.ctmask(), t);
                p.setMark(((p.mark() & ~t.nfmask()) ^ v) & 0xFFFFFFFFL);
            }
        }
    }

    private static long shift(long v, ConnmarkTarget t) {
        return t.shiftRight() ? v >>> t.shiftBits() : (v << t.shiftBits()) & 0xFFFFFFFFL;
    }

    private void tcpmss(TcpmssTarget t, PacketState p) {
        if (p.protocol() != 6 || (p.tcpFlags() & 0x02) == 0) {
            return;
        }
        int value;
        if (t.clampToPmtu()) {
            int mtu = 1500;
            value = mtu - (p.family() == Family.IPV4 ? 40 : 60);
            env.approximate("TCPMSS --clamp-mss-to-pmtu assumes a path MTU of 1500");
        } else {
            value = t.mss();
        }
        if (p.tcpMss() < 0) {
            p.setTcpMss(value);
        } else if (p.tcpMss() > value) {
            p.setTcpMss(value);
        }
    }

    private void set(SetTarget t, PacketState p) {
        if (t.addSet() != null) {
            env.ipsets().add(t.addSet().name(), directions(t.addSet()), p, env.nowNanos(),
                    t.timeout() > 0 ? t.timeout() : -1, t.exist());
        }
        if (t.delSet() != null) {
            env.ipsets().delete(t.delSet().name(), directions(t.delSet()), p, env.nowNanos());
        }
        if (t.mapSet() != null) {
            env.approximate("SET --map-set is not modelled");
        }
    }

    private static List<SetMatch.Direction> directions(SetTarget.SetRef ref) {
        List<SetMatch.Direction> out = new ArrayList<>(ref.source().size());
        for (boolean src : ref.source()) {
            out.add(src ? SetMatch.Direction.SRC : SetMatch.Direction.DST);
        }
        return out;
    }

    private static NatRequest request(boolean source, NatRange to, boolean random, boolean persistent,
                                      boolean fullyRandom) {
        IpAddress min = to.mapsAddresses() ? first(to.minAddress()) : null;
        IpAddress max = to.mapsAddresses() ? first(to.maxAddress()) : null;
        PortRange ports = to.ports();
        return new NatRequest(manip(source), min, max, ports == null ? -1 : ports.from(),
                ports == null ? -1 : ports.to(), random, persistent, fullyRandom);
    }

    private Outcome masquerade(MasqueradeTarget t, PacketState p) {
        String out = p.out();
        var addr = out == null ? java.util.Optional.<IpAddress>empty() : env.host().primaryAddress(out, p.family());
        if (addr.isEmpty()) {
            env.approximate("MASQUERADE: no address known for interface " + out
                    + " (give a host description); source left unchanged");
            return bind(p, new NatRequest(NatRequest.Manip.SOURCE, null, null, rangeFrom(t.ports()), rangeTo(t.ports()),
                    t.random(), false, t.randomFully()));
        }
        return bind(p, new NatRequest(NatRequest.Manip.SOURCE, addr.get(), addr.get(), rangeFrom(t.ports()), rangeTo(t.ports()),
                t.random(), false, t.randomFully()));
    }

    private Outcome redirect(RedirectTarget t, PacketState p) {
        IpAddress to;
        if (p.hook() == Hook.OUTPUT) {
            to = p.family() == Family.IPV4 ? IpAddress.ipv4(0x7F000001) : new IpAddress(Family.IPV6, 0, 1);
        } else {
            var addr = p.in() == null ? java.util.Optional.<IpAddress>empty()
                    : env.host().primaryAddress(p.in(), p.family());
            if (addr.isEmpty()) {
                env.approximate("REDIRECT: no address known for interface " + p.in()
                        + " (give a host description); destination address left unchanged");
                to = null;
            } else {
                to = addr.get();
            }
        }
        return bind(p, new NatRequest(NatRequest.Manip.DESTINATION, to, to, rangeFrom(t.ports()), rangeTo(t.ports()), t.random(), false,
                false));
    }

    /** NETMAP: keep the host bits, replace the network bits; destination before routing, source after. */
    private Outcome netmap(NetmapTarget t, PacketState p) {
        boolean source = p.hook() == Hook.POSTROUTING || p.hook() == Hook.INPUT;
        IpAddress a = source ? p.src() : p.dst();
        IpPrefix to = t.to();
        IpAddress mapped = new IpAddress(a.family(), (a.hi() & ~to.maskHi()) | to.hi(), (a.lo() & ~to.maskLo()) | to.lo());
        if (a.family() == Family.IPV4) {
            mapped = new IpAddress(Family.IPV4, 0, mapped.lo() & 0xFFFFFFFFL);
        }
        return bind(p, NatRequest.to(manip(source), mapped, -1));
    }

    private Outcome bind(PacketState p, NatRequest r) {
        if (conntrack == null) {
            // stateless run: rewrite to the first address of the range; keep a port inside the range
            if (r.manip() == NatRequest.Manip.SOURCE) {
                if (r.mapsAddresses()) {
                    p.setSrc(r.minAddress());
                }
                if (r.minPort() >= 0 && p.hasPorts() && (p.sport() < r.minPort() || p.sport() > r.maxPort())) {
                    p.setSport(r.minPort());
                }
            } else {
                if (r.mapsAddresses()) {
                    p.setDst(r.minAddress());
                }
                if (r.minPort() >= 0 && p.hasPorts() && (p.dport() < r.minPort() || p.dport() > r.maxPort())) {
                    p.setDport(r.minPort());
                }
            }
            return Outcome.ACCEPT;
        }
        if (p.ct() != null) {
            conntrack.bindNat(p, r);
        }
        return Outcome.ACCEPT;
    }

    private static NatRequest.Manip manip(boolean source) {
        return source ? NatRequest.Manip.SOURCE : NatRequest.Manip.DESTINATION;
    }

    private static int rangeFrom(PortRange r) {
        return r == null ? -1 : r.from();
    }

    private static int rangeTo(PortRange r) {
        return r == null ? -1 : r.to();
    }

    private static IpAddress first(IpPrefix prefix) {
        return new IpAddress(prefix.family(), prefix.hi(), prefix.lo());
    }
}
