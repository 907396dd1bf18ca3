package dev.sightline.query.alerts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts Alertmanager webhook payloads to the receivers whose matchers an alert satisfies. Each notification is
 * sent on its own virtual thread, so a receiver that is down never blocks another; 5xx answers, timeouts and
 * connection errors are retried with exponential backoff and jitter up to the receiver's {@code max_attempts},
 * other answers (2xx done, 4xx dropped) are final. Thread-safe; closes idempotently, abandoning retries.
 */
public final class WebhookNotifier implements AutoCloseable {
    static final String SIGNATURE_HEADER = "X-Sightline-Signature";
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class.getName());

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final String externalUrl;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile List<Receiver> receivers = List.of();

    public WebhookNotifier(String externalUrl) {
        this.externalUrl = externalUrl;
    }

    void receivers(List<Receiver> r) {
        receivers = List.copyOf(r);
    }

    public List<Receiver> receivers() {
        return receivers;
    }

    /** Notifications acknowledged with a 2xx, and notifications given up on. */
    public long delivered() {
        return delivered.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Sends {@code changed} (alerts that started firing or resolved) of the rule with {@code query}. */
    void notify(String query, List<Alert> changed) {
        if (changed.isEmpty()) {
            return;
        }
        for (Receiver r : receivers) {
            List<Alert> routed = changed.stream().filter(r::matches).toList();
            WebhookPayload.byAlertname(routed).forEach((name, alerts) -> {
                byte[] body = WebhookPayload.json(r.name(), name, alerts, externalUrl, query);
                try {
                    senders.execute(() -> deliver(r, body));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    dropped.incrementAndGet();
                }
            });
        }
    }

    private void deliver(Receiver r, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.url()).timeout(r.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "Sightline")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!r.bearerToken().isEmpty()) {
            b.header("Authorization", "Bearer " + r.bearerToken());
        }
        if (!r.hmacSecret().isEmpty()) {
            b.header(SIGNATURE_HEADER, "sha256=" + hmac(r.hmacSecret(), body));
        }
        HttpRequest request = b.build();
        long backoff = r.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= r.maxAttempts(); attempt++) {
            String failure;
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                if (status < 500) {
                    dropped.incrementAndGet();
                    LOG.warning(() -> "receiver " + r.name() + " refused a notification with " + status
                            + "; not retried");
                    return;
                }
                failure = "status " + status;
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dropped.incrementAndGet();
                return;
            }
            if (attempt == r.maxAttempts()) {
                break;
            }
            String why = failure;
            int n = attempt;
            LOG.log(Level.FINE, () -> "receiver " + r.name() + " attempt " + n + " failed: " + why);
            long delay = backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            backoff = Math.min(backoff * 2, r.initialBackoff().toMillis() * 32);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dropped.incrementAndGet();
                return;
            }
        }
        dropped.incrementAndGet();
        LOG.warning(() -> "receiver " + r.name() + " did not accept a notification after " + r.maxAttempts()
                + " attempts; dropped");
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with {@code secret}. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
