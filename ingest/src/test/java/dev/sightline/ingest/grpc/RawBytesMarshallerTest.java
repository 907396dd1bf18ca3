package dev.sightline.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RawBytesMarshallerTest {
    private final RawBytesMarshaller marshaller = new RawBytesMarshaller();

    @Test
    void readsEveryByteWhateverTheStreamSaysItsLengthIs() {
        SplittableRandom random = new SplittableRandom(3);
        for (int size : new int[] {0, 1, 7, 8192, 100_000}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            assertThat(marshaller.parse(new ByteArrayInputStream(message))).isEqualTo(message);
            assertThat(marshaller.parse(new Known(message, size))).isEqualTo(message);
            // a stream that announces less than it holds, or more: still every byte, and only those
            assertThat(marshaller.parse(new Known(message, size / 2))).isEqualTo(message);
            assertThat(marshaller.parse(new Known(message, size + 5))).isEqualTo(message);
        }
    }

    @Test
    void streamsBackWhatItWasGiven() throws Exception {
        byte[] message = {1, 2, 3};
        try (InputStream in = marshaller.stream(message)) {
            assertThat(in.readAllBytes()).isEqualTo(message);
        }
    }

    /** A stream that reports {@code announced} as its length, as gRPC's message streams report theirs. */
    private static final class Known extends ByteArrayInputStream implements KnownLength {
        private final int announced;

        Known(byte[] bytes, int announced) {
            super(bytes);
            this.announced = announced;
        }

        @Override
        public synchronized int available() {
            return Math.max(0, announced - pos);
        }
    }
}
