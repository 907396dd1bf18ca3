package dev.sightline.ingest.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Passes request messages through as bytes, so the service decodes them itself: a malformed message then
 * becomes {@code INVALID_ARGUMENT} with a reason (gRPC's own protobuf marshaller would answer {@code INTERNAL}),
 * and the bytes can be logged without re-encoding. gRPC has already enforced the message size limit. Clients
 * (tests, the load generator) use it to send bytes as they are.
 */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
