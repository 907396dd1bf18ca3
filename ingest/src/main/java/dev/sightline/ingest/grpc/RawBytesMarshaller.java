package dev.sightline.ingest.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

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
            if (stream instanceof KnownLength) {
                // gRPC's own message streams know their size: read into one array of it, not doubling buffers
                byte[] bytes = new byte[stream.available()];
                int n = stream.readNBytes(bytes, 0, bytes.length);
                if (n < bytes.length) {
                    return Arrays.copyOf(bytes, n);
                }
                int next = stream.read();
                if (next < 0) {
                    return bytes;
                }
                ByteArrayOutputStream more = new ByteArrayOutputStream(bytes.length * 2);
                more.write(bytes);
                more.write(next);
                stream.transferTo(more);
                return more.toByteArray();
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
