package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.model.net.IpAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP server on 127.0.0.1. */
class WebhookSinkTest {
    static final Alert BAN = Alert.of(AlertKind.BRUTE_FORCE_BAN, AlertSeverity.WARNING,
            "banned 192.0.2.7 for 10 min (sshd: 5 failures in 42 s)", "Failed password for root from 192.0.2.7\n",
            Instant.parse("2026-01-01T12:00:00Z"), IpAddress.parse("192.0.2.7"));

    HttpServer server;
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            requests.incrementAndGet();
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            Integer status = answers.poll();
            int code = status == null ? 200 : status;
            byte[] b = (code == 200 ? "ok" : "upstream broken").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    WebhookSink sink(int retries) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        return new WebhookSink(new WebhookSink.Settings(url, Duration.ofSeconds(5), retries, Duration.ofSeconds(1),
                Duration.ofSeconds(3), Map.of("Authorization", "Bearer s3cret"), AlertSeverity.INFO), "web1", sleeps::add);
    }

    @Test
    void postsTheAlertAsJson() throws Exception {
        sink(3).send(BAN);
        assertThat(requests).hasValue(1);
        JsonNode j = new ObjectMapper().readTree(bodies.get(0));
        assertThat(j.get("kind").asText()).isEqualTo("brute_force_ban");
        assertThat(j.get("severity").asText()).isEqualTo("warning");
        assertThat(j.get("summary").asText()).isEqualTo("banned 192.0.2.7 for 10 min (sshd: 5 failures in 42 s)");
        assertThat(j.get("details").asText()).isEqualTo("Failed password for root from 192.0.2.7\n");
        assertThat(j.get("time").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(j.get("source").asText()).isEqualTo("192.0.2.7");
        assertThat(j.get("host").asText()).isEqualTo("web1");
        assertThat(j.get("aggregated").asInt()).isZero();
        assertThat(j.get("text").asText()).isEqualTo("[rampart web1] warning: banned 192.0.2.7 for 10 min (sshd: 5 failures in 42 s)");
        assertThat(auth).containsExactly("Bearer s3cret");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesAServerErrorWithGrowingBackoffAndSucceeds() throws Exception {
        answers.add(500);
        answers.add(503);
        sink(3).send(BAN);
        assertThat(requests).hasValue(3);
        assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpAfterRetriesPlusOneAttemptsWithTheLastAnswerInTheMessage() {
        for (int i = 0; i < 10; i++) {
            answers.add(500);
        }
        assertThatThrownBy(() -> sink(3).send(BAN)).isInstanceOf(IOException.class)
                .hasMessageContaining("gave up after 4 attempts")
                .hasMessageContaining("HTTP 500: upstream broken");
        assertThat(requests).hasValue(4);
        // 1 s, 2 s, then capped at max_backoff 3 s
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aClientErrorIsNotRetried() {
        answers.add(404);
        assertThatThrownBy(() -> sink(3).send(BAN)).isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 404").hasMessageContaining("not retried");
        assertThat(requests).hasValue(1);
    }

    @Test
    void aDeadEndpointIsRetriedThenReported() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        WebhookSink dead = new WebhookSink(new WebhookSink.Settings(URI.create("http://127.0.0.1:" + port + "/x"),
                Duration.ofSeconds(2), 2, Duration.ofMillis(10), Duration.ofMillis(10), Map.of(), AlertSeverity.INFO),
                "web1", sleeps::add);
        assertThatThrownBy(() -> dead.send(BAN)).hasMessageContaining("gave up after 3 attempts")
                .hasMessageContaining("cannot connect");
        assertThat(sleeps).hasSize(2);
    }
}
