package dev.sightline.alerting.history;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertListener.Evaluation;
import dev.sightline.alerting.AlertState;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The state changes one evaluation made, found by comparing a rule's alerts before and after it. Stateless. */
final class Transitions {
    private Transitions() {
    }

    static List<HistoryEntry> of(Evaluation e) {
        Map<Labels, Alert> before = new HashMap<>();
        for (Alert a : e.before()) {
            before.put(a.labels(), a);
        }
        Map<Labels, Alert> after = new HashMap<>();
        List<HistoryEntry> out = new ArrayList<>();
        for (Alert a : e.after()) {
            after.put(a.labels(), a);
            Alert b = before.get(a.labels());
            AlertState was = b == null ? AlertState.INACTIVE : b.state();
            if (a.state() == was) {
                continue;
            }
            switch (a.state()) {
                case PENDING -> out.add(entry(e, a, "pending"));
                case FIRING -> out.add(entry(e, a, "firing"));
                case INACTIVE -> out.add(entry(e, a, was == AlertState.FIRING ? "resolved" : "inactive"));
            }
        }
        for (Alert b : e.before()) {
            if (b.state() == AlertState.PENDING && !after.containsKey(b.labels())) {
                out.add(entry(e, b, "inactive"));
            }
        }
        return out;
    }

    private static HistoryEntry entry(Evaluation e, Alert a, String state) {
        String ids = a.annotations().getOrDefault("evidence_trace_ids", "");
        List<String> traces = ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new HistoryEntry(e.ts(), state, e.group(), e.rule(), a.labels(), a.annotations(), a.value(),
                a.activeAt(), traces);
    }
}
