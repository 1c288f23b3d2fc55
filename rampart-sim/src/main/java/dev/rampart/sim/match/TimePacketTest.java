package dev.rampart.sim.match;

import dev.rampart.model.match.TimeMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m time} as {@code xt_time.c} evaluates it (iptables-nft keeps it as an xtables match), against
 * the virtual clock in whole seconds.
 *
 * <p>All bounds must hold: the date range (inclusive, compared with the time-zone-adjusted seconds); the
 * time of day: when start &lt; stop it must lie in [start, stop], otherwise (a period across midnight,
 * and also start == stop, which therefore matches all day) it must not lie strictly between stop and
 * start; the weekday (1 = Monday .. 7 = Sunday) and the day of month, both taken from the same instant,
 * except that with {@code --contiguous} a time in the after-midnight part of a wrapped period counts as
 * the previous day.
 *
 * <p>Time zone: the default is UTC. {@code --kerneltz} uses the kernel's {@code sys_tz}, which a
 * simulation cannot know; Rampart takes it as UTC and marks the result approximate.
 */
record TimePacketTest(TimeMatch match) implements PacketTest {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        long stamp = Math.floorDiv(env.nowNanos(), NANOS_PER_SECOND);
        if (match.kernelTz()) {
            env.approximate("time --kerneltz: the kernel's time zone is unknown; UTC assumed");
        }
        if (stamp < match.dateStart() || stamp > match.dateStop()) {
            return false;
        }
        long secondOfDay = Math.floorMod(stamp, SECONDS_PER_DAY);
        int start = match.daytimeStart();
        int stop = match.daytimeStop();
        if (start < stop) {
            if (secondOfDay < start || secondOfDay > stop) {
                return false;
            }
        } else {
            if (secondOfDay < start && secondOfDay > stop) {
                return false;
            }
            if (match.contiguous() && secondOfDay <= stop) {
                stamp -= SECONDS_PER_DAY;
            }
        }
        long day = Math.floorDiv(stamp, SECONDS_PER_DAY);
        // 1970-01-01 was a Thursday (4); map Sunday to 7
        int weekday = Math.floorMod(4 + day - 1, 7) + 1;
        if ((match.weekdays() & (1 << weekday)) == 0) {
            return false;
        }
        if (match.monthdays() != TimeMatch.ALL_MONTHDAYS) {
            int monthday = java.time.LocalDate.ofEpochDay(day).getDayOfMonth();
            return (match.monthdays() & (1 << monthday)) != 0;
        }
        return true;
    }
}
