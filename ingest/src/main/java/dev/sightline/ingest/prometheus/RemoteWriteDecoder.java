package dev.sightline.ingest.prometheus;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.sightline.ingest.otlp.MalformedRequestException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a remote-write 1.0 body: snappy block format, then {@code prometheus.WriteRequest} read field by
 * field with {@link CodedInputStream} (no generated classes; unknown fields skipped):
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3;
 *                repeated Histogram histograms = 4; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }
 * Exemplar     { repeated Label labels = 1; double value = 2; int64 timestamp = 3; }
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
 * </pre>
 */
final class RemoteWriteDecoder {
    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary",
        "info", "stateset"};

    private RemoteWriteDecoder() {
    }

    /** Decompresses a snappy block, refusing to inflate past {@code maxBytes}. */
    static byte[] unsnappy(byte[] body, int maxBytes) throws MalformedRequestException {
        int length;
        try {
            length = SnappyDecompressor.getUncompressedLength(body, 0);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new MalformedRequestException("body is not snappy-compressed (block format): " + e.getMessage());
        }
        if (length < 0 || length > maxBytes) {
            throw new MalformedRequestException("snappy body declares " + length + " bytes uncompressed, more than "
                    + "the limit of " + maxBytes);
        }
        byte[] out = new byte[length];
        try {
            int n = new SnappyDecompressor().decompress(body, 0, body.length, out, 0, length);
            if (n != length) {
                throw new MalformedRequestException("snappy body decompressed to " + n + " bytes, declared " + length);
            }
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new MalformedRequestException("body is not valid snappy (block format): " + e.getMessage());
        }
        return out;
    }

    static RemoteWriteRequest decode(byte[] proto) throws MalformedRequestException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(proto);
            List<RemoteWriteRequest.Series> series = new ArrayList<>();
            List<RemoteWriteRequest.Metadata> metadata = new ArrayList<>();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> series.add(series(in));
                    case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> metadata.add(metadata(in));
                    default -> in.skipField(tag);
                }
            }
            return new RemoteWriteRequest(series, metadata);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedRequestException("body is not a valid prometheus.WriteRequest: " + e.getMessage());
        }
    }

    private static RemoteWriteRequest.Series series(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        List<RemoteWriteRequest.Label> labels = new ArrayList<>();
        long[] ts = new long[4];
        double[] vs = new double[4];
        int n = 0;
        int histograms = 0;
        List<RemoteWriteRequest.Exemplar> exemplars = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> labels.add(label(in));
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int l = in.pushLimit(in.readRawVarint32());
                    double v = 0;
                    long t = 0;
                    for (int f = in.readTag(); f != 0; f = in.readTag()) {
                        switch (f) {
                            case (1 << 3) | WireFormat.WIRETYPE_FIXED64 -> v = in.readDouble();
                            case (2 << 3) | WireFormat.WIRETYPE_VARINT -> t = in.readInt64();
                            default -> in.skipField(f);
                        }
                    }
                    in.popLimit(l);
                    if (n == ts.length) {
                        ts = Arrays.copyOf(ts, n * 2);
                        vs = Arrays.copyOf(vs, n * 2);
                    }
                    ts[n] = t;
                    vs[n++] = v;
                }
                case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> exemplars.add(exemplar(in));
                case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    histograms++;
                    in.skipField(tag);
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new RemoteWriteRequest.Series(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n), exemplars,
                histograms);
    }

    private static RemoteWriteRequest.Label label(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> value = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new RemoteWriteRequest.Label(name, value);
    }

    private static RemoteWriteRequest.Exemplar exemplar(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        List<RemoteWriteRequest.Label> labels = new ArrayList<>();
        double v = 0;
        long t = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> labels.add(label(in));
                case (2 << 3) | WireFormat.WIRETYPE_FIXED64 -> v = in.readDouble();
                case (3 << 3) | WireFormat.WIRETYPE_VARINT -> t = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new RemoteWriteRequest.Exemplar(labels, v, t);
    }

    private static RemoteWriteRequest.Metadata metadata(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String type = "unknown";
        String family = "";
        String help = "";
        String unit = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_VARINT -> {
                    int t = in.readEnum();
                    type = t >= 0 && t < TYPES.length ? TYPES[t] : "unknown";
                }
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> family = in.readStringRequireUtf8();
                case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> help = in.readStringRequireUtf8();
                case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> unit = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new RemoteWriteRequest.Metadata(type, family, help, unit);
    }
}
