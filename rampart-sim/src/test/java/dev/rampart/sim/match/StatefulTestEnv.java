package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.ConnlimitMatch;
import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.QuotaMatch;
import dev.rampart.model.match.RecentMatch;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.match.StatisticMatch;
import dev.rampart.model.match.TimeMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.TableName;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.engine.StateStore;
import dev.rampart.sim.packet.Packet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A {@link MatchEnv} for stateful-match tests: a settable virtual clock, a hook, ipsets, a seeded random
 * generator and a fake connection table answering a fixed count. Also parses rule text into the
 * stateful tests and builds packets.
 */
final class StatefulTestEnv implements MatchEnv {
    static final long SECOND = 1_000_000_000L;

    long now = Instant.parse("2026-01-05T12:00:00Z").getEpochSecond() * SECOND;
    Hook hook = Hook.INPUT;
    IpSetStore ipsets = IpSetStore.empty();
    final StateStore state = new StateStore();
    final List<String> approximations = new ArrayList<>();
    RandomGenerator random = new Random(42);
    /** What the fake connection table answers, and the last question it was asked. */
    int connections;
    Object[] lastCountQuery;

    void advance(double seconds) {
        now += Math.round(seconds * SECOND);
    }

    void at(String instant) {
        now = Instant.parse(instant).getEpochSecond() * SECOND;
    }

    @Override public long nowNanos() { return now; }
    @Override public Hook hook() { return hook; }
    @Override public HostView host() { throw new UnsupportedOperationException(); }
    @Override public IpSetStore ipsets() { return ipsets; }
    @Override public StateStore state() { return state; }
    @Override public RandomGenerator random() { return random; }
    @Override public void approximate(String reason) { approximations.add(reason); }

    @Override
    public ConnectionTable connections() {
        return (key, prefixBits, byDestination, protocol, nowNanos) -> {
            lastCountQuery = new Object[] {key, prefixBits, byDestination};
            return connections;
        };
    }

    /** Loads {@code ipset save} text. */
    void ipsets(String saveText) {
        IpSetParser.Result r = new IpSetParser().parse(saveText, "sets");
        if (r.diagnostics().hasErrors()) {
            throw new AssertionError(r.diagnostics().toString());
        }
        ipsets = new IpSetStore(r.sets());
    }

    static IpSets parseSets(String saveText) {
        return new IpSetParser().parse(saveText, "sets").sets();
    }

    /** The matches of {@code -A INPUT <ruleText>}, parsed by the model's restore parser. */
    static List<Match> matches(Family family, String ruleText, Set<String> ipsetNames) {
        RestoreParser.Result r = new RestoreParser(family).withKnownIpSets(ipsetNames)
                .parse("*filter\n-A INPUT " + ruleText + "\nCOMMIT\n", "rule");
        if (r.diagnostics().hasErrors()) {
            throw new AssertionError(r.diagnostics().toString());
        }
        Rule rule = r.ruleset().table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().rules().get(0);
        return rule.matches();
    }

    /** The stateful matches of a rule, compiled and ANDed as the kernel evaluates them. */
    static PacketTest rule(String ruleText) {
        return rule(Family.IPV4, ruleText, Set.of());
    }

    static PacketTest rule(Family family, String ruleText, Set<String> ipsetNames) {
        CompileContext ctx = new CompileContext(family, TableName.FILTER, "INPUT");
        List<PacketTest> tests = new ArrayList<>();
        for (Match m : matches(family, ruleText, ipsetNames)) {
            PacketTest t = null;
            if (m instanceof LimitMatch l) {
                t = StatefulMatches.limit(l, ctx);
            } else if (m instanceof HashlimitMatch h) {
                t = StatefulMatches.hashlimit(h, ctx);
            } else if (m instanceof RecentMatch rc) {
                t = StatefulMatches.recent(rc, ctx);
            } else if (m instanceof ConnlimitMatch c) {
                t = StatefulMatches.connlimit(c, ctx);
            } else if (m instanceof QuotaMatch q) {
                t = StatefulMatches.quota(q, ctx);
            } else if (m instanceof StatisticMatch st) {
                t = StatefulMatches.statistic(st, ctx);
            } else if (m instanceof TimeMatch tm) {
                t = StatefulMatches.time(tm, ctx);
            } else if (m instanceof SetMatch sm) {
                t = StatefulMatches.set(sm, ctx);
            }
            // stateless matches are compiled elsewhere; the tests use them only as documentation
            if (t != null) {
                tests.add(t);
            }
        }
        return (p, e) -> {
            for (PacketTest t : tests) {
                if (!t.test(p, e)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** A TCP packet arriving on eth0. */
    static PacketState tcp(String src, int sport, String dst, int dport) {
        Packet p = Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), 6).sport(sport).dport(dport)
                .tcpFlags(Packet.SYN).in("eth0").build();
        PacketState s = new PacketState(p);
        s.setHook(Hook.INPUT);
        return s;
    }

    static PacketState udp(String src, int sport, String dst, int dport) {
        Packet p = Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), 17).sport(sport).dport(dport)
                .in("eth0").build();
        PacketState s = new PacketState(p);
        s.setHook(Hook.INPUT);
        return s;
    }

    static PacketState packet(Packet p) {
        PacketState s = new PacketState(p);
        s.setHook(Hook.INPUT);
        return s;
    }

    boolean eval(PacketTest t, PacketState p) {
        return t.test(p, this);
    }
}
