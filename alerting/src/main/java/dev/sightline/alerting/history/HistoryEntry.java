package dev.sightline.alerting.history;

import dev.sightline.storage.model.Labels;
import java.util.List;
import java.util.Map;

/**
 * One state change of one alert. Immutable.
 *
 * @param time when it changed, epoch ms (the evaluation time)
 * @param state the new state: {@code pending}, {@code firing}, {@code resolved} (firing → inactive) or
 *     {@code inactive} (pending → inactive, the condition cleared before {@code for})
 * @param group the rule group
 * @param rule the rule's name (also the {@code alertname} label)
 * @param labels the alert's labels
 * @param annotations the alert's annotations at the change
 * @param value the expression's value at the change
 * @param activeAt when the alert became pending, epoch ms
 * @param traceIds the trace IDs the alert cited as evidence ({@code evidence_trace_ids})
 */
public record HistoryEntry(long time, String state, String group, String rule, Labels labels,
        Map<String, String> annotations, double value, long activeAt, List<String> traceIds) {
    public static final List<String> STATES = List.of("pending", "firing", "resolved", "inactive");

    public HistoryEntry {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + STATES + ", got \"" + state + "\"");
        }
        annotations = Map.copyOf(annotations);
        traceIds = List.copyOf(traceIds);
    }
}
