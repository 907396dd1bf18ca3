package dev.sightline.benchmarks;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private static final byte[][] CPU = new byte[64][];
    private static final byte[][] LE_BYTES = new byte[BOUNDS.length + 1][];
    private static final byte[] NAME = ascii("__name__");
    private static final byte[] CPU_SECONDS = ascii("node_cpu_seconds_total");
    private static final byte[] MEMORY_ACTIVE = ascii("node_memory_active_bytes");
    private static final byte[] BUCKET = ascii("http_server_request_duration_seconds_bucket");
    private static final byte[] SUM = ascii("http_server_request_duration_seconds_sum");
    private static final byte[] COUNT = ascii("http_server_request_duration_seconds_count");
    private static final byte[] CPU_LABEL = ascii("cpu");
    private static final byte[] INSTANCE = ascii("instance");
    private static final byte[] JOB = ascii("job");
    private static final byte[] NODE = ascii("node");
    private static final byte[] LE_LABEL = ascii("le");

    static {
        for (int b = 0; b < BOUNDS.length; b++) {
            LE[b] = Double.toString(BOUNDS[b]);
        }
        LE[BOUNDS.length] = "+Inf";
        for (int c = 0; c < CPU.length; c++) {
            CPU[c] = ascii(Integer.toString(c));
        }
        for (int b = 0; b < LE.length; b++) {
            LE_BYTES[b] = ascii(LE[b]);
        }
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
            // About 115-120 bytes a sample before compression: 128 saves growing (and copying) the buffer.
            Writer w = new Writer(instances * MetricData.samplesPerInstance(seriesPerInstance) * 128);
            for (int i = 0; i < instances; i++) {
                int inst = instanceAt.applyAsInt(i);
                byte[] instance = ascii("host-" + inst + ":9100");
                for (int s = 0; s < seriesPerInstance; s++) {
                    byte[] cpu = s < CPU.length ? CPU[s] : ascii(Integer.toString(s));
                    if (s % 2 == 0) {
                        w.series(timeMillis, scrapeIndex * 15.0 * (0.2 + 0.01 * s) + inst,
                                NAME, CPU_SECONDS, CPU_LABEL, cpu, INSTANCE, instance, JOB, NODE);
                    } else {
                        w.series(timeMillis, 1_000_000_000.0 + (inst * 7919 + scrapeIndex * 4096) % 65536,
                                NAME, MEMORY_ACTIVE, CPU_LABEL, cpu, INSTANCE, instance, JOB, NODE);
                    }
                }
                long cumulative = 0;
                for (int b = 0; b <= BOUNDS.length; b++) {
                    cumulative += scrapeIndex * (b + 1);
                    w.series(timeMillis, cumulative, NAME, BUCKET, INSTANCE, instance, JOB, NODE, LE_LABEL,
                            LE_BYTES[b]);
                }
                w.series(timeMillis, cumulative * 0.1, NAME, SUM, INSTANCE, instance, JOB, NODE);
                w.series(timeMillis, cumulative, NAME, COUNT, INSTANCE, instance, JOB, NODE);
            }
            return w.compressed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Encodes TimeSeries messages (field 1 of WriteRequest) into one growing buffer. */
    private static final class Writer {
        private final Bytes bytes;
        private final CodedOutputStream out;

        Writer(int estimate) {
            bytes = new Bytes(estimate);
            out = CodedOutputStream.newInstance(bytes, 8192);
        }

        /**
         * One series with one sample; labels as name, value pairs (UTF-8), already sorted by name. Sized first,
         * then written straight into the request (no per-series buffer, no string encoding).
         */
        void series(long timeMillis, double value, byte[]... labels) throws IOException {
            int size = 0;
            for (int i = 0; i < labels.length; i += 2) {
                int pair = CodedOutputStream.computeByteArraySize(1, labels[i])
                        + CodedOutputStream.computeByteArraySize(2, labels[i + 1]);
                size += 1 + CodedOutputStream.computeUInt32SizeNoTag(pair) + pair;
            }
            int sample = CodedOutputStream.computeDoubleSize(1, value) + CodedOutputStream.computeInt64Size(2, timeMillis);
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(sample) + sample;
            out.writeTag(1, 2);
            out.writeUInt32NoTag(size);
            for (int i = 0; i < labels.length; i += 2) {
                out.writeTag(1, 2);
                out.writeUInt32NoTag(CodedOutputStream.computeByteArraySize(1, labels[i])
                        + CodedOutputStream.computeByteArraySize(2, labels[i + 1]));
                out.writeByteArray(1, labels[i]);
                out.writeByteArray(2, labels[i + 1]);
            }
            out.writeTag(2, 2);
            out.writeUInt32NoTag(sample);
            out.writeDouble(1, value);
            out.writeInt64(2, timeMillis);
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
