package dev.sightline.storage.write;

import dev.sightline.storage.model.Signal;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import java.io.IOException;

/**
 * What a record of the {@link RecordLog} holds, by its type byte (stable: written to disk, never renumbered). The
 * three OTLP types keep their signal's code; a remote-write record keeps the request body as received (snappy,
 * {@code prometheus.WriteRequest}), so ingest neither converts nor re-encodes it. Stores take records by
 * {@link #signal()} and get the decoded batch: the OTLP export request, or a {@link RemoteWriteBatch}.
 */
public enum RecordType {
    TRACES((byte) 1, Signal.TRACES),
    LOGS((byte) 2, Signal.LOGS),
    METRICS((byte) 3, Signal.METRICS),
    REMOTE_WRITE((byte) 4, Signal.METRICS);

    /** Decoding a logged remote-write body again never inflates past this (the WAL's payload ceiling). */
    private static final int MAX_REMOTE_WRITE_BYTES = 256 << 20;

    private final byte code;
    private final Signal signal;

    RecordType(byte code, Signal signal) {
        this.code = code;
        this.signal = signal;
    }

    public byte code() {
        return code;
    }

    public Signal signal() {
        return signal;
    }

    /** The OTLP record type of {@code signal}. */
    public static RecordType otlp(Signal signal) {
        return switch (signal) {
            case TRACES -> TRACES;
            case LOGS -> LOGS;
            case METRICS -> METRICS;
        };
    }

    public static RecordType ofCode(byte code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown record type " + code);
    }

    /** Decodes a logged payload of this type (replay). */
    public Object decode(byte[] payload) throws IOException {
        return this == REMOTE_WRITE ? RemoteWriteBatch.decode(payload, MAX_REMOTE_WRITE_BYTES)
                : signal.parse(payload);
    }
}
