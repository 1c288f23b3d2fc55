package dev.rampart.sim.match;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.match.Match;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule read with the model's {@link RestoreParser} from real rule text and compiled with
 * {@link MatchCompiler}: the header and every match must hold, as the kernel's rule evaluation requires.
 */
final class CompiledRule {
    private final Rule rule;
    private final PacketTest header;
    private final List<PacketTest> matches;

    private CompiledRule(Rule rule, PacketTest header, List<PacketTest> matches) {
        this.rule = rule;
        this.header = header;
        this.matches = matches;
    }

    /** An IPv4 filter-table rule: {@code line} is the whole {@code -A CHAIN ...} line. */
    static CompiledRule v4(String line) {
        return of(Family.IPV4, TableName.FILTER, line);
    }

    /** An IPv6 filter-table rule. */
    static CompiledRule v6(String line) {
        return of(Family.IPV6, TableName.FILTER, line);
    }

    static CompiledRule of(Family family, TableName table, String line) {
        Rule rule = parse(family, table, line);
        String chainName = line.split("\\s+")[1];
        CompileContext ctx = new CompileContext(family, table, chainName);
        List<PacketTest> tests = new ArrayList<>();
        for (Match m : rule.matches()) {
            tests.add(MatchCompiler.compile(m, ctx));
        }
        return new CompiledRule(rule, MatchCompiler.header(rule.header(), ctx), tests);
    }

    /** The rule {@code line} ({@code -A CHAIN ...}) of {@code table}, read with the model's parser. */
    static Rule parse(Family family, TableName table, String line) {
        String text = "*" + table.id() + "\n" + line + "\nCOMMIT\n";
        RestoreParser.Result r = new RestoreParser(family).parse(text, "test.rules");
        List<String> errors = new ArrayList<>();
        for (Diagnostic d : r.diagnostics().all()) {
            if (d.isError()) {
                errors.add(d.message());
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("rule did not parse: " + line + " -> " + errors);
        }
        String chainName = line.split("\\s+")[1];
        Chain chain = r.ruleset().table(table).orElseThrow().chain(chainName).orElseThrow();
        return chain.rules().get(0);
    }

    Rule rule() {
        return rule;
    }

    /** Whether the rule matches {@code p} at the hook of {@code env}. */
    boolean matches(PacketState p, TestEnv env) {
        p.setHook(env.hook());
        if (!header.test(p, env)) {
            return false;
        }
        for (PacketTest t : matches) {
            if (!t.test(p, env)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the rule matches {@code p} at INPUT of a host without extra addresses. */
    boolean matches(Packet p) {
        return matches(new PacketState(p), new TestEnv());
    }

    boolean matches(Packet.Builder p) {
        return matches(p.build());
    }

    /** A TCP packet arriving on eth0. */
    static Packet.Builder tcp(String src, int sport, String dst, int dport) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), 6).sport(sport).dport(dport).in("eth0");
    }

    /** A UDP packet arriving on eth0. */
    static Packet.Builder udp(String src, int sport, String dst, int dport) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), 17).sport(sport).dport(dport).in("eth0");
    }

    /** An ICMP (IPv4) or ICMPv6 packet arriving on eth0. */
    static Packet.Builder icmp(String src, String dst, int type, int code) {
        IpAddress s = IpAddress.parse(src);
        return Packet.builder(s, IpAddress.parse(dst), s.family() == Family.IPV4 ? 1 : 58).icmpType(type)
                .icmpCode(code).in("eth0");
    }

    /** A packet of protocol {@code protocol} arriving on eth0. */
    static Packet.Builder ip(String src, String dst, int protocol) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), protocol).in("eth0");
    }

    /** The in-flight state of {@code p} at {@code hook}. */
    static PacketState state(Packet.Builder p, Hook hook) {
        PacketState s = new PacketState(p.build());
        s.setHook(hook);
        return s;
    }
}
