package dev.sightline.storage.model;

import com.google.protobuf.ByteString;

/**
 * A 16-byte trace ID. Parsing accepts the forms people paste: 32 hex digits, or fewer (Jaeger and Zipkin
 * print 64-bit IDs as 16 digits and drop leading zeros), which are left-padded with zeros.
 */
public record TraceId(ByteString bytes) {
    public static final int LENGTH = 16;

    public TraceId {
        if (bytes.size() != LENGTH) {
            throw new IllegalArgumentException("trace ID must be 16 bytes, got " + bytes.size());
        }
    }

    /**
     * Parses a hex trace ID.
     *
     * @throws IllegalArgumentException naming the value when it is empty, longer than 32 digits, not hex, or
     *     all zeros
     */
    public static TraceId parse(String hex) {
        if (hex.isEmpty() || hex.length() > 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "trace ID must be 1 to 32 hex digits, got \"" + hex + "\" (" + hex.length() + " characters)");
        }
        String padded = "0".repeat(2 * LENGTH - hex.length()) + hex;
        byte[] raw = HexIds.fromHex(padded);
        ByteString bytes = ByteString.copyFrom(raw);
        if (HexIds.isAllZero(bytes)) {
            throw new IllegalArgumentException("trace ID must not be all zeros, got \"" + hex + "\"");
        }
        return new TraceId(bytes);
    }

    public String hex() {
        return HexIds.toHex(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
