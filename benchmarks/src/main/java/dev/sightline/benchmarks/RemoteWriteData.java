package dev.sightline.benchmarks;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * The {@link MetricData} scrape as a Prometheus remote-write 1.0 request ({@code prometheus.WriteRequest},
 * snappy block-compressed): the same series, values and sample count, named as Sightline names the OTLP
 * version ({@code node_cpu_seconds_total}, {@code node_memory_active_bytes},
 * {@code http_server_request_duration_seconds_bucket/_sum/_count}; {@code job}, {@code instance}), so one stream
 * can be sent to Sightline, Prometheus and VictoriaMetrics alike.
 */
public final class RemoteWriteData {
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};
    private static final String[] LE = new String[BOUNDS.length + 1];

    static {
        for (int b = 0; b < BOUNDS.length; b++) {
            LE[b] = Double.toString(BOUNDS[b]);
        }
        LE[BOUNDS.length] = "+Inf";
    }

    private RemoteWriteData() {
    }

    /** As {@link MetricData#scrape}, at {@code timeMillis}: the snappy-compressed request body. */
    public static byte[] scrape(int firstInstance, int instances, int seriesPerInstance, long timeMillis,
            long scrapeIndex) {
        return scrape(i -> firstInstance + i, instances, seriesPerInstance, timeMillis, scrapeIndex);
    }

    /**
     * As {@link MetricData#scrape(IntUnaryOperator, int, int, long, long)}: instance number {@code instanceAt(i)}
     * for the i-th of {@code instances}, so a caller can scrape any set of instances without keeping their names.
     */
    public static byte[] scrape(IntUnaryOperator instanceAt, int instances, int seriesPerInstance, long timeMillis,
            long scrapeIndex) {
        try {
            Writer w = new Writer(instances * MetricData.samplesPerInstance(seriesPerInstance) * 96);
            for (int i = 0; i < instances; i++) {
                int inst = instanceAt.applyAsInt(i);
                String instance = "host-" + inst + ":9100";
                for (int s = 0; s < seriesPerInstance; s++) {
                    String cpu = Integer.toString(s);
                    if (s % 2 == 0) {
                        w.series(timeMillis, scrapeIndex * 15.0 * (0.2 + 0.01 * s) + inst,
                                "__name__", "node_cpu_seconds_total", "cpu", cpu, "instance", instance, "job", "node");
                    } else {
                        w.series(timeMillis, 1_000_000_000.0 + (inst * 7919 + scrapeIndex * 4096) % 65536,
                                "__name__", "node_memory_active_bytes", "cpu", cpu, "instance", instance, "job", "node");
                    }
                }
                long cumulative = 0;
                for (int b = 0; b <= BOUNDS.length; b++) {
                    cumulative += scrapeIndex * (b + 1);
                    w.series(timeMillis, cumulative, "__name__", "http_server_request_duration_seconds_bucket",
                            "instance", instance, "job", "node", "le", LE[b]);
                }
                w.series(timeMillis, cumulative * 0.1, "__name__", "http_server_request_duration_seconds_sum",
                        "instance", instance, "job", "node");
                w.series(timeMillis, cumulative, "__name__", "http_server_request_duration_seconds_count",
                        "instance", instance, "job", "node");
            }
            return w.compressed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes TimeSeries messages (field 1 of WriteRequest) into one growing buffer. */
    private static final class Writer {
        private final Bytes bytes;
        private final CodedOutputStream out;
        private final byte[] scratch = new byte[4096];

        Writer(int estimate) {
            bytes = new Bytes(estimate);
            out = CodedOutputStream.newInstance(bytes, 8192);
        }

        /** One series with one sample; labels as name, value pairs, already sorted by name. */
        void series(long timeMillis, double value, String... labels) throws IOException {
            CodedOutputStream ts = CodedOutputStream.newInstance(scratch);
            for (int i = 0; i < labels.length; i += 2) {
                ts.writeTag(1, 2);
                ts.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, labels[i])
                        + CodedOutputStream.computeStringSize(2, labels[i + 1]));
                ts.writeString(1, labels[i]);
                ts.writeString(2, labels[i + 1]);
            }
            ts.writeTag(2, 2);
            ts.writeUInt32NoTag(CodedOutputStream.computeDoubleSize(1, value)
                    + CodedOutputStream.computeInt64Size(2, timeMillis));
            ts.writeDouble(1, value);
            ts.writeInt64(2, timeMillis);
            out.writeByteArray(1, scratch, 0, ts.getTotalBytesWritten());
        }

        byte[] compressed() throws IOException {
            out.flush();
            SnappyCompressor snappy = new SnappyCompressor();
            byte[] compressed = new byte[snappy.maxCompressedLength(bytes.size())];
            int n = snappy.compress(bytes.array(), 0, bytes.size(), compressed, 0, compressed.length);
            return Arrays.copyOf(compressed, n);
        }
    }

    /** A byte array output stream whose array can be read without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
