package dev.sightline.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.sightline.storage.write.Receipt;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.Rejections;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The remote-write answer: validation rejections, then the store's, which arrive in the submit's receipt. */
class RemoteWriteReceiverTest {
    private static final long T = 1_700_000_000_000L;

    /** One series of one sample, as {@code prometheus.TimeSeries} (labels in the order given). */
    private static byte[] series(String... namesAndValues) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            out.writeByteArray(1, message(o -> {
                o.writeString(1, name);
                o.writeString(2, value);
            }));
        }
        out.writeByteArray(2, message(o -> {
            o.writeDouble(1, 1.5);
            o.writeInt64(2, T);
        }));
        out.flush();
        return bytes.toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A snappy-compressed {@code prometheus.WriteRequest} of these series. */
    private static byte[] body(byte[]... series) throws IOException {
        byte[] raw = message(o -> {
            for (byte[] s : series) {
                o.writeByteArray(1, s);
            }
        });
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        return Arrays.copyOf(out, c.compress(raw, 0, raw.length, out, 0, out.length));
    }

    private static RecordSink answering(Rejections rejections) {
        return (signal, payload, batch) -> CompletableFuture.completedFuture(new Receipt(7, rejections));
    }

    private static RemoteWriteReceiver.Result write(RecordSink sink, byte[] body) throws Exception {
        return new RemoteWriteReceiver(sink, 1 << 20).write(body).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theStoreRejectionsInTheReceiptFollowTheValidationRejections() throws Exception {
        byte[] body = body(series("__name__", "bad-name", "job", "a"), series("__name__", "up", "job", "a"));
        RemoteWriteReceiver.Result r = write(answering(new Rejections(1, "rejected 1 data points: too old")), body);
        assertThat(r).isEqualTo(new RemoteWriteReceiver.Result(2, "series {__name__=\"bad-name\", job=\"a\"}: invalid "
                + "metric name \"bad-name\"; rejected 1 data points: too old"));

        assertThat(write(answering(Rejections.NONE), body)).isEqualTo(new RemoteWriteReceiver.Result(1,
                "series {__name__=\"bad-name\", job=\"a\"}: invalid metric name \"bad-name\""));
    }

    @Test
    void onlyTheStoreRejectedOrNothingWasRejected() throws Exception {
        byte[] body = body(series("__name__", "up", "job", "a"));
        assertThat(write(answering(new Rejections(1, "rejected 1 data points: too old")), body))
                .isEqualTo(new RemoteWriteReceiver.Result(1, "rejected 1 data points: too old"));
        assertThat(write(answering(Rejections.NONE), body)).isEqualTo(new RemoteWriteReceiver.Result(0, ""));
    }
}
