package dev.sightline.alerting;

import dev.sightline.query.promql.value.Sample;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The series rules write, as Prometheus writes them: a recording rule's result under its record name with its
 * labels; for every active alert {@code ALERTS{alertstate="pending"|"firing", …} 1} and
 * {@code ALERTS_FOR_STATE{…} <activeAt, Unix seconds>}. A series a rule wrote in its previous evaluation and not
 * in this one gets a staleness marker, so it disappears from queries at once instead of after the 5-minute
 * lookback (an alert that resolves, a pending alert that starts firing, a recorded series that goes away); so do
 * the series of rules removed by a reload. Rules are keyed by file, group, name and expression. Not thread-safe:
 * the rule manager calls it under its evaluation lock.
 */
final class RuleOutputs {
    static final String ALERTS = "ALERTS";
    static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";

    private final Map<String, Set<Labels>> previous = new HashMap<>();

    /** The samples of a recording rule's result. */
    static List<SeriesWriter.Output> recorded(RecordingRule r, List<Sample> result) {
        List<SeriesWriter.Output> out = new ArrayList<>();
        Set<Labels> seen = new LinkedHashSet<>();
        for (Sample s : result) {
            Map<String, String> lbs = new TreeMap<>(s.labels().toMap());
            lbs.putAll(r.labels());
            lbs.put(Labels.METRIC_NAME, r.name());
            Labels l = Labels.fromMap(lbs);
            if (!seen.add(l)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying "
                        + "rule labels: " + l);
            }
            out.add(new SeriesWriter.Output(l, s.value(), false));
        }
        return out;
    }

    /** {@code ALERTS} and {@code ALERTS_FOR_STATE} of the rule's active alerts. */
    static List<SeriesWriter.Output> alerts(List<Alert> alerts) {
        List<SeriesWriter.Output> out = new ArrayList<>();
        for (Alert a : alerts) {
            if (!a.active()) {
                continue;
            }
            Map<String, String> lbs = new TreeMap<>(a.labels().toMap());
            lbs.put(Labels.METRIC_NAME, ALERTS);
            lbs.put("alertstate", a.state() == AlertState.FIRING ? "firing" : "pending");
            out.add(new SeriesWriter.Output(Labels.fromMap(lbs), 1, false));
            lbs.remove("alertstate");
            lbs.put(Labels.METRIC_NAME, ALERTS_FOR_STATE);
            out.add(new SeriesWriter.Output(Labels.fromMap(lbs), Math.floorDiv(a.activeAt(), 1000), false));
        }
        return out;
    }

    /**
     * Adds staleness markers for the series {@code ruleKey} wrote last time and not in {@code current}, and
     * remembers {@code current} for next time.
     */
    List<SeriesWriter.Output> withStaleness(String ruleKey, List<SeriesWriter.Output> current) {
        Set<Labels> now = new LinkedHashSet<>();
        current.forEach(o -> now.add(o.labels()));
        List<SeriesWriter.Output> out = new ArrayList<>(current);
        for (Labels l : previous.getOrDefault(ruleKey, Set.of())) {
            if (!now.contains(l)) {
                out.add(new SeriesWriter.Output(l, 0, true));
            }
        }
        previous.put(ruleKey, now);
        return out;
    }

    /** Staleness markers for every series of rules not in {@code keep}; forgets those rules. */
    List<SeriesWriter.Output> forgetExcept(Set<String> keep) {
        List<SeriesWriter.Output> out = new ArrayList<>();
        var it = previous.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!keep.contains(e.getKey())) {
                e.getValue().forEach(l -> out.add(new SeriesWriter.Output(l, 0, true)));
                it.remove();
            }
        }
        return out;
    }
}
