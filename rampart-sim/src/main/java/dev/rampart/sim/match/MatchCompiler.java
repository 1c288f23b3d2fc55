package dev.rampart.sim.match;

import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.AddrtypeMatch;
import dev.rampart.model.match.AhMatch;
import dev.rampart.model.match.BpfMatch;
import dev.rampart.model.match.CgroupMatch;
import dev.rampart.model.match.ClusterMatch;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.ConnbytesMatch;
import dev.rampart.model.match.ConnlabelMatch;
import dev.rampart.model.match.ConnlimitMatch;
import dev.rampart.model.match.ConnmarkMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.CpuMatch;
import dev.rampart.model.match.DccpMatch;
import dev.rampart.model.match.DevgroupMatch;
import dev.rampart.model.match.DscpMatch;
import dev.rampart.model.match.DstMatch;
import dev.rampart.model.match.EcnMatch;
import dev.rampart.model.match.EspMatch;
import dev.rampart.model.match.Eui64Match;
import dev.rampart.model.match.FragMatch;
import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.model.match.HbhMatch;
import dev.rampart.model.match.HelperMatch;
import dev.rampart.model.match.HlMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.IpcompMatch;
import dev.rampart.model.match.IprangeMatch;
import dev.rampart.model.match.Ipv6headerMatch;
import dev.rampart.model.match.IpvsMatch;
import dev.rampart.model.match.LengthMatch;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.model.match.MacMatch;
import dev.rampart.model.match.MarkMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MhMatch;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.NfacctMatch;
import dev.rampart.model.match.OsfMatch;
import dev.rampart.model.match.OwnerMatch;
import dev.rampart.model.match.PhysdevMatch;
import dev.rampart.model.match.PkttypeMatch;
import dev.rampart.model.match.PolicyMatch;
import dev.rampart.model.match.QuotaMatch;
import dev.rampart.model.match.RateestMatch;
import dev.rampart.model.match.RealmMatch;
import dev.rampart.model.match.RecentMatch;
import dev.rampart.model.match.RpfilterMatch;
import dev.rampart.model.match.RtMatch;
import dev.rampart.model.match.SctpMatch;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.match.SocketMatch;
import dev.rampart.model.match.SrhMatch;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.match.StatisticMatch;
import dev.rampart.model.match.StringMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.TcpmssMatch;
import dev.rampart.model.match.TimeMatch;
import dev.rampart.model.match.TosMatch;
import dev.rampart.model.match.TtlMatch;
import dev.rampart.model.match.U32Match;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.match.UnknownMatch;
import dev.rampart.sim.engine.PacketTest;

/**
 * Turns rule headers and typed matches into {@link PacketTest}s that decide as the Linux kernel's
 * xtables modules do (see {@code docs/simulator-matches.md} for the module-by-module fidelity). Every
 * returned test is immutable and thread-safe; anything it remembers between packets lives in the run's
 * {@link dev.rampart.sim.engine.MatchEnv#state() state store}. Values are precomputed here; the common
 * tests (header, ports, multiport, icmp, state, mark, length, ttl, comment) allocate nothing per packet.
 */
public final class MatchCompiler {
    private MatchCompiler() {
    }

    /** The test of a rule header ({@code -s -d -i -o -p -f} with their negations). */
    public static PacketTest header(RuleHeader header, CompileContext ctx) {
        return HeaderTest.of(header, ctx.family());
    }

    /**
     * The test of a rule header as its own type, so a rule evaluator can call it directly (one call
     * site, inlined) rather than through {@link PacketTest}; null when the header tests nothing.
     */
    public static HeaderTest headerTest(RuleHeader header, CompileContext ctx) {
        return HeaderTest.orNull(header, ctx.family());
    }

