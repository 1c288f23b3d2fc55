package dev.rampart.policy;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.PortRange;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.HostPolicy.Backend;
import dev.rampart.policy.HostPolicy.Cidr;
import dev.rampart.policy.HostPolicy.DockerRule;
import dev.rampart.policy.HostPolicy.EgressRule;
import dev.rampart.policy.HostPolicy.ForwardRule;
import dev.rampart.policy.HostPolicy.L4;
import dev.rampart.policy.HostPolicy.LoadBalance;
import dev.rampart.policy.HostPolicy.Masquerade;
import dev.rampart.policy.HostPolicy.PortForward;
import dev.rampart.policy.HostPolicy.PortSpec;
import dev.rampart.policy.HostPolicy.Service;
import dev.rampart.policy.HostPolicy.SetRef;
import dev.rampart.policy.HostPolicy.SetRole;
import dev.rampart.policy.HostPolicy.Source;
import dev.rampart.policy.HostPolicy.SshMethod;
import dev.rampart.policy.HostPolicy.SshProtection;
import dev.rampart.policy.HostPolicy.Verdict;
import dev.rampart.policy.ir.Action;
import dev.rampart.policy.ir.FwRule;
import dev.rampart.policy.ir.FwRule.Builder;
import dev.rampart.policy.ir.FwRule.HashLimit;
import dev.rampart.policy.ir.FwRule.Nth;
import dev.rampart.policy.ir.FwRule.Proto;
import dev.rampart.policy.ir.FwRule.Recent;
import dev.rampart.policy.ir.FwRule.TcpFlagsTest;
import dev.rampart.policy.ir.ProgramChain;
import dev.rampart.policy.ir.RuleProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link HostPolicy} into one {@link RuleProgram} per family. The order of the INPUT chain is
 * the hardened order the guides arrive at after their mistakes (docs/policy.md, "What the compiler
 * writes"): loopback (and loopback spoofing dropped), blocklists, ESTABLISHED/RELATED, INVALID and
 * scan shapes dropped, allowlists, the ICMP path MTU needs (and neighbour discovery for IPv6), rate-
 * limited echo, SSH brute-force protection, the services, a rate-limited LOG, then the policy (plus
 * REJECT rules for {@code reject}). Everything a family cannot express (an IPv4 source in IPv6) is left
 * out of that family, which closes rather than opens: a service limited to IPv4 sources is not open over
 * IPv6.
 */
public final class RuleCompiler {
    /** The recent list SSH protection uses. */
    static final String SSH_RECENT = "rampart-ssh";
    private static final IpPrefix LOOPBACK_V4 = IpText.parsePrefix(Family.IPV4, "127.0.0.0/8");
    private static final IpPrefix LOOPBACK_V6 = IpText.parsePrefix(Family.IPV6, "::1/128");
    private static final IpPrefix LINK_LOCAL_V6 = IpText.parsePrefix(Family.IPV6, "fe80::/10");
    /** All DHCPv6 relay agents and servers (RFC 8415), where a DHCPv6 client sends its solicit. */
    private static final IpPrefix DHCPV6_SERVERS = IpText.parsePrefix(Family.IPV6, "ff02::1:2/128");
    /** DHCPv6 server and client ports (RFC 8415). */
    private static final int DHCPV6_SERVER_PORT = 547;
    private static final int DHCPV6_CLIENT_PORT = 546;
    /** ICMPv4 errors path MTU discovery and traceroute need: destination-unreachable (incl. fragmentation-needed), time-exceeded, parameter-problem. */
    private static final int[] ICMP4_ERRORS = {3, 11, 12};
    /** ICMPv6 errors: destination-unreachable, packet-too-big, time-exceeded, parameter-problem. */
    private static final int[] ICMP6_ERRORS = {1, 2, 3, 4};
    /** Neighbour discovery: router solicitation/advertisement, neighbour solicitation/advertisement (RFC 4861: hop limit 255). */
    private static final int[] ICMP6_ND = {133, 134, 135, 136};
    /** Multicast listener query/report/done and MLDv2 report (RFC 3810: link-local sources). */
    private static final int[] ICMP6_MLD = {130, 131, 132, 143};

    private final HostPolicy policy;
    private int hashlimitCounter;

    public RuleCompiler(HostPolicy policy) {
        this.policy = policy;
    }

    /** The program of {@code family}. */
    public RuleProgram compile(Family family) {
        hashlimitCounter = 0;
        List<ProgramChain> chains = new ArrayList<>();
        chains.add(new ProgramChain(TableName.FILTER, "INPUT", builtinPolicy(policy.defaults().input()), input(family)));
        boolean docker = policy.docker() != null;
        chains.add(new ProgramChain(TableName.FILTER, "FORWARD", builtinPolicy(policy.defaults().forward()),
                forward(family, docker)));
        chains.add(new ProgramChain(TableName.FILTER, "OUTPUT", builtinPolicy(policy.defaults().output()), output(family)));
        if (docker) {
            chains.add(new ProgramChain(TableName.FILTER, "DOCKER-USER", null, dockerUser(family)));
        }
        List<FwRule> pre = prerouting(family);
        List<FwRule> post = postrouting(family);
        if (!pre.isEmpty() || !post.isEmpty()) {
            chains.add(new ProgramChain(TableName.NAT, "PREROUTING", Verdict.ACCEPT, pre));
            chains.add(new ProgramChain(TableName.NAT, "POSTROUTING", Verdict.ACCEPT, post));
        }
        return new RuleProgram(family, chains, policy.sets());
    }

    private static Verdict builtinPolicy(Verdict v) {
        return v == Verdict.REJECT ? Verdict.DROP : v;
    }

    private String builtin(String what) {
        return Origin.builtin(policy.file(), what).comment();
    }

    // ---- INPUT -----------------------------------------------------------------------------------

    private List<FwRule> input(Family f) {
        List<FwRule> r = new ArrayList<>();
        r.add(FwRule.rule(builtin("loopback")).in("lo").then(new Action.Accept()));
        if (policy.defaults().input() != Verdict.ACCEPT) {
            r.add(FwRule.rule(builtin("loopback-spoof")).notIn("lo").src(f == Family.IPV4 ? LOOPBACK_V4 : LOOPBACK_V6)
                    .then(new Action.Drop()));
        }
        blocklists(f, r);
        r.add(FwRule.rule(builtin("established")).ct("RELATED", "ESTABLISHED").then(new Action.Accept()));
        antiScan(f, r);
        for (AddressSet s : policy.sets()) {
            if (s.role() == SetRole.ALLOW) {
                r.add(FwRule.rule(s.origin().comment()).srcSet(RuleProgram.setName(s.name(), f)).then(new Action.Accept()));
            }
        }
        icmpIn(f, r);
        if (policy.sshProtection() != null) {
            sshProtection(policy.sshProtection(), r);
        }
        for (Service s : policy.services()) {
            service(f, s, r);
        }
        finish(f, policy.defaults().input(), "input", r);
        return r;
    }

    private void blocklists(Family f, List<FwRule> r) {
        for (AddressSet s : policy.sets()) {
            if (s.role() == SetRole.BLOCK) {
                r.add(FwRule.rule(s.origin().comment()).srcSet(RuleProgram.setName(s.name(), f)).then(new Action.Drop()));
            }
        }
    }

    private void antiScan(Family f, List<FwRule> r) {
        var a = policy.antiScan();
        String c = a.origin().comment();
        if (a.invalid()) {
            r.add(FwRule.rule(c + ".invalid").ct("INVALID").then(new Action.Drop()));
            r.add(FwRule.rule(c + ".invalid").proto(Proto.TCP).flags(TcpFlagsTest.NOT_SYN).ct("NEW").then(new Action.Drop()));
        }
        if (a.tcpNull()) {
            r.add(FwRule.rule(c + ".tcp_null").proto(Proto.TCP).flags(TcpFlagsTest.NULL).then(new Action.Drop()));
        }
        if (a.xmas()) {
            r.add(FwRule.rule(c + ".xmas").proto(Proto.TCP).flags(TcpFlagsTest.XMAS).then(new Action.Drop()));
        }
        if (a.fragments() && f == Family.IPV4) {
            r.add(FwRule.rule(c + ".fragments").fragment().then(new Action.Drop()));
        }
    }

    private void icmpIn(Family f, List<FwRule> r) {
        var icmp = policy.icmp();
        String errors = builtin("icmp-errors");
        if (f == Family.IPV4) {
            for (int t : ICMP4_ERRORS) {
                r.add(FwRule.rule(errors).proto(Proto.ICMP).icmp(t, null).then(new Action.Accept()));
            }
            if (icmp.echo()) {
                r.add(FwRule.rule(icmp.origin().comment()).proto(Proto.ICMP).icmp(8, null).limit(icmp.echoRate())
                        .then(new Action.Accept()));
            }
        } else {
            for (int t : ICMP6_ERRORS) {
                r.add(FwRule.rule(errors).proto(Proto.ICMPV6).icmp(t, null).then(new Action.Accept()));
            }
            String nd = builtin("icmpv6-nd");
            for (int t : ICMP6_ND) {
                r.add(FwRule.rule(nd).proto(Proto.ICMPV6).icmp(t, null).hopLimit255().then(new Action.Accept()));
            }
            String mld = builtin("icmpv6-mld");
            for (int t : ICMP6_MLD) {
                r.add(FwRule.rule(mld).src(LINK_LOCAL_V6).proto(Proto.ICMPV6).icmp(t, null).then(new Action.Accept()));
            }
            if (icmp.echo()) {
                r.add(FwRule.rule(icmp.origin().comment()).proto(Proto.ICMPV6).icmp(128, null).limit(icmp.echoRate())
                        .then(new Action.Accept()));
            }
            // a DHCPv6 server answers a multicast solicit from its link-local address: conntrack cannot
            // relate the answer to the multicast request, so it is NEW and must be let in explicitly
            r.add(FwRule.rule(builtin("dhcpv6-client")).src(LINK_LOCAL_V6).dst(LINK_LOCAL_V6).proto(Proto.UDP)
                    .dports(List.of(PortRange.of(DHCPV6_CLIENT_PORT))).then(new Action.Accept()));
        }
    }

    private void sshProtection(SshProtection p, List<FwRule> r) {
        String c = p.origin().comment();
        List<List<PortRange>> groups = portGroups(p.ports());
        for (List<PortRange> ports : groups) {
            if (p.method() == SshMethod.RECENT) {
                r.add(FwRule.rule(c).proto(Proto.TCP).dports(ports).ct("NEW")
                        .recent(new Recent(SSH_RECENT, true, 0, 0)).then(new Action.None()));
                r.add(FwRule.rule(c).proto(Proto.TCP).dports(ports).ct("NEW")
                        .recent(new Recent(SSH_RECENT, false, p.seconds(), p.maxNew() + 1)).then(new Action.Drop()));
            } else {
                r.add(FwRule.rule(c).proto(Proto.TCP).dports(ports).ct("NEW")
                        .hashlimit(new HashLimit(hashlimitRate(p), true, "rampart-ssh")).then(new Action.Drop()));
            }
        }
    }

    /** {@code maxNew} per window, as a hashlimit rate: the window is 1 s, 1 min, 1 h or 1 day (checked by the reader). */
    private static Rate hashlimitRate(SshProtection p) {
        Rate.Unit unit = switch (p.seconds()) {
            case 1 -> Rate.Unit.SECOND;
            case 3600 -> Rate.Unit.HOUR;
            case 86400 -> Rate.Unit.DAY;
            default -> Rate.Unit.MINUTE;
        };
        return new Rate(p.maxNew(), unit, p.maxNew());
    }

    private void service(Family f, Service s, List<FwRule> r) {
        List<Source> sources = sourcesOf(f, s.from());
        if (sources == null) {
            return;
        }
        String name = null;
        if (s.limit() != null && s.limitPerSource()) {
            name = "rampart-" + (++hashlimitCounter);
        }
        for (PortSpec p : s.ports()) {
            for (List<PortRange> ports : portGroups(p.ranges())) {
                for (String in : orAny(s.interfaces())) {
                    for (Source src : orAnySource(sources)) {
                        Builder b = FwRule.rule(s.origin().comment()).in(in).proto(proto(p.proto())).dports(ports).ct("NEW");
                        source(b, src, f);
                        if (s.limit() != null) {
                            if (s.limitPerSource()) {
                                b.hashlimit(new HashLimit(s.limit(), false, name));
                            } else {
                                b.limit(s.limit());
                            }
                        }
                        r.add(b.then(new Action.Accept()));
                    }
                }
            }
        }
    }

    /** The LOG and REJECT rules before a DROP or REJECT policy. */
    private void finish(Family f, Verdict v, String chain, List<FwRule> r) {
        if (v == Verdict.ACCEPT) {
            return;
        }
        if (policy.log() != null) {
            var log = policy.log();
            r.add(FwRule.rule(log.origin().comment()).limit(log.rate()).then(new Action.Log(log.prefix(), log.level())));
        }
        if (v == Verdict.REJECT) {
            String c = policy.defaults().origin().comment() + "." + chain;
            r.add(FwRule.rule(c).proto(Proto.TCP).then(new Action.Reject(true)));
            r.add(FwRule.rule(c).then(new Action.Reject(false)));
        }
    }

    // ---- FORWARD ---------------------------------------------------------------------------------

    private List<FwRule> forward(Family f, boolean docker) {
        List<FwRule> r = new ArrayList<>();
        if (docker) {
            r.add(FwRule.rule(builtin("docker-user")).then(new Action.Jump("DOCKER-USER")));
        }
        blocklists(f, r);
        r.add(FwRule.rule(builtin("established")).ct("RELATED", "ESTABLISHED").then(new Action.Accept()));
        if (policy.antiScan().invalid()) {
            r.add(FwRule.rule(policy.antiScan().origin().comment() + ".invalid").ct("INVALID").then(new Action.Drop()));
        }
        for (ForwardRule fr : policy.forwards()) {
            List<Source> sources = sourcesOf(f, fr.from());
            if (sources == null) {
                continue;
            }
            for (String in : orAny(fr.inInterfaces())) {
                for (String out : orAny(fr.outInterfaces())) {
                    for (Source src : orAnySource(sources)) {
                        Builder b = FwRule.rule(fr.origin().comment()).in(in).out(out).ct("NEW");
                        source(b, src, f);
                        r.add(b.then(new Action.Accept()));
                    }
                }
            }
        }
        for (PortForward pf : policy.portForwards()) {
            if (pf.to().family() != f) {
                continue;
            }
            List<Source> sources = sourcesOf(f, pf.from());
            if (sources == null) {
                continue;
            }
            PortRange port = pf.toPort() == null ? pf.port() : PortRange.of(pf.toPort());
            for (String in : orAny(pf.inInterfaces())) {
                for (Source src : orAnySource(sources)) {
                    Builder b = FwRule.rule(pf.origin().comment()).in(in).dst(pf.to().asPrefix())
                            .proto(proto(pf.proto())).dports(List.of(port)).ct("DNAT");
                    source(b, src, f);
                    r.add(b.then(new Action.Accept()));
                }
            }
        }
        for (LoadBalance lb : policy.loadBalances()) {
            if (lb.backends().get(0).address().family() != f) {
                continue;
            }
            for (Backend be : lb.backends()) {
                for (String in : orAny(lb.inInterfaces())) {
                    r.add(FwRule.rule(lb.origin().comment()).in(in).dst(be.address().asPrefix()).proto(proto(lb.proto()))
                            .dports(List.of(PortRange.of(be.port() == null ? lb.port() : be.port()))).ct("DNAT")
                            .then(new Action.Accept()));
                }
            }
        }
        finish(f, policy.defaults().forward(), "forward", r);
        return r;
    }

    private List<FwRule> dockerUser(Family f) {
        List<FwRule> r = new ArrayList<>();
        for (DockerRule d : policy.docker()) {
            List<Source> sources = sourcesOf(f, d.from());
            for (String in : orAny(d.inInterfaces())) {
                if (sources != null) {
                    for (Source src : sources) {
                        Builder b = FwRule.rule(d.origin().comment()).in(in).proto(proto(d.proto())).dports(List.of(d.port()));
                        source(b, src, f);
                        r.add(b.then(new Action.Return()));
                    }
                }
                r.add(FwRule.rule(d.origin().comment()).in(in).proto(proto(d.proto())).dports(List.of(d.port()))
                        .then(new Action.Drop()));
            }
        }
        r.add(FwRule.rule(builtin("docker-user")).then(new Action.Return()));
        return r;
    }

    // ---- OUTPUT ----------------------------------------------------------------------------------

    private List<FwRule> output(Family f) {
        List<FwRule> r = new ArrayList<>();
        if (policy.defaults().output() == Verdict.ACCEPT) {
            return r;
        }
        r.add(FwRule.rule(builtin("loopback")).out("lo").then(new Action.Accept()));
        r.add(FwRule.rule(builtin("established")).ct("RELATED", "ESTABLISHED").then(new Action.Accept()));
        if (policy.antiScan().invalid()) {
            r.add(FwRule.rule(policy.antiScan().origin().comment() + ".invalid").ct("INVALID").then(new Action.Drop()));
        }
        if (f == Family.IPV6) {
            String nd = builtin("icmpv6-nd");
            for (int t : ICMP6_ND) {
                r.add(FwRule.rule(nd).proto(Proto.ICMPV6).icmp(t, null).hopLimit255().then(new Action.Accept()));
            }
            String mld = builtin("icmpv6-mld");
            for (int t : ICMP6_MLD) {
                r.add(FwRule.rule(mld).proto(Proto.ICMPV6).icmp(t, null).then(new Action.Accept()));
            }
            r.add(FwRule.rule(builtin("dhcpv6-client")).dst(DHCPV6_SERVERS).proto(Proto.UDP)
                    .dports(List.of(PortRange.of(DHCPV6_SERVER_PORT))).then(new Action.Accept()));
        }
        var egress = policy.egress();
        if (egress != null) {
            if (egress.ping()) {
                r.add(FwRule.rule(egress.origin().comment() + ".ping").proto(f == Family.IPV4 ? Proto.ICMP : Proto.ICMPV6)
                        .icmp(f == Family.IPV4 ? 8 : 128, null).then(new Action.Accept()));
            }
            for (EgressRule e : egress.rules()) {
                List<IpPrefix> to = new ArrayList<>();
                for (IpPrefix p : e.to()) {
                    if (p.family() == f) {
                        to.add(p);
                    }
                }
                if (!e.to().isEmpty() && to.isEmpty()) {
                    continue;
                }
                for (List<PortRange> ports : portGroups(e.ports().ranges())) {
                    for (IpPrefix dst : to.isEmpty() ? java.util.Collections.<IpPrefix>singletonList(null) : to) {
                        r.add(FwRule.rule(e.origin().comment()).dst(dst).proto(proto(e.ports().proto())).dports(ports)
                                .ct("NEW").then(new Action.Accept()));
                    }
                }
            }
        }
        finish(f, policy.defaults().output(), "output", r);
        return r;
    }

    // ---- nat -------------------------------------------------------------------------------------

    private List<FwRule> prerouting(Family f) {
        List<FwRule> r = new ArrayList<>();
        for (PortForward pf : policy.portForwards()) {
            if (pf.to().family() != f) {
                continue;
            }
            List<Source> sources = sourcesOf(f, pf.from());
            if (sources == null) {
                continue;
            }
            for (String in : orAny(pf.inInterfaces())) {
                for (Source src : orAnySource(sources)) {
                    Builder b = FwRule.rule(pf.origin().comment()).in(in).proto(proto(pf.proto())).dports(List.of(pf.port()))
                            .dstLocal();
                    source(b, src, f);
                    r.add(b.then(new Action.Dnat(pf.to(), pf.toPort())));
                }
            }
        }
        for (LoadBalance lb : policy.loadBalances()) {
            if (lb.backends().get(0).address().family() != f) {
                continue;
            }
            int n = lb.backends().size();
            for (String in : orAny(lb.inInterfaces())) {
                for (int i = 0; i < n; i++) {
                    Backend be = lb.backends().get(i);
                    // every (n-i)th of the packets left over: each backend gets 1/n of the connections
                    Builder b = FwRule.rule(lb.origin().comment()).in(in).proto(proto(lb.proto()))
                            .dports(List.of(PortRange.of(lb.port()))).dstLocal();
                    if (i < n - 1) {
                        b.nth(new Nth(n - i));
                    }
                    r.add(b.then(new Action.Dnat(be.address(), be.port())));
                }
            }
        }
        return r;
    }

    private List<FwRule> postrouting(Family f) {
        List<FwRule> r = new ArrayList<>();
        for (Masquerade m : policy.masquerades()) {
            List<IpPrefix> from = new ArrayList<>();
            for (IpPrefix p : m.from()) {
                if (p.family() == f) {
                    from.add(p);
                }
            }
            if (m.from().isEmpty() ? f != Family.IPV4 : from.isEmpty()) {
                continue; // no networks of this family: IPv6 is not masqueraded unless asked for
            }
            for (String out : orAny(m.outInterfaces())) {
                for (IpPrefix src : from.isEmpty() ? java.util.Collections.<IpPrefix>singletonList(null) : from) {
                    r.add(FwRule.rule(m.origin().comment()).out(out).src(src).then(new Action.Masquerade()));
                }
            }
        }
        return r;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Proto proto(L4 l4) {
        return l4 == L4.TCP ? Proto.TCP : Proto.UDP;
    }

    /**
     * The sources of {@code family}: empty = anyone; null = the rule lists sources but none of this family
     * (so the rule is left out of it).
     */
    private static List<Source> sourcesOf(Family family, List<Source> from) {
        if (from.isEmpty()) {
            return List.of();
        }
        List<Source> out = new ArrayList<>();
        for (Source s : from) {
            if (s instanceof SetRef || s instanceof Cidr c && c.prefix().family() == family) {
                out.add(s);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void source(Builder b, Source s, Family f) {
        if (s instanceof Cidr c) {
            b.src(c.prefix());
        } else if (s instanceof SetRef ref) {
            b.srcSet(RuleProgram.setName(ref.name(), f));
        }
    }

    private static List<String> orAny(List<String> interfaces) {
        return interfaces.isEmpty() ? java.util.Collections.singletonList(null) : interfaces;
    }

    private static List<Source> orAnySource(List<Source> sources) {
        return sources.isEmpty() ? java.util.Collections.singletonList(null) : sources;
    }

    /** Port ranges in groups that one rule can test: one range, or up to 15 multiport entries (a range counts 2). */
    static List<List<PortRange>> portGroups(List<PortRange> ranges) {
        List<List<PortRange>> out = new ArrayList<>();
        List<PortRange> cur = new ArrayList<>();
        int slots = 0;
        for (PortRange r : ranges) {
            int need = r.from() == r.to() ? 1 : 2;
            if (slots + need > 15) {
                out.add(cur);
                cur = new ArrayList<>();
                slots = 0;
            }
            cur.add(r);
            slots += need;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

}
