package dev.sightline.server.config;

/**
 * The OTLP receivers.
 *
 * @param grpcPort OTLP/gRPC port; 0 picks a free port
 * @param httpPort OTLP/HTTP port; 0 picks a free port
 * @param maxBodySize largest request body (after decompression) accepted on either port
 */
public record IngestConfig(int grpcPort, int httpPort, ByteSize maxBodySize) {
    /** Request bodies are buffered whole and Netty and gRPC size them with an {@code int}. */
    static final ByteSize MAX_BODY_SIZE_LIMIT = ByteSize.ofBytes(Integer.MAX_VALUE);

    public IngestConfig {
        checkPort("ingest.grpc_port", grpcPort);
        checkPort("ingest.http_port", httpPort);
        if (maxBodySize == null || maxBodySize.bytes() < 1 || maxBodySize.compareTo(MAX_BODY_SIZE_LIMIT) > 0) {
            throw new IllegalArgumentException("ingest.max_body_size must be in 1B.." + MAX_BODY_SIZE_LIMIT.bytes()
                    + "B, got " + maxBodySize);
        }
    }

    public static IngestConfig defaults() {
        return new IngestConfig(4317, 4318, ByteSize.ofMebibytes(16));
    }

    static void checkPort(String key, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(key + " must be in 0..65535 (0 picks a free port), got " + port);
        }
    }
}
