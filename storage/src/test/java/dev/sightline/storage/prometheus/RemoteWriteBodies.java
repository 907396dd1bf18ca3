package dev.sightline.storage.prometheus;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Remote-write 1.0 bodies for tests, encoded field by field; labels are written in the order given. */
public final class RemoteWriteBodies {
    private RemoteWriteBodies() {
    }

    /** A series: alternating label names and values, then samples as (t, v) pairs, then exemplar label pairs. */
    public record Series(String[] labels, long[] timestamps, double[] values, String[] exemplarLabels) {
        public static Series of(long t, double v, String... labels) {
            return new Series(labels, new long[] {t}, new double[] {v}, new String[0]);
        }

        public Series withExemplar(String... pairs) {
            return new Series(labels, timestamps, values, pairs);
        }
    }

    public static byte[] request(List<Series> series) {
        return message(out -> {
            for (Series s : series) {
                out.writeByteArray(1, message(o -> {
                    for (int i = 0; i < s.labels().length; i += 2) {
                        o.writeByteArray(1, label(s.labels()[i], s.labels()[i + 1]));
                    }
                    for (int i = 0; i < s.timestamps().length; i++) {
                        int k = i;
                        o.writeByteArray(2, message(p -> {
                            p.writeDouble(1, s.values()[k]);
                            p.writeInt64(2, s.timestamps()[k]);
                        }));
                    }
                    if (s.exemplarLabels().length > 0) {
                        o.writeByteArray(3, message(e -> {
                            for (int i = 0; i < s.exemplarLabels().length; i += 2) {
                                e.writeByteArray(1, label(s.exemplarLabels()[i], s.exemplarLabels()[i + 1]));
                            }
                            e.writeDouble(2, 0.25);
                            e.writeInt64(3, s.timestamps()[s.timestamps().length - 1]);
                        }));
                    }
                }));
            }
        });
    }

    public static byte[] snappy(byte[] raw) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        return Arrays.copyOf(out, c.compress(raw, 0, raw.length, out, 0, out.length));
    }

    private static byte[] label(String name, String value) {
        return message(o -> {
            o.writeString(1, name);
            o.writeString(2, value);
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
