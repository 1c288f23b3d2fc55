package dev.rampart.monitor.alert;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands alerts to the configured sinks, each behind its own {@link AlertThrottle} and its own send
 * thread with a bounded queue, so a slow or dead sink delays neither the daemon nor the other sinks.
 *
 * <p>Use: {@link #submit(Alert)} from any thread for every alert; {@link #tick()} every few seconds (the
 * daemon's periodic task) to send the summaries whose window ended; {@link #close()} at shutdown sends
 * what is held and waits a bounded time for the queues to empty.
 */
public final class AlertDispatcher implements AutoCloseable {
    /** Alerts waiting per sink at most; beyond that they are counted as {@code queue_full} and dropped. */
    public static final int QUEUE = 100;

    private record Route(AlertSink sink, AlertThrottle throttle, ThreadPoolExecutor sender) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final AlertMetrics metrics;
    private final Consumer<String> log;

    /**
     * @param sinks    where alerts go
     * @param settings the throttling settings (window, burst, period)
     * @param metrics  the counters to update
     * @param clock    the clock of the throttles
     * @param log      where send failures are reported (the daemon's log), one line each
     */
    public AlertDispatcher(List<AlertSink> sinks, AlertSettings.Throttling settings, AlertMetrics metrics, Clock clock,
                           Consumer<String> log) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
        for (AlertSink s : sinks) {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(QUEUE), r -> {
                        Thread t = new Thread(r, "rampart-alert-" + s.name());
                        t.setDaemon(true);
                        return t;
                    });
            routes.add(new Route(s, new AlertThrottle(settings.window(), settings.burst(), settings.period(), clock), ex));
        }
    }

    /** Offers {@code alert} to every sink. Never blocks on a sink. */
    public void submit(Alert alert) {
        for (Route r : routes) {
            if (alert.severity().compareTo(r.sink().minSeverity()) < 0) {
                metrics.suppressed(r.sink().name(), alert.kind(), "below_severity");
                continue;
            }
            AlertThrottle.Decision d = r.throttle().offer(alert);
            if (d.send() != null) {
                enqueue(r, d.send());
            } else {
                metrics.suppressed(r.sink().name(), alert.kind(), d.suppressed().id());
            }
        }
    }

    /** Sends the summaries that are due; call every few seconds. */
    public void tick() {
        for (Route r : routes) {
            for (Alert a : r.throttle().due()) {
                enqueue(r, a);
            }
        }
    }

    private void enqueue(Route r, Alert a) {
        try {
            r.sender().execute(() -> deliver(r.sink(), a));
        } catch (RejectedExecutionException e) {
            metrics.suppressed(r.sink().name(), a.kind(), "queue_full");
            log.accept("alert sink " + r.sink().name() + ": queue full, dropped: " + a.summary());
        }
    }

    private void deliver(AlertSink sink, Alert a) {
        try {
            sink.send(a);
            metrics.sent(sink.name(), true);
        } catch (IOException | RuntimeException e) {
            metrics.sent(sink.name(), false);
            log.accept("alert sink " + sink.name() + " failed: " + e.getMessage() + " (alert: " + a.summary() + ")");
        }
    }

    /** Sends everything held (as summaries) and waits up to {@code wait} for the sinks to finish. */
    public void close(Duration wait) {
        for (Route r : routes) {
            for (Alert a : r.throttle().drain()) {
                enqueue(r, a);
            }
            r.sender().shutdown();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Route r : routes) {
            try {
                r.sender().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@link #close(Duration)} with 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
