package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import org.junit.jupiter.api.Test;

class StatefulTimeTest {
    private final StatefulTestEnv env = new StatefulTestEnv();
    private final PacketState pkt = StatefulTestEnv.tcp("203.0.113.5", 40000, "198.18.0.1", 80);

    private boolean at(PacketTest t, String instant) {
        env.at(instant);
        return t.test(pkt, env);
    }

    @Test
    void officeHoursOnWeekdays() {
        PacketTest t = StatefulTestEnv.rule("-m time --timestart 08:00 --timestop 18:00 --weekdays Mon,Tue,Wed,Thu,Fri");
        assertThat(at(t, "2026-01-05T08:00:00Z")).isTrue(); // Monday
        assertThat(at(t, "2026-01-05T07:59:59Z")).isFalse();
        assertThat(at(t, "2026-01-05T18:00:00Z")).as("the stop second is inside").isTrue();
        assertThat(at(t, "2026-01-05T18:00:01Z")).isFalse();
        assertThat(at(t, "2026-01-10T12:00:00Z")).as("Saturday").isFalse();
        assertThat(at(t, "2026-01-11T12:00:00Z")).as("Sunday").isFalse();
    }

    @Test
    void periodAcrossMidnight() {
        PacketTest t = StatefulTestEnv.rule("-m time --timestart 22:00 --timestop 06:00");
        assertThat(at(t, "2026-01-05T23:30:00Z")).isTrue();
        assertThat(at(t, "2026-01-06T05:59:59Z")).isTrue();
        assertThat(at(t, "2026-01-06T06:00:00Z")).isTrue();
        assertThat(at(t, "2026-01-06T06:00:01Z")).isFalse();
        assertThat(at(t, "2026-01-06T12:00:00Z")).isFalse();
        assertThat(at(t, "2026-01-06T21:59:59Z")).isFalse();
    }

    @Test
    void weekdayOfTheMorningPartDependsOnContiguous() {
        PacketTest plain = StatefulTestEnv.rule("-m time --timestart 23:00 --timestop 01:00 --weekdays Mon");
        PacketTest contiguous = StatefulTestEnv.rule(
                "-m time --timestart 23:00 --timestop 01:00 --weekdays Mon --contiguous");
        // Monday 23:30 and Tuesday 00:30
        assertThat(at(plain, "2026-01-05T23:30:00Z")).isTrue();
        assertThat(at(plain, "2026-01-06T00:30:00Z")).isFalse();
        assertThat(at(plain, "2026-01-05T00:30:00Z")).as("Monday's own early hour").isTrue();
        assertThat(at(contiguous, "2026-01-05T23:30:00Z")).isTrue();
        assertThat(at(contiguous, "2026-01-06T00:30:00Z")).as("counts as Monday night").isTrue();
        assertThat(at(contiguous, "2026-01-05T00:30:00Z")).as("counts as Sunday night").isFalse();
    }

    @Test
    void datesAndMonthdays() {
        PacketTest t = StatefulTestEnv.rule("-m time --datestart 2026-01-01 --datestop 2026-01-31T23:59:59 "
                + "--monthdays 1,15");
        assertThat(at(t, "2026-01-01T00:00:00Z")).isTrue();
        assertThat(at(t, "2026-01-15T10:00:00Z")).isTrue();
        assertThat(at(t, "2026-01-16T10:00:00Z")).isFalse();
        assertThat(at(t, "2026-02-01T10:00:00Z")).as("after datestop").isFalse();
        assertThat(at(t, "2025-12-15T10:00:00Z")).as("before datestart").isFalse();
        PacketTest notSunday = StatefulTestEnv.rule("-m time ! --weekdays Sun");
        assertThat(at(notSunday, "2026-01-11T10:00:00Z")).isFalse();
        assertThat(at(notSunday, "2026-01-12T10:00:00Z")).isTrue();
    }

    @Test
    void equalStartAndStopMatchAllDayAsTheKernelDoes() {
        PacketTest t = StatefulTestEnv.rule("-m time --timestart 10:00 --timestop 10:00");
        assertThat(at(t, "2026-01-05T03:00:00Z")).isTrue();
        assertThat(at(t, "2026-01-05T17:00:00Z")).isTrue();
    }

    @Test
    void kernelTimeZoneIsReportedAsApproximate() {
        PacketTest t = StatefulTestEnv.rule("-m time --timestart 08:00 --timestop 18:00 --kerneltz");
        assertThat(at(t, "2026-01-05T12:00:00Z")).isTrue();
        assertThat(env.approximations).anyMatch(r -> r.contains("kerneltz"));
    }
}
