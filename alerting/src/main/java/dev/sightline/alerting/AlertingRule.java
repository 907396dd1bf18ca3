package dev.sightline.alerting;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An alerting rule and its alerts, one per label set of the expression's result. {@link #eval} runs the state
 * machine as Prometheus' {@code AlertingRule.Eval} does: a new series starts an alert in pending (firing at once
 * when {@code for} is 0); pending becomes firing once it has been active for {@code for}; a series that goes away
 * deletes a pending alert and resolves a firing one, unless {@code keep_firing_for} keeps it firing that much
 * longer; resolved alerts are kept 15 minutes (for resolved notifications), then forgotten. Thread-safe.
 */
public final class AlertingRule implements Rule {
    static final long RESOLVED_RETENTION_MS = 15 * 60_000;
    /** How far back exemplars count as evidence. */
    static final long EVIDENCE_WINDOW_MS = 10 * 60_000;

    private final String name;
    private final String query;
    private final Expr expr;
    private final long forMs;
    private final long keepFiringForMs;
    private final Map<String, Template> labels;
    private final Map<String, Template> annotations;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Labels, Alert> alerts = new HashMap<>();
    private volatile RuleHealth health = RuleHealth.UNKNOWN;

    AlertingRule(String name, String query, Expr expr, long forMs, long keepFiringForMs,
            Map<String, Template> labels, Map<String, Template> annotations) {
        this.name = name;
        this.query = query;
        this.expr = expr;
        this.forMs = forMs;
        this.keepFiringForMs = keepFiringForMs;
        this.labels = new TreeMap<>(labels);
        this.annotations = new LinkedHashMap<>(annotations);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Expr expr() {
        return expr;
    }

    public long forMs() {
        return forMs;
    }

    public long keepFiringForMs() {
        return keepFiringForMs;
    }

    @Override
    public Map<String, String> labels() {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, t) -> out.put(k, t.source()));
        return out;
    }

    public Map<String, String> annotations() {
        Map<String, String> out = new TreeMap<>();
        annotations.forEach((k, t) -> out.put(k, t.source()));
        return out;
    }

    @Override
    public RuleHealth health() {
        return health;
    }

    void health(RuleHealth h) {
        health = h;
    }

    /** Every alert the rule holds (pending, firing, and resolved in the last 15 minutes), sorted by labels. */
    public List<Alert> alerts() {
        lock.lock();
        try {
            List<Alert> out = new ArrayList<>(alerts.values());
            out.sort(Comparator.comparing(Alert::labels));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The rule's state: firing if any alert fires, else pending if any is pending, else inactive. */
    public AlertState state() {
        AlertState s = AlertState.INACTIVE;
        for (Alert a : alerts()) {
            if (a.state().ordinal() > s.ordinal()) {
                s = a.state();
            }
        }
        return s;
    }

    /** Replaces the alerts (carried over from the previous rules on a reload, or read from persisted state). */
    void restore(List<Alert> previous) {
        lock.lock();
        try {
            alerts.clear();
            for (Alert a : previous) {
                alerts.put(a.labels(), a);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Advances the state machine with the expression's result at {@code ts}.
     *
     * @return the alerts that started firing or resolved in this evaluation, for notifications
     * @throws IllegalStateException when two result series have the same labels once the rule's labels are set
     */
    List<Alert> eval(List<Sample> result, long ts, String externalUrl, Evidence evidence) {
        List<Alert> changed = new ArrayList<>();
        Map<Labels, Alert> current = new LinkedHashMap<>();
        for (Sample s : result) {
            Map<String, String> seriesLabels = s.labels().withoutName().toMap();
            Template.Data data = new Template.Data(seriesLabels, s.value(), Map.of(), externalUrl);
            Map<String, String> lbs = new TreeMap<>(seriesLabels);
            labels.forEach((k, t) -> lbs.put(k, expand(t, data, k)));
            lbs.put("alertname", name);
            Labels key = Labels.fromMap(lbs);
            Map<String, String> ann = new LinkedHashMap<>();
            annotations.forEach((k, t) -> ann.put(k, expand(t, data, k)));
            Evidence.Found found = evidence(evidence, Labels.fromMap(seriesLabels), ts);
            List<String> lines = found.logLines();
            if (!lines.isEmpty()) {
                ann.put("evidence_log_lines", String.join("\n", lines));
            }
            List<String> traces = found.traceIds();
            if (!traces.isEmpty()) {
                ann.put("evidence_trace_ids", String.join(",", traces));
                ann.put("evidence_url", externalUrl + "/trace/" + traces.getFirst());
            }
            if (current.put(key, new Alert(key, Map.copyOf(ann), AlertState.PENDING, s.value(), ts, 0, 0, 0))
                    != null) {
                throw new IllegalStateException(
                        "vector contains metrics with the same labelset after applying alert labels");
            }
        }
        lock.lock();
        try {
            for (Alert fresh : current.values()) {
                Alert old = alerts.get(fresh.labels());
                if (old != null && old.active()) {
                    alerts.put(fresh.labels(), new Alert(old.labels(), fresh.annotations(), old.state(),
                            fresh.value(), old.activeAt(), old.firedAt(), 0, 0));
                } else {
                    alerts.put(fresh.labels(), fresh);
                }
            }
            var it = alerts.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                Alert a = e.getValue();
                if (!current.containsKey(e.getKey())) {
                    if (keepFiringForMs > 0 && a.state() == AlertState.FIRING) {
                        long since = a.keepFiringSince() == 0 ? ts : a.keepFiringSince();
                        if (ts - since < keepFiringForMs) {
                            e.setValue(a.with(AlertState.FIRING, a.firedAt(), 0, since));
                            continue;
                        }
                    }
                    if (a.state() == AlertState.PENDING
                            || (a.resolvedAt() != 0 && ts - a.resolvedAt() > RESOLVED_RETENTION_MS)) {
                        it.remove();
                        continue;
                    }
                    if (a.state() != AlertState.INACTIVE) {
                        e.setValue(a.with(AlertState.INACTIVE, a.firedAt(), ts, 0));
                        changed.add(e.getValue());
                    }
                    continue;
                }
                if (a.state() == AlertState.PENDING && ts - a.activeAt() >= forMs) {
                    e.setValue(a.with(AlertState.FIRING, ts, 0, 0));
                    changed.add(e.getValue());
                }
            }
        } finally {
            lock.unlock();
        }
        changed.sort(Comparator.comparing(Alert::labels));
        return changed;
    }

    /** Evidence is a bonus: when it cannot be read, the alert goes out without it. */
    private Evidence.Found evidence(Evidence evidence, Labels seriesLabels, long ts) {
        try {
            return evidence.find(expr, seriesLabels, ts, EVIDENCE_WINDOW_MS);
        } catch (RuntimeException e) {
            return Evidence.Found.NONE;
        }
    }

    private static String expand(Template t, Template.Data data, String key) {
        try {
            return t.expand(data);
        } catch (TemplateException e) {
            return "<error expanding template " + key + ": " + e.getMessage() + ">";
        }
    }
}
