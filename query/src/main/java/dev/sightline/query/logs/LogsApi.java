package dev.sightline.query.logs;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.query.traces.TraceApi;
import dev.sightline.storage.logs.LogCursor;
import dev.sightline.storage.logs.LogPage;
import dev.sightline.storage.logs.LogQueryException;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.logs.LogSearch;
import dev.sightline.storage.logs.ValueCount;
import dev.sightline.storage.model.TraceId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Log search over HTTP. Every endpoint takes {@code start} and {@code end} (default: the last hour; see
 * {@link TimeParams} for the forms) except the trace's logs, which need no window. Bad parameters and
 * queries that do not parse or would cost too much get 400 with {@code {"error": "<reason>"}}.
 */
public final class LogsApi {
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final int DEFAULT_LIMIT = 100;
    private static final int DEFAULT_BUCKETS = 60;

    private final LogReader logs;
    private final LongSupplier nowNanos;

    public LogsApi(LogReader logs) {
        this(logs, () -> System.currentTimeMillis() * 1_000_000L);
    }

    LogsApi(LogReader logs, LongSupplier nowNanos) {
        this.logs = logs;
        this.nowNanos = nowNanos;
    }

    public void register(Router router) {
        router.get("/api/logs/search", this::search);
        router.get("/api/logs/histogram", this::histogram);
        router.get("/api/logs/fields", this::fields);
        router.get("/api/logs/fields/{name}/values", this::values);
        router.get("/api/traces/{traceId}/logs", this::traceLogs);
    }

    /** start and end of the request, end exclusive; the last hour by default. */
    private long[] window(ApiRequest r) {
        long end = TimeParams.time("end", r.param("end"), nowNanos.getAsLong());
        long start = TimeParams.time("start", r.param("start"), end - HOUR_NANOS);
        if (end < start) {
            throw new IllegalArgumentException("end (" + r.param("end") + ") must not be before start ("
                    + r.param("start") + ")");
        }
        return new long[] {start, end};
    }

    ApiResponse search(ApiRequest r) throws IOException {
        return answer(() -> {
            long[] w = window(r);
            int limit = TimeParams.integer("limit", r.param("limit"), DEFAULT_LIMIT, 1, LogSearch.MAX_LIMIT);
            String order = r.param("order") == null ? "desc" : r.param("order");
            if (!order.equals("desc") && !order.equals("asc")) {
                throw new IllegalArgumentException("order must be desc or asc, got \"" + order + "\"");
            }
            LogCursor after = cursor(r);
            LogPage page = logs.search(new LogSearch(r.param("query"), w[0], w[1], limit, order.equals("desc"), after));
            return TraceApi.json(200, g -> LogJson.writePage(g, page));
        });
    }

    ApiResponse histogram(ApiRequest r) throws IOException {
        return answer(() -> {
            long[] w = window(r);
            long defaultStep = Math.max(1_000_000L, (w[1] - w[0] + DEFAULT_BUCKETS - 1) / DEFAULT_BUCKETS);
            long step = TimeParams.duration("step", r.param("step"), defaultStep);
            long[] counts = logs.histogram(r.param("query"), w[0], w[1], step);
            return TraceApi.json(200, g -> {
                g.writeStartObject();
                g.writeStringField("start", Long.toString(w[0]));
                g.writeStringField("end", Long.toString(w[1]));
                g.writeStringField("stepNanos", Long.toString(step));
                g.writeArrayFieldStart("buckets");
                for (int i = 0; i < counts.length; i++) {
                    long t = w[0] + i * step;
                    g.writeStartObject();
                    g.writeStringField("timeUnixNano", Long.toString(t));
                    g.writeStringField("time", Instant.ofEpochSecond(0, t).toString());
                    g.writeNumberField("count", counts[i]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        });
    }

    ApiResponse fields(ApiRequest r) throws IOException {
        return answer(() -> {
            long[] w = window(r);
            List<String> names = logs.fields(w[0], w[1]);
            return TraceApi.json(200, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("fields");
                for (String n : names) {
                    g.writeString(n);
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        });
    }

    ApiResponse values(ApiRequest r) throws IOException {
        return answer(() -> {
            long[] w = window(r);
            String field = r.pathParam("name");
            int limit = TimeParams.integer("limit", r.param("limit"), 10, 1, 1000);
            List<ValueCount> top = logs.topValues(field, r.param("query"), w[0], w[1], limit);
            return TraceApi.json(200, g -> {
                g.writeStartObject();
                g.writeStringField("field", field);
                g.writeArrayFieldStart("values");
                for (ValueCount v : top) {
                    g.writeStartObject();
                    g.writeStringField("value", v.value());
                    g.writeNumberField("count", v.count());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        });
    }

    ApiResponse traceLogs(ApiRequest r) throws IOException {
        return answer(() -> {
            TraceId id;
            try {
                id = TraceId.parse(r.pathParam("traceId"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed trace ID: " + e.getMessage());
            }
            int limit = TimeParams.integer("limit", r.param("limit"), LogSearch.MAX_LIMIT, 1, LogSearch.MAX_LIMIT);
            LogPage page = logs.byTrace(id.hex(), limit, cursor(r));
            return TraceApi.json(200, g -> LogJson.writePage(g, page));
        });
    }

    private static LogCursor cursor(ApiRequest r) throws LogQueryException {
        String c = r.param("cursor");
        return c == null || c.isEmpty() ? null : LogCursor.decode(c);
    }

    private static ApiResponse answer(Handler h) throws IOException {
        try {
            return h.run();
        } catch (LogQueryException | IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    static ApiResponse error(int status, String message) throws IOException {
        return TraceApi.json(status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    @FunctionalInterface
    private interface Handler {
        ApiResponse run() throws IOException, LogQueryException;
    }
}
