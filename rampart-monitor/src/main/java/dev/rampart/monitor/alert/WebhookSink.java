package dev.rampart.monitor.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each alert as JSON ({@link AlertJson}) to a URL with {@link HttpClient}.
 *
 * <p>Delivery: a 2xx answer is success. A connection error, a timeout, 408, 429 or 5xx is retried, up to
 * {@code retries} more times, after {@code backoff}, 2×, 4×... capped at {@code max_backoff} (a
 * {@code Retry-After} in seconds is honoured up to the same cap). Any other status (400, 401, 404...)
 * fails at once: repeating the same request cannot fix it. {@code timeout} bounds connecting and,
 * separately, waiting for the answer, so one alert takes at most
 * {@code (retries+1) × 2 × timeout + retries × max_backoff}.
 */
public final class WebhookSink implements AlertSink {
    /** Sleeps between attempts (tests pass one that records instead). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * The {@code alerts.webhook:} settings.
     *
     * @param url         where to POST (http or https)
     * @param timeout     per attempt: connecting, and waiting for the answer, each
     * @param retries     attempts after the first
     * @param backoff     wait before the first retry; doubled each time
     * @param maxBackoff  longest wait between attempts
     * @param headers     extra request headers (e.g. {@code Authorization})
     * @param minSeverity least severity sent
     */
    public record Settings(URI url, Duration timeout, int retries, Duration backoff, Duration maxBackoff,
                           Map<String, String> headers, AlertSeverity minSeverity) {
        public Settings {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
        }
    }

    private final Settings settings;
    private final String host;
    private final HttpClient client;
    private final Sleeper sleeper;

    /** A sink with the real clock's sleep. */
    public WebhookSink(Settings settings, String host) {
        this(settings, host, d -> Thread.sleep(d.toMillis()));
    }

    /** A sink that waits between attempts with {@code sleeper}. */
    public WebhookSink(Settings settings, String host, Sleeper sleeper) {
        this.settings = settings;
        this.host = host;
        this.sleeper = sleeper;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public AlertSeverity minSeverity() {
        return settings.minSeverity();
    }

    @Override
    public void send(Alert alert) throws IOException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "rampart-monitor")
                .POST(HttpRequest.BodyPublishers.ofString(AlertJson.text(alert, host), StandardCharsets.UTF_8));
        settings.headers().forEach(rb::header);
        HttpRequest request = rb.build();
        String last = "";
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            Duration wait = backoff(attempt);
            try {
                HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                last = "HTTP " + status + answer(resp.body());
                if (!(status == 408 || status == 429 || status / 100 == 5)) {
                    throw new PermanentFailure(settings.url() + " answered " + last + " (not retried)");
                }
                wait = retryAfter(resp).orElse(wait);
            } catch (java.net.http.HttpTimeoutException e) {
                last = "no answer within " + settings.timeout().toMillis() + " ms";
            } catch (java.net.ConnectException e) {
                last = "cannot connect: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while posting to " + settings.url(), e);
            } catch (PermanentFailure e) {
                throw e;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < settings.retries()) {
                try {
                    sleeper.sleep(min(wait, settings.maxBackoff()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting to retry " + settings.url(), e);
                }
            }
        }
        throw new IOException(settings.url() + ": gave up after " + (settings.retries() + 1) + " attempts; last: " + last);
    }

    /** An answer that retrying cannot change. */
    private static final class PermanentFailure extends IOException {
        private static final long serialVersionUID = 1L;

        PermanentFailure(String message) {
            super(message);
        }
    }

    /** The wait after attempt {@code attempt} (0-based): backoff × 2^attempt, capped. */
    Duration backoff(int attempt) {
        Duration d = settings.backoff();
        for (int i = 0; i < attempt && d.compareTo(settings.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return min(d, settings.maxBackoff());
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > 200 ? b.substring(0, 200) + "..." : b);
    }
}
