package dev.sightline.storage.prometheus;

import java.io.IOException;

/** A remote-write body that is not snappy or not a {@code prometheus.WriteRequest}; the message says where. */
public final class MalformedRemoteWriteException extends IOException {
    public MalformedRemoteWriteException(String message) {
        super(message);
    }
}
