package dev.sightline.alerting.notify;

import dev.sightline.storage.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Alertmanager's dispatcher and notification log in one: alerts are routed to aggregation groups, and a group
 * that is due produces a notification for its receiver when Alertmanager's dedup stage would send one — new
 * firing alerts, alerts resolved since the last notification (with {@code send_resolved}), everything resolved,
 * or nothing changed for {@code repeat_interval}. Time comes only from the callers' {@code now}. Not
 * thread-safe: {@link Notifications} calls it under its lock.
 */
final class Dispatcher {
    /** Alertmanager keeps its notification log 120 hours. */
    static final long LOG_RETENTION_MS = 120 * 3600_000L;

    /** What the last notification of a group to a receiver said, as Alertmanager's nflog entry. */
    record LogEntry(Set<String> firing, Set<String> resolved, long at) {
        LogEntry {
            firing = Set.copyOf(firing);
            resolved = Set.copyOf(resolved);
        }
    }

    private record GroupId(String routeId, Labels groupLabels) {
    }

    private final String externalUrl;
    private final LongSupplier ids;
    private NotifyConfig config = NotifyConfig.EMPTY;
    private final Map<GroupId, AggregationGroup> groups = new LinkedHashMap<>();
    private final Map<String, LogEntry> log = new HashMap<>();

    Dispatcher(String externalUrl, LongSupplier ids) {
        this.externalUrl = externalUrl;
        this.ids = ids;
    }

    NotifyConfig config() {
        return config;
    }

    /**
     * Applies a new routing tree. Groups whose route is unchanged keep their timers; the alerts of the others are
     * routed again (the notification log still knows what was sent, so nothing is announced twice).
     */
    void configure(NotifyConfig c, long now) {
        config = c;
        Map<String, Route> routes = new HashMap<>();
        for (Route r : c.root().flatten()) {
            routes.put(r.id(), r);
        }
        List<NotifyAlert> orphans = new ArrayList<>();
        for (Iterator<AggregationGroup> it = groups.values().iterator(); it.hasNext();) {
            AggregationGroup g = it.next();
            Route r = routes.get(g.route.id());
            if (r == null || !sameGrouping(r, g.route)
                    || g.alerts.values().stream().anyMatch(a -> !r.groupLabels(a.labels()).equals(g.groupLabels))) {
                orphans.addAll(g.alerts.values());
                it.remove();
            }
        }
        for (NotifyAlert a : orphans) {
            put(a, now);
        }
    }

    private static boolean sameGrouping(Route a, Route b) {
        return a.key().equals(b.key()) && a.receiver().equals(b.receiver()) && a.groupWaitMs() == b.groupWaitMs()
                && a.groupIntervalMs() == b.groupIntervalMs() && a.repeatIntervalMs() == b.repeatIntervalMs();
    }

    /**
     * Routes one alert (firing, or resolved) to its groups. A resolved alert that no group holds is not news to
     * anyone and is ignored (the rules report resolved alerts for 15 minutes).
     */
    void put(NotifyAlert a, long now) {
        boolean resolved = a.resolved(now);
        for (Route r : config.root().match(a.labels())) {
            if (r.receiver().isEmpty()) {
                continue;
            }
            GroupId id = new GroupId(r.id(), r.groupLabels(a.labels()));
            AggregationGroup g = groups.get(id);
            if (g == null) {
                if (resolved) {
                    continue;
                }
                g = new AggregationGroup(r, id.groupLabels(), now + r.groupWaitMs(), false);
                groups.put(id, g);
            }
            g.put(a, now);
        }
    }

    /** The time of the next group flush, or {@code Long.MAX_VALUE} when there is no group. */
    long nextFlushAt() {
        long next = Long.MAX_VALUE;
        for (AggregationGroup g : groups.values()) {
            next = Math.min(next, g.nextFlushAt);
        }
        return next;
    }

    /** Flushes every group that is due at {@code now}; returns the notifications to deliver. */
    List<Notification> flushDue(long now) {
        List<Notification> out = new ArrayList<>();
        for (Iterator<AggregationGroup> it = groups.values().iterator(); it.hasNext();) {
            AggregationGroup g = it.next();
            if (g.nextFlushAt > now) {
                continue;
            }
            Notification n = flush(g, now);
            if (n != null) {
                out.add(n);
            }
            g.flushed = true;
            g.nextFlushAt = now + g.route.groupIntervalMs();
            g.alerts.values().removeIf(a -> a.resolved(now));
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
        log.values().removeIf(e -> e.at() < now - LOG_RETENTION_MS);
        return out;
    }

    private Notification flush(AggregationGroup g, long now) {
        Receiver receiver = config.receivers().get(g.route.receiver());
        boolean sendResolved = receiver == null || receiver.sendResolved();
        List<NotifyAlert> alerts = g.sorted();
        Set<String> firing = new HashSet<>();
        Set<String> resolved = new HashSet<>();
        for (NotifyAlert a : alerts) {
            (a.resolved(now) ? resolved : firing).add(a.fingerprint());
        }
        String key = g.key();
        String logKey = key + "\u0000" + g.route.receiver();
        LogEntry entry = log.get(logKey);
        if (!needsUpdate(entry, firing, resolved, sendResolved, g.route.repeatIntervalMs(), now)) {
            return null;
        }
        log.put(logKey, new LogEntry(firing, resolved, now));
        List<NotifyAlert> send = sendResolved ? alerts : alerts.stream().filter(a -> !a.resolved(now)).toList();
        if (send.isEmpty()) {
            return null;
        }
        byte[] body = WebhookPayload.json(g.route.receiver(), key, g.groupLabels, send, externalUrl, now);
        return new Notification(ids.getAsLong(), g.route.receiver(), key, new String(body, StandardCharsets.UTF_8),
                0, now);
    }

    /** Alertmanager's {@code DedupStage.needsUpdate}. */
    static boolean needsUpdate(LogEntry entry, Set<String> firing, Set<String> resolved, boolean sendResolved,
            long repeatMs, long now) {
        if (entry == null) {
            return !firing.isEmpty();
        }
        if (!entry.firing().containsAll(firing)) {
            return true;
        }
        if (firing.isEmpty()) {
            return !entry.firing().isEmpty();
        }
        if (sendResolved && !entry.resolved().containsAll(resolved)) {
            return true;
        }
        return entry.at() <= now - repeatMs;
    }

    Collection<AggregationGroup> groups() {
        return groups.values();
    }

    Map<String, LogEntry> log() {
        return log;
    }

    /** Puts back a group read from the state file; {@link #configure} later re-routes it if its route changed. */
    void restore(AggregationGroup g) {
        groups.put(new GroupId(g.route.id(), g.groupLabels), g);
    }
}
