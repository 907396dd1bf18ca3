package dev.sightline.storage.logs;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * One log record as stored: everything the client sent about it, with its resource and scope.
 *
 * @param timeUnixNano the time the index sorts by: the record's time, or its observed time when time is 0
 */
public record StoredLog(Resource resource, String resourceSchemaUrl, InstrumentationScope scope,
        String scopeSchemaUrl, LogRecord record, long timeUnixNano) {

    /** The stored form: a {@code ResourceLogs} holding just this record. */
    byte[] encode() {
        return ResourceLogs.newBuilder()
                .setResource(resource)
                .setSchemaUrl(resourceSchemaUrl)
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope).setSchemaUrl(scopeSchemaUrl).addLogRecords(record))
                .build()
                .toByteArray();
    }

    static StoredLog decode(byte[] bytes) throws InvalidProtocolBufferException {
        ResourceLogs rl = ResourceLogs.parseFrom(bytes);
        ScopeLogs sl = rl.getScopeLogs(0);
        LogRecord r = sl.getLogRecords(0);
        return new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(), sl.getSchemaUrl(), r, effectiveTime(r));
    }

    /**
     * The trace ID this record is linked to, lower-case hex: its {@code trace_id} field, else a
     * {@code trace_id}/{@code traceId} attribute holding 32 hex digits; null when neither (or all zeros).
     */
    public String traceIdHex() {
        return LogDocuments.idHex(record.getTraceId(), record.getAttributesList(), 16, "trace_id", "traceId");
    }

    /** As {@link #traceIdHex()}, for the span ID ({@code span_id}/{@code spanId} attributes, 16 hex digits). */
    public String spanIdHex() {
        return LogDocuments.idHex(record.getSpanId(), record.getAttributesList(), 8, "span_id", "spanId");
    }

    /** The record's time, or its observed time when the time is 0 (OTLP: unknown); 0 when both are missing. */
    public static long effectiveTime(LogRecord r) {
        return r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
    }
}
