package dev.rampart.monitor.metrics;

import dev.rampart.model.Family;
import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.source.Checkpoint;
import dev.rampart.monitor.store.Store;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Metrics computed from the store alone, without a running daemon ({@code rampart metrics}): bans in force
 * per family, the ban history by event, the lines committed per source (a counter that survives
 * daemon restarts: it is stored with the checkpoint) and, for files, the bytes after the checkpoint.
 */
public final class StoreMetrics {
    private StoreMetrics() {
    }

    /** Bytes after the checkpoint in the file now at its path, or -1 when that is another file or none. */
    static long lagOf(Checkpoint.FileCheckpoint f) {
        try {
            Path p = Path.of(f.path());
            Object ino = Files.getAttribute(p, "unix:ino");
            if (!(ino instanceof Number n) || n.longValue() != f.inode()) {
                return -1;
            }
            return Math.max(0, Files.size(p) - f.offset());
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** A registry with the store's metrics read now from {@code store}. */
    public static PrometheusRegistry snapshot(Store store, Instant now) throws SQLException {
        PrometheusRegistry reg = new PrometheusRegistry();
        List<Ban> bans = store.bans();
        long v4 = bans.stream().filter(b -> !b.expiredAt(now) && b.target().family() == Family.IPV4).count();
        long v6 = bans.stream().filter(b -> !b.expiredAt(now) && b.target().family() == Family.IPV6).count();
        GaugeWithCallback.builder().name("rampart_bans_active").labelNames("family")
                .help("Bans in force now, per address family (ipv4, ipv6)")
                .callback(cb -> {
                    cb.call(v4, "ipv4");
                    cb.call(v6, "ipv6");
                }).register(reg);
        long[] events = new long[4];
        String[] names = {"added", "extended", "expired", "removed"};
        for (int i = 0; i < names.length; i++) {
            events[i] = store.countLog(names[i]);
        }
        CounterWithCallback.builder().name("rampart_ban_history_events").labelNames("event")
                .help("Entries of the ban history in the store, by event (added, extended, expired, removed)")
                .callback(cb -> {
                    for (int i = 0; i < names.length; i++) {
                        cb.call(events[i], names[i]);
                    }
                }).register(reg);
        List<Store.StoredCheckpoint> cps = store.checkpoints();
        CounterWithCallback.builder().name("rampart_source_lines_committed").labelNames("source")
                .help("Lines read and committed with a checkpoint, per source, over all daemon runs")
                .callback(cb -> cps.forEach(c -> cb.call(c.lines(), c.source()))).register(reg);
        java.util.Map<String, Long> lag = new java.util.TreeMap<>();
        for (Store.StoredCheckpoint c : cps) {
            if (c.checkpoint() instanceof Checkpoint.FileCheckpoint f) {
                long l = lagOf(f);
                if (l >= 0) {
                    lag.put(c.source(), l);
                }
            }
        }
        GaugeWithCallback.builder().name("rampart_source_lag_bytes").labelNames("source")
                .help("Bytes written to a log file after its committed checkpoint (files whose checkpoint is in the"
                        + " file now at the path)")
                .callback(cb -> lag.forEach((src, l) -> cb.call(l, src))).register(reg);
        return reg;
    }
}
