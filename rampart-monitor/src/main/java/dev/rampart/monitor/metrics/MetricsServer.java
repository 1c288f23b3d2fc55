package dev.rampart.monitor.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * Serves a registry in Prometheus text format on {@code http://HOST:PORT/metrics} (the Prometheus Java
 * client's HTTP server; port 0 picks a free port, see {@link #port()}).
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving; throws when the address cannot be bound. */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry) throws IOException {
        return new MetricsServer(HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart());
    }

    /** The port bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
