package dev.sightline.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertListener;
import dev.sightline.alerting.AlertState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Pushes alerts to existing Alertmanagers as Prometheus' notifier does: after each evaluation, a firing alert is
 * sent when it is new or was last sent {@code resend_delay} ago, a resolved one when it resolved since it was last
 * sent (and again every {@code resend_delay} while the rules remember it); {@code POST <url>/api/v2/alerts} with
 * Prometheus' payload ({@code labels}, {@code annotations}, {@code startsAt}, {@code endsAt},
 * {@code generatorURL}), a firing alert's {@code endsAt} four resend intervals ahead. No retries, as in
 * Prometheus: the next resend repairs a lost push. One sender thread and a bounded queue per Alertmanager, so a
 * slow one does not hold up another. Lifecycle: construct, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class AlertmanagerPusher implements AlertListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertmanagerPusher.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE_CAPACITY = 1000;

    private final List<URI> endpoints;
    private final Duration timeout;
    private final long resendDelayMs;
    private final String externalUrl;
    private final LongSupplier clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> lastSent = new HashMap<>();
    private final List<LinkedBlockingDeque<byte[]>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param alertmanagers base URLs such as {@code http://alertmanager:9093}; {@code /api/v2/alerts} is appended
     * @param timeout per request
     * @param resendDelay how often firing alerts are sent again (Prometheus' {@code --rules.alert.resend-delay})
     */
    public AlertmanagerPusher(List<String> alertmanagers, Duration timeout, Duration resendDelay, String externalUrl,
            LongSupplier clock) {
        List<URI> uris = new ArrayList<>();
        for (String a : alertmanagers) {
            String base = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
            URI u = URI.create(base + "/api/v2/alerts");
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("alertmanager URL must be http(s), got \"" + a + "\"");
            }
            uris.add(u);
        }
        this.endpoints = List.copyOf(uris);
        this.timeout = timeout;
        this.resendDelayMs = resendDelay.toMillis();
        this.externalUrl = externalUrl;
        this.clock = clock;
    }

    public AlertmanagerPusher start() {
        for (URI u : endpoints) {
            LinkedBlockingDeque<byte[]> q = new LinkedBlockingDeque<>(QUEUE_CAPACITY);
            queues.add(q);
            workers.add(Thread.ofVirtual().name("sightline-alertmanager-" + u.getAuthority()).start(() -> run(u, q)));
        }
        return this;
    }

    @Override
    public Runnable prepare(Path rulesDir) {
        return () -> { };
    }

    @Override
    public void evaluated(Evaluation e) {
        if (endpoints.isEmpty()) {
            return;
        }
        String generator = externalUrl + "/api/v1/query?query=" + URLEncoder.encode(e.query(), StandardCharsets.UTF_8);
        long validUntil = e.ts() + 4 * Math.max(resendDelayMs, e.intervalMs());
        List<Object> batch = new ArrayList<>();
        lock.lock();
        try {
            for (Alert a : e.after()) {
                if (a.state() == AlertState.PENDING || (a.state() == AlertState.INACTIVE && a.firedAt() == 0)) {
                    continue;
                }
                String fp = NotifyAlert.fingerprint(a.labels());
                Long last = lastSent.get(fp);
                boolean due = last == null || a.resolvedAt() > last || last + resendDelayMs <= e.ts();
                if (!due) {
                    continue;
                }
                lastSent.put(fp, e.ts());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("labels", a.labels().toMap());
                m.put("annotations", new TreeMap<>(a.annotations()));
                m.put("startsAt", WebhookPayload.time(a.firedAt()));
                m.put("endsAt", WebhookPayload.time(a.state() == AlertState.FIRING ? validUntil : a.resolvedAt()));
                m.put("generatorURL", generator);
                batch.add(m);
            }
            // forget alerts the rules no longer report (resolved ones are kept by the rules for 15 minutes)
            lastSent.values().removeIf(t -> t < e.ts() - 3600_000L);
        } finally {
            lock.unlock();
        }
        if (batch.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(batch);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write alerts for Alertmanager", ex);
        }
        for (LinkedBlockingDeque<byte[]> q : queues) {
            while (!q.offerLast(body)) {
                q.pollFirst();
                dropped.incrementAndGet();
            }
        }
    }

    private void run(URI endpoint, LinkedBlockingDeque<byte[]> q) {
        while (!Thread.currentThread().isInterrupted()) {
            byte[] body;
            try {
                body = q.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json").header("User-Agent", "Sightline")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOG.warning(() -> "Alertmanager " + endpoint + " answered " + status);
                }
            } catch (IOException e) {
                failed.incrementAndGet();
                LOG.warning(() -> "Alertmanager " + endpoint + " not reached: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Batches acknowledged, failed (answer or connection), and dropped from a full queue. */
    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Stops the senders; batches still queued are dropped (the rules resend after a restart). Idempotent. */
    @Override
    public void close() {
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        client.close();
    }
}