    /**
     * The test of one match. Unknown matches compile to a test that matches and reports approximation.
     *
     * <p>Java 17 has no pattern switch, so this is an {@code instanceof} chain over every type {@link Match}
     * permits; {@code MatchCompilerTest} checks that each permitted type compiles.
     */
    public static PacketTest compile(Match match, CompileContext ctx) {
        if (match instanceof TcpMatch m) {
            return TransportTests.tcp(m);
        }
        if (match instanceof UdpMatch m) {
            return TransportTests.udp(m);
        }
        if (match instanceof IcmpMatch m) {
            return TransportTests.icmp(m);
        }
        if (match instanceof Icmp6Match m) {
            return TransportTests.icmp6(m);
        }
        if (match instanceof MultiportMatch m) {
            return TransportTests.multiport(m);
        }
        if (match instanceof SctpMatch m) {
            return TransportTests.sctp(m);
        }
        if (match instanceof DccpMatch m) {
            return TransportTests.dccp(m);
        }
        if (match instanceof TcpmssMatch m) {
            return TransportTests.tcpmss(m);
        }
        if (match instanceof CommentMatch) {
            return PacketTest.ALWAYS;
        }
        if (match instanceof StateMatch m) {
            return ConntrackTests.state(m);
        }
        if (match instanceof ConntrackMatch m) {
            return ConntrackTests.conntrack(m);
        }
        if (match instanceof ConnmarkMatch m) {
            return ConntrackTests.connmark(m);
        }
        if (match instanceof ConnbytesMatch m) {
            return ConntrackTests.connbytes(m);
        }
        if (match instanceof ConnlabelMatch m) {
            return ConntrackTests.connlabel(m);
        }
        if (match instanceof HelperMatch m) {
            return ConntrackTests.helper(m);
        }
        if (match instanceof LimitMatch m) {
            return StatefulMatches.limit(m, ctx);
        }
        if (match instanceof HashlimitMatch m) {
            return StatefulMatches.hashlimit(m, ctx);
        }
        if (match instanceof RecentMatch m) {
            return StatefulMatches.recent(m, ctx);
        }
        if (match instanceof ConnlimitMatch m) {
            return StatefulMatches.connlimit(m, ctx);
        }
        if (match instanceof QuotaMatch m) {
            return StatefulMatches.quota(m, ctx);
        }
        if (match instanceof StatisticMatch m) {
            return StatefulMatches.statistic(m, ctx);
        }
        if (match instanceof TimeMatch m) {
            return StatefulMatches.time(m, ctx);
        }
        if (match instanceof SetMatch m) {
            return StatefulMatches.set(m, ctx);
        }
        if (match instanceof IprangeMatch m) {
            return AddressTests.iprange(m);
        }
        if (match instanceof AddrtypeMatch m) {
            return AddressTests.addrtype(m, ctx.family());
        }
        if (match instanceof RpfilterMatch m) {
            return AddressTests.rpfilter(m);
        }
        if (match instanceof LengthMatch m) {
            return IpHeaderTests.length(m);
        }
        if (match instanceof TtlMatch m) {
            return IpHeaderTests.ttl(m);
        }
        if (match instanceof HlMatch m) {
            return IpHeaderTests.hl(m);
        }
        if (match instanceof TosMatch m) {
            return IpHeaderTests.tos(m);
        }
        if (match instanceof DscpMatch m) {
            return IpHeaderTests.dscp(m);
        }
        if (match instanceof EcnMatch m) {
            return IpHeaderTests.ecn(m);
        }
        if (match instanceof MarkMatch m) {
            return IpHeaderTests.mark(m);
        }
        if (match instanceof PkttypeMatch m) {
            return IpHeaderTests.pkttype(m);
        }
        if (match instanceof MacMatch m) {
            return IpHeaderTests.mac(m);
        }
        if (match instanceof PhysdevMatch m) {
            return IpHeaderTests.physdev(m);
        }
        if (match instanceof RealmMatch m) {
            return IpHeaderTests.realm(m);
        }
        if (match instanceof DevgroupMatch m) {
            return IpHeaderTests.devgroup(m);
        }
        if (match instanceof Ipv6headerMatch m) {
            return Ipv6HeaderTests.ipv6header(m);
        }
        if (match instanceof FragMatch m) {
            return Ipv6HeaderTests.frag(m);
        }
        if (match instanceof HbhMatch m) {
            return Ipv6HeaderTests.hbh(m);
        }
        if (match instanceof DstMatch m) {
            return Ipv6HeaderTests.dst(m);
        }
        if (match instanceof RtMatch m) {
            return Ipv6HeaderTests.rt(m);
        }
        if (match instanceof SrhMatch m) {
            return Ipv6HeaderTests.srh(m);
        }
        if (match instanceof MhMatch m) {
            return Ipv6HeaderTests.mh(m);
        }
        if (match instanceof AhMatch m) {
            return Ipv6HeaderTests.ah(m, ctx.family());
        }
        if (match instanceof EspMatch m) {
            return Ipv6HeaderTests.esp(m);
        }
        if (match instanceof IpcompMatch m) {
            return Ipv6HeaderTests.ipcomp(m);
        }
        if (match instanceof Eui64Match m) {
            return Ipv6HeaderTests.eui64(m);
        }
        if (match instanceof StringMatch m) {
            return PayloadTests.string(m);
        }
        if (match instanceof U32Match m) {
            return PayloadTests.u32(m);
        }
        if (match instanceof BpfMatch m) {
            return PayloadTests.bpf(m);
        }
        if (match instanceof OwnerMatch m) {
            return LocalTests.owner(m);
        }
        if (match instanceof CgroupMatch m) {
            return LocalTests.cgroup(m);
        }
        if (match instanceof SocketMatch m) {
            return LocalTests.socket(m);
        }
        if (match instanceof CpuMatch m) {
            return UnmodelledTests.cpu(m);
        }
        if (match instanceof NfacctMatch m) {
            return UnmodelledTests.nfacct(m);
        }
        if (match instanceof RateestMatch m) {
            return UnmodelledTests.rateest(m);
        }
        if (match instanceof ClusterMatch m) {
            return UnmodelledTests.cluster(m);
        }
        if (match instanceof IpvsMatch m) {
            return UnmodelledTests.ipvs(m);
        }
        if (match instanceof PolicyMatch m) {
            return UnmodelledTests.policy(m);
        }
        if (match instanceof OsfMatch m) {
            return UnmodelledTests.osf(m);
        }
        if (match instanceof UnknownMatch m) {
            return UnmodelledTests.unknown(m);
        }
        throw new IllegalStateException("MatchCompiler: no test for match type " + match.getClass().getName());
    }
}
