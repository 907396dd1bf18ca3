package dev.sightline.server;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds real Prometheus remote-write 1.0 bodies: {@code prometheus.WriteRequest} encoded field by field as
 * remote.proto/types.proto define it, then snappy block-compressed.
 */
final class RemoteWriteRequests {
    private RemoteWriteRequests() {
    }

    record Series(Map<String, String> labels, long[] timestamps, double[] values, Map<String, String> exemplarLabels,
            double exemplarValue, long exemplarTimestamp) {
        Series(Map<String, String> labels, long[] timestamps, double[] values) {
            this(labels, timestamps, values, Map.of(), 0, 0);
        }
    }

    record Metadata(int type, String family, String help, String unit) {
    }

    static byte[] writeRequest(List<Series> series, List<Metadata> metadata) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (Series s : series) {
            out.writeByteArray(1, timeSeries(s));
        }
        for (Metadata m : metadata) {
            ByteArrayOutputStream mb = new ByteArrayOutputStream();
            CodedOutputStream mo = CodedOutputStream.newInstance(mb);
            mo.writeEnum(1, m.type());
            mo.writeString(2, m.family());
            mo.writeString(4, m.help());
            mo.writeString(5, m.unit());
            mo.flush();
            out.writeByteArray(3, mb.toByteArray());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] timeSeries(Series s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(s.labels()).entrySet()) {
            out.writeByteArray(1, label(l.getKey(), l.getValue()));
        }
        for (int i = 0; i < s.timestamps().length; i++) {
            ByteArrayOutputStream sb = new ByteArrayOutputStream();
            CodedOutputStream so = CodedOutputStream.newInstance(sb);
            so.writeDouble(1, s.values()[i]);
            so.writeInt64(2, s.timestamps()[i]);
            so.flush();
            out.writeByteArray(2, sb.toByteArray());
        }
        if (!s.exemplarLabels().isEmpty()) {
            ByteArrayOutputStream eb = new ByteArrayOutputStream();
            CodedOutputStream eo = CodedOutputStream.newInstance(eb);
            for (Map.Entry<String, String> l : s.exemplarLabels().entrySet()) {
                eo.writeByteArray(1, label(l.getKey(), l.getValue()));
            }
            eo.writeDouble(2, s.exemplarValue());
            eo.writeInt64(3, s.exemplarTimestamp());
            eo.flush();
            out.writeByteArray(3, eb.toByteArray());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] label(String name, String value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, name);
        out.writeString(2, value);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] snappy(byte[] raw) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        int n = c.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    static TestHttp.Response post(String url, byte[] snappyBody) throws Exception {
        return TestHttp.post(url, snappyBody, "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0");
    }
}
