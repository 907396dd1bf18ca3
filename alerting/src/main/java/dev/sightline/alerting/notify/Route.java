package dev.sightline.alerting.notify;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the routing tree, as Alertmanager's {@code route}: alerts whose labels satisfy {@code matchers} go to
 * the first matching child (and on to later ones while a matching child has {@code continue}), or to this node
 * when no child matches. Timing and grouping are inherited from the parent unless set. Immutable.
 *
 * @param id the node's position in the tree ("0", "0.1", …), stable for a given file, used in persisted state
 * @param key Alertmanager's route key: the parent's key, "/", then the sorted matchers in braces
 * @param receiver the receiver's name
 * @param groupBy the label names alerts are grouped by; ignored when {@code groupByAll}
 * @param groupByAll {@code group_by: ['...']}: every label, so each alert is its own group
 * @param groupWaitMs how long a new group waits for more alerts before its first notification
 * @param groupIntervalMs how long after a notification a group waits before notifying about changes
 * @param repeatIntervalMs how long after a notification an unchanged firing group is notified again
 * @param continueMatching {@code continue}: siblings after this one are tried too
 */
public record Route(String id, String key, String receiver, List<Matcher> matchers, List<String> groupBy,
        boolean groupByAll, long groupWaitMs, long groupIntervalMs, long repeatIntervalMs, boolean continueMatching,
        List<Route> routes) {
    public static final long DEFAULT_GROUP_WAIT_MS = 30_000;
    public static final long DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000;
    public static final long DEFAULT_REPEAT_INTERVAL_MS = 4 * 3600_000;

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes an alert with {@code labels} goes to, as Alertmanager's {@code Route.Match}. */
    public List<Route> match(Labels labels) {
        if (!Matcher.matchAll(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> m = child.match(labels);
            all.addAll(m);
            if (!m.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The labels of {@code alert} this route groups by. */
    public Labels groupLabels(Labels alert) {
        if (groupByAll) {
            return alert;
        }
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String n : groupBy) {
            if (alert.has(n)) {
                out.put(n, alert.get(n));
            }
        }
        return Labels.fromMap(out);
    }

    /** Every node of the tree, depth first. */
    public List<Route> flatten() {
        List<Route> out = new ArrayList<>();
        out.add(this);
        for (Route r : routes) {
            out.addAll(r.flatten());
        }
        return out;
    }

    /** Alertmanager's key of a child with {@code matchers} under {@code parentKey} (null for the root). */
    static String key(String parentKey, List<Matcher> matchers) {
        List<Matcher> sorted = new ArrayList<>(matchers);
        sorted.sort(java.util.Comparator.comparing(Matcher::name).thenComparing(Matcher::value)
                .thenComparing(Matcher::type));
        StringBuilder b = new StringBuilder();
        if (parentKey != null) {
            b.append(parentKey).append('/');
        }
        b.append('{');
        for (int i = 0; i < sorted.size(); i++) {
            b.append(i > 0 ? "," : "").append(sorted.get(i));
        }
        return b.append('}').toString();
    }
}
