package dev.rampart.sim.match;

import dev.rampart.model.match.ConnlimitMatch;
import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.model.match.QuotaMatch;
import dev.rampart.model.match.RecentMatch;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.match.StatisticMatch;
import dev.rampart.model.match.TimeMatch;
import dev.rampart.sim.engine.PacketTest;

/**
 * Compiles the matches whose result depends on the virtual clock or on memory kept between packets:
 * limit, hashlimit, recent, connlimit, quota, statistic, time and set. The returned tests are immutable
 * and thread-safe; their memory lives in the run's {@link dev.rampart.sim.engine.StateStore} (per rule:
 * keyed by the test object's identity; shared tables: keyed by name) and {@link IpSetStore}. Each
 * algorithm, its constants (HZ=250) and its known gaps are described on its class and in
 * {@code docs/simulator-stateful.md}.
 */
public final class StatefulMatches {
    private StatefulMatches() {
    }

    /**
     * {@code -m limit} as iptables-nft installs it: the nftables {@code limit} expression
     * ({@link LimitPacketTest}). Use {@link #legacyLimit} for iptables-legacy's {@code xt_limit}.
     */
    public static PacketTest limit(LimitMatch m, CompileContext ctx) {
        return LimitPacketTest.of(m);
    }

    /** {@code -m limit} as the xtables module {@code xt_limit} evaluates it (iptables-legacy). */
    public static PacketTest legacyLimit(LimitMatch m, CompileContext ctx) {
        return LegacyLimitPacketTest.of(m);
    }

    public static PacketTest hashlimit(HashlimitMatch m, CompileContext ctx) {
        return new HashlimitPacketTest(m);
    }

    public static PacketTest recent(RecentMatch m, CompileContext ctx) {
        return new RecentPacketTest(m);
    }

    public static PacketTest connlimit(ConnlimitMatch m, CompileContext ctx) {
        return new ConnlimitPacketTest(m);
    }

    public static PacketTest quota(QuotaMatch m, CompileContext ctx) {
        return new QuotaPacketTest(m);
    }

    public static PacketTest statistic(StatisticMatch m, CompileContext ctx) {
        return new StatisticPacketTest(m);
    }

    public static PacketTest time(TimeMatch m, CompileContext ctx) {
        return new TimePacketTest(m);
    }

    public static PacketTest set(SetMatch m, CompileContext ctx) {
        return new SetPacketTest(m);
    }
}
