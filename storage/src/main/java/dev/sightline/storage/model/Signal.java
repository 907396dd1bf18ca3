package dev.sightline.storage.model;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * The three kinds of telemetry. Each has a stable one-byte code used in the write-ahead log, so the codes
 * must never be renumbered.
 */
public enum Signal {
    TRACES((byte) 1, "traces"),
    LOGS((byte) 2, "logs"),
    METRICS((byte) 3, "metrics");

    private final byte code;
    private final String label;

    Signal(byte code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The byte written to the WAL for records of this signal. */
    public byte code() {
        return code;
    }

    /** The lower-case name used in paths, metrics and messages. */
    public String label() {
        return label;
    }

    public static Signal ofCode(byte code) {
        for (Signal s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown signal code " + code);
    }

    /** Parses a WAL payload of this signal: the OTLP export request, as protobuf. */
    public Message parse(byte[] payload) throws InvalidProtocolBufferException {
        return switch (this) {
            case TRACES -> ExportTraceServiceRequest.parseFrom(payload);
            case LOGS -> ExportLogsServiceRequest.parseFrom(payload);
            case METRICS -> ExportMetricsServiceRequest.parseFrom(payload);
        };
    }
}
