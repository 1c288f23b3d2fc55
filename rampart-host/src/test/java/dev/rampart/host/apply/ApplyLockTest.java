package dev.rampart.host.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply lock: exclusive, a second taker waits up to its limit, released on close. */
class ApplyLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondTakerGetsNothingWhileHeldAndTheLockOnceReleased() throws Exception {
        Path file = dir.resolve("run/rampart/apply.lock");
        try (ApplyLock first = ApplyLock.acquire(file, Duration.ZERO)) {
            assertThat(first).isNotNull();
            assertThat(file).exists();
            long t0 = System.nanoTime();
            assertThat(ApplyLock.acquire(file, Duration.ofMillis(300))).isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(300);
        }
        try (ApplyLock again = ApplyLock.acquire(file, Duration.ZERO)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aWaitingTakerGetsTheLockWhenTheHolderReleasesIt() throws Exception {
        Path file = dir.resolve("apply.lock");
        ApplyLock first = ApplyLock.acquire(file, Duration.ZERO);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try (ApplyLock l = ApplyLock.acquire(file, Duration.ofSeconds(10))) {
                return l != null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(waiter).isNotDone();
        first.close();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
