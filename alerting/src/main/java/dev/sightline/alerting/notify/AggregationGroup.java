package dev.sightline.alerting.notify;

import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one route that share the values of the route's {@code group_by} labels, as Alertmanager's
 * aggregation group: first notified {@code group_wait} after it is created (at once when its first alert started
 * longer ago than that), then checked every {@code group_interval}. Not thread-safe: the dispatcher guards it.
 */
final class AggregationGroup {
    final Route route;
    final Labels groupLabels;
    final Map<String, NotifyAlert> alerts = new LinkedHashMap<>();
    long nextFlushAt;
    boolean flushed;

    AggregationGroup(Route route, Labels groupLabels, long nextFlushAt, boolean flushed) {
        this.route = route;
        this.groupLabels = groupLabels;
        this.nextFlushAt = nextFlushAt;
        this.flushed = flushed;
    }

    /** Alertmanager's group key: the route's key, ":", then the group labels as {@code {a="x", b="y"}}. */
    String key() {
        return key(route, groupLabels);
    }

    static String key(Route route, Labels groupLabels) {
        StringBuilder b = new StringBuilder(route.key()).append(":{");
        for (int i = 0; i < groupLabels.size(); i++) {
            b.append(i > 0 ? ", " : "").append(groupLabels.name(i)).append("=\"")
                    .append(groupLabels.value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return b.append('}').toString();
    }

    void put(NotifyAlert a, long now) {
        alerts.put(a.fingerprint(), a);
        if (!flushed && a.startsAt() + route.groupWaitMs() < now) {
            nextFlushAt = Math.min(nextFlushAt, now);
        }
    }

    /** The alerts in Alertmanager's order (by labels). */
    List<NotifyAlert> sorted() {
        List<NotifyAlert> out = new ArrayList<>(alerts.values());
        out.sort(Comparator.comparing(NotifyAlert::labels));
        return out;
    }
}
