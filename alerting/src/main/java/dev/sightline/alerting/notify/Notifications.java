package dev.sightline.alerting.notify;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertListener;
import dev.sightline.alerting.AlertState;
import dev.sightline.alerting.RuleLoadException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Webhook notifications as Alertmanager sends them: the rules' firing and resolved alerts are routed and grouped
 * ({@link Dispatcher}), due groups become notifications, and each receiver's queue is delivered by its own
 * sender ({@link DeliveryQueues}): 2xx acknowledges, other non-5xx answers are final, 5xx, timeouts and
 * connection errors are retried with exponential backoff and jitter up to the receiver's {@code max_attempts}.
 * Groups, the notification log and unacknowledged notifications are saved to the state file whenever they
 * change, so a notification that was due before a restart is sent after it (at least once).
 *
 * <p>All timing reads the injected clock; a ticker thread checks every 100 ms what is due (tests may call
 * {@link #tick()} instead). Lifecycle: construct, {@link #start()} (restores the state file), {@link #close()}
 * (stops sending, saves). Thread-safe.
 */
public final class Notifications implements AlertListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());
    private static final long TICK_MS = 100;
    /** Prometheus' resend delay: a firing alert not reported again within four of these counts as resolved. */
    private static final long RESEND_DELAY_MS = 60_000;

    private final String externalUrl;
    private final LongSupplier clock;
    private final NotifyStateFile stateFile;
    private final RandomGenerator jitter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Dispatcher dispatcher;
    private final DeliveryQueues queues = new DeliveryQueues();
    private final WebhookSender sender = new WebhookSender();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private ScheduledExecutorService ticker;
    private long nextId = 1;
    private boolean dirty;
    private boolean closed;

    /**
     * @param externalUrl Sightline's URL as users reach it, sent as {@code externalURL}
     * @param clock epoch milliseconds
     * @param stateFile where groups and pending notifications are kept, or null to keep them in memory only
     */
    public Notifications(String externalUrl, LongSupplier clock, Path stateFile) {
        this(externalUrl, clock, stateFile, RandomGenerator.getDefault());
    }

    Notifications(String externalUrl, LongSupplier clock, Path stateFile, RandomGenerator jitter) {
        this.externalUrl = externalUrl;
        this.clock = clock;
        this.stateFile = stateFile == null ? null : new NotifyStateFile(stateFile);
        this.jitter = jitter;
        this.dispatcher = new Dispatcher(externalUrl, () -> nextId++);
    }

    /** Restores the state file (a corrupt one is reported and ignored) and starts the ticker. */
    public Notifications start() {
        lock.lock();
        try {
            restore();
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sightline-notify");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::safeTick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
        return this;
    }

    private void restore() {
        if (stateFile == null) {
            return;
        }
        NotifyStateFile.State s;
        try {
            s = stateFile.read();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "notification state not restored, starting afresh: {0}", e.getMessage());
            return;
        }
        if (s == null) {
            return;
        }
        nextId = Math.max(nextId, s.nextId());
        s.groups().forEach(dispatcher::restore);
        dispatcher.log().putAll(s.log());
        s.queue().forEach(queues::add);
        if (!s.queue().isEmpty()) {
            LOG.info(() -> s.queue().size() + " notifications not yet acknowledged are sent again");
        }
    }

    @Override
    public Runnable prepare(Path rulesDir) throws RuleLoadException {
        NotifyConfig c = NotifyConfigLoader.loadFolder(rulesDir);
        return () -> configure(c);
    }

    /** Applies a routing tree and receivers; groups whose route changed are formed again. */
    public void configure(NotifyConfig c) {
        lock.lock();
        try {
            dispatcher.configure(c, clock.getAsLong());
            dirty = true;
        } finally {
            lock.unlock();
        }
    }

    public NotifyConfig config() {
        lock.lock();
        try {
            return dispatcher.config();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void evaluated(Evaluation e) {
        String generator = externalUrl + "/api/v1/query?query=" + URLEncoder.encode(e.query(), StandardCharsets.UTF_8);
        long validFor = 4 * Math.max(RESEND_DELAY_MS, e.intervalMs());
        lock.lock();
        try {
            for (Alert a : e.after()) {
                NotifyAlert n = toNotify(a, e.ts(), validFor, generator);
                if (n != null) {
                    dispatcher.put(n, e.ts());
                    dirty = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A firing or resolved alert of the rules as Alertmanager's model; null for pending ones. */
    static NotifyAlert toNotify(Alert a, long ts, long validFor, String generatorUrl) {
        if (a.state() == AlertState.FIRING) {
            return new NotifyAlert(a.labels(), a.annotations(), a.value(), a.firedAt(), 0, ts + validFor,
                    generatorUrl);
        }
        if (a.state() == AlertState.INACTIVE && a.resolvedAt() != 0 && a.firedAt() != 0) {
            return new NotifyAlert(a.labels(), a.annotations(), a.value(), a.firedAt(), a.resolvedAt(), 0,
                    generatorUrl);
        }
        return null;
    }

    /** Flushes due groups, starts due deliveries, saves what changed. */
    public void tick() {
        List<Notification> start;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = clock.getAsLong();
            List<Notification> fresh = dispatcher.flushDue(now);
            for (Notification n : fresh) {
                queues.add(n);
                dirty = true;
            }
            start = queues.takeDue(now);
            save();
        } finally {
            lock.unlock();
        }
        for (Notification n : start) {
            try {
                senders.execute(() -> attempt(n));
            } catch (RejectedExecutionException e) {
                finished(n, n, "closing");
            }
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw t;
            }
            LOG.log(Level.WARNING, "notification tick failed", t);
        }
    }

    private void attempt(Notification n) {
        Receiver r = config().receivers().get(n.receiver());
        if (r == null) {
            LOG.warning(() -> "notification for group " + n.groupKey() + " dropped: receiver \"" + n.receiver()
                    + "\" is no longer configured");
            dropped.incrementAndGet();
            finished(n, null, null);
            return;
        }
        WebhookSender.Outcome o;
        try {
            o = sender.send(r, n.body().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            // closing: the notification stays queued and is saved, so the next start sends it
            finished(n, n, "closing");
            return;
        }
        switch (o) {
            case WebhookSender.Outcome.Delivered d -> {
                delivered.incrementAndGet();
                finished(n, null, null);
            }
            case WebhookSender.Outcome.Refused f -> {
                dropped.incrementAndGet();
                LOG.warning(() -> "receiver " + r.name() + " refused a notification with " + f.status()
                        + "; not retried");
                finished(n, null, null);
            }
            case WebhookSender.Outcome.Failed f -> {
                if (n.attempts() + 1 >= r.maxAttempts()) {
                    dropped.incrementAndGet();
                    LOG.warning(() -> "receiver " + r.name() + " did not accept a notification after "
                            + r.maxAttempts() + " attempts (last: " + f.reason() + "); dropped");
                    finished(n, null, null);
                } else {
                    long at = clock.getAsLong() + backoff(r, n.attempts() + 1);
                    LOG.log(Level.FINE, () -> "receiver " + r.name() + " attempt " + (n.attempts() + 1)
                            + " failed: " + f.reason());
                    finished(n, n.retried(at), null);
                }
            }
        }
        tick();
    }

    /** The delay before attempt {@code failed + 1}: the initial backoff doubled per failure up to 32×, + ≤50%. */
    long backoff(Receiver r, int failed) {
        long base = r.initialBackoff().toMillis() << Math.min(failed - 1, 5);
        return base + jitter.nextLong(base / 2 + 1);
    }

    private void finished(Notification n, Notification retry, String why) {
        lock.lock();
        try {
            queues.finished(n, retry);
            dirty = true;
            if (why == null || !closed) {
                save();
            }
        } finally {
            lock.unlock();
        }
    }

    private void save() {
        if (!dirty || stateFile == null) {
            return;
        }
        try {
            stateFile.write(new NotifyStateFile.State(nextId, List.copyOf(dispatcher.groups()), dispatcher.log(),
                    queues.all()));
            dirty = false;
        } catch (IOException e) {
            LOG.warning("notification state not saved to " + stateFile.path() + ": " + e.getMessage());
        }
    }

    /** Notifications acknowledged with a 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** Notifications given up on (4xx, attempts exhausted, receiver gone). */
    public long dropped() {
        return dropped.get();
    }

    /** Notifications waiting for their receiver. */
    public int queued() {
        lock.lock();
        try {
            return queues.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the ticker and the senders (attempts in flight stay queued), then saves. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
            if (ticker != null) {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            dirty = true;
            save();
        } finally {
            lock.unlock();
        }
        sender.close();
    }
}
