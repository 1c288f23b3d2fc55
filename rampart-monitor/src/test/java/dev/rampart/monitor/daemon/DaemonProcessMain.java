package dev.rampart.monitor.daemon;

import dev.rampart.host.ProcessRunner;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The daemon as its own process, for tests that kill it: {@code DaemonProcessMain CONFIG}. Started under
 * {@code ip netns exec NS}, so its ipset/iptables commands act inside that namespace. Prints
 * {@code started} once running.
 */
public final class DaemonProcessMain {
    private DaemonProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ConfigLoader.Result r = ConfigLoader.load(file.toString(), Files.readString(file));
        if (r.config() == null) {
            r.diagnostics().forEach(d -> System.out.println(d.headline()));
            System.exit(3);
        }
        Store store = Store.open(r.config().database());
        MonitorDaemon daemon = new MonitorDaemon(r.config(), new ProcessRunner(), store,
                new DaemonMetrics(new PrometheusRegistry()), Clock.systemUTC(), System.out);
        daemon.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            try {
                daemon.awaitStopped(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            daemon.close(); // ends journalctl (or its stand-in) too
            store.close();
        }));
        System.out.println("started");
        System.out.flush();
        daemon.run();
    }
}
