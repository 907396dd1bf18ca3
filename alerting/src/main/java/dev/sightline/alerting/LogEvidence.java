package dev.sightline.alerting;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.storage.logs.LogQueryException;
import dev.sightline.storage.logs.LogSearch;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.logs.StoredLog;
import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.Labels;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence for log rules: the {@value #MAX} newest records matching the rule's log selectors in their windows,
 * as lines ({@code <time> <severity> <service>: <body> trace_id=<id>}), and their trace IDs. Rules without log
 * selectors get {@code metrics}' evidence (exemplars). Thread-safe.
 */
public final class LogEvidence implements Evidence {
    static final int MAX = 3;
    private static final int MAX_BODY = 200;

    private final Evidence metrics;
    private final LogReader logs;

    public LogEvidence(Evidence metrics, LogReader logs) {
        this.metrics = metrics;
        this.logs = logs;
    }

    @Override
    public List<String> traceIds(Expr expr, Labels labels, long mint, long maxt) {
        return find(expr, labels, maxt, maxt - mint).traceIds();
    }

    @Override
    public List<String> logLines(Expr expr, Labels labels, long ts) {
        return find(expr, labels, ts, 0).logLines();
    }

    /** A log rule's evidence from one search for its newest matching records; other rules' from exemplars. */
    @Override
    public Found find(Expr expr, Labels labels, long ts, long windowMs) {
        List<LogSelectors.LogSelector> selectors = LogSelectors.of(expr);
        if (selectors.isEmpty()) {
            return new Found(metrics.traceIds(expr, labels, ts - windowMs, ts), List.of());
        }
        Set<String> ids = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (StoredLog r : newest(selectors, ts)) {
            String id = r.traceIdHex();
            if (id != null && ids.size() < MAX) {
                ids.add(id);
            }
            lines.add(line(r));
        }
        return new Found(List.copyOf(ids), lines);
    }

    private List<StoredLog> newest(List<LogSelectors.LogSelector> selectors, long ts) {
        List<StoredLog> out = new ArrayList<>();
        for (LogSelectors.LogSelector s : selectors) {
            long end = (ts + 1) * 1_000_000L;
            long start = (ts - s.rangeMs()) * 1_000_000L;
            try {
                out.addAll(logs.search(new LogSearch(s.query(), start, end, MAX, true, null)).records());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (LogQueryException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        out.sort((a, b) -> Long.compare(b.timeUnixNano(), a.timeUnixNano()));
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }

    static String line(StoredLog r) {
        StringBuilder sb = new StringBuilder();
        long t = r.timeUnixNano();
        sb.append(Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L)));
        String severity = r.record().getSeverityText();
        if (!severity.isEmpty()) {
            sb.append(' ').append(severity);
        }
        for (KeyValue kv : r.resource().getAttributesList()) {
            if (kv.getKey().equals("service.name")) {
                sb.append(' ').append(AnyValues.toText(kv.getValue())).append(':');
            }
        }
        String body = AnyValues.toText(r.record().getBody());
        sb.append(' ').append(body.length() > MAX_BODY ? body.substring(0, MAX_BODY) + "…" : body);
        String trace = r.traceIdHex();
        if (trace != null) {
            sb.append(" trace_id=").append(trace);
        }
        return sb.toString();
    }
}
