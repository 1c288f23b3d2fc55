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
 * limit, hashlimit, recent, connlimit, quota, statistic, time and set.
 */
public final class StatefulMatches {
    private StatefulMatches() {
    }

    public static PacketTest limit(LimitMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("limit: not implemented yet");
    }

    public static PacketTest hashlimit(HashlimitMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("hashlimit: not implemented yet");
    }

    public static PacketTest recent(RecentMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("recent: not implemented yet");
    }

    public static PacketTest connlimit(ConnlimitMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("connlimit: not implemented yet");
    }

    public static PacketTest quota(QuotaMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("quota: not implemented yet");
    }

    public static PacketTest statistic(StatisticMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("statistic: not implemented yet");
    }

    public static PacketTest time(TimeMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("time: not implemented yet");
    }

    public static PacketTest set(SetMatch m, CompileContext ctx) {
        throw new UnsupportedOperationException("set: not implemented yet");
    }
}
