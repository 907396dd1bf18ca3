package dev.sightline.ingest.otlp;

import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks each log record of an export and keeps the valid ones. A record is rejected when its trace ID is set
 * but not 16 bytes, its span ID is set but not 8 bytes, both its time and observed time are missing, or a
 * time that is set is absurd (before 1990, more than a day ahead). Empty IDs are fine: most logs have none.
 *
 * @param accepted the request with only the valid records (the same object when all are valid)
 * @param acceptedRecords how many records were kept
 * @param rejectedRecords how many were dropped
 * @param errorMessage why, for {@code partial_success.error_message}; empty when nothing was rejected
 */
public record LogValidation(ExportLogsServiceRequest accepted, int acceptedRecords, int rejectedRecords,
        String errorMessage) {
    private static final int MAX_REASONS = 3;

    public static LogValidation of(ExportLogsServiceRequest request) {
        long now = System.currentTimeMillis() * 1_000_000L;
        int total = 0;
        boolean anyInvalid = false;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    total++;
                    anyInvalid |= problem(r, now) != null;
                }
            }
        }
        if (!anyInvalid) {
            return new LogValidation(request, total, 0, "");
        }
        Set<String> reasons = new LinkedHashSet<>();
        int rejected = 0;
        int index = 0;
        ExportLogsServiceRequest.Builder out = ExportLogsServiceRequest.newBuilder();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            ResourceLogs.Builder rlOut = rl.toBuilder().clearScopeLogs();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                ScopeLogs.Builder slOut = sl.toBuilder().clearLogRecords();
                for (LogRecord r : sl.getLogRecordsList()) {
                    String problem = problem(r, now);
                    if (problem == null) {
                        slOut.addLogRecords(r);
                    } else {
                        rejected++;
                        if (reasons.size() < MAX_REASONS) {
                            reasons.add("log record " + index + ": " + problem);
                        }
                    }
                    index++;
                }
                if (slOut.getLogRecordsCount() > 0) {
                    rlOut.addScopeLogs(slOut);
                }
            }
            if (rlOut.getScopeLogsCount() > 0) {
                out.addResourceLogs(rlOut);
            }
        }
        String message = "rejected " + rejected + " of " + total + " log records: " + String.join("; ", reasons)
                + (rejected > reasons.size() ? "; …" : "");
        return new LogValidation(out.build(), total - rejected, rejected, message);
    }

    /** Why the record is invalid, or null when it is valid. {@code nowNanos} is the receiving clock. */
    static String problem(LogRecord r, long nowNanos) {
        if (!r.getTraceId().isEmpty() && r.getTraceId().size() != 16) {
            return "trace ID must be empty or 16 bytes, got " + r.getTraceId().size() + " ("
                    + HexIds.toHex(r.getTraceId()) + ")";
        }
        if (!r.getSpanId().isEmpty() && r.getSpanId().size() != 8) {
            return "span ID must be empty or 8 bytes, got " + r.getSpanId().size() + " (" + HexIds.toHex(r.getSpanId())
                    + ")";
        }
        if (r.getTimeUnixNano() == 0 && r.getObservedTimeUnixNano() == 0) {
            return "time and observed time are both missing";
        }
        String t = absurd("time", r.getTimeUnixNano(), nowNanos);
        return t != null ? t : absurd("observed time", r.getObservedTimeUnixNano(), nowNanos);
    }

    private static String absurd(String what, long nanos, long nowNanos) {
        if (nanos == 0) {
            return null;
        }
        if (Long.compareUnsigned(nanos, TraceValidation.EARLIEST_NANOS) < 0
                || Long.compareUnsigned(nanos, nowNanos + TraceValidation.FUTURE_TOLERANCE_NANOS) > 0) {
            return what + " " + Long.toUnsignedString(nanos) + " ns is outside the accepted range "
                    + "(after 1990-01-01 and at most one day in the future)";
        }
        return null;
    }
}
