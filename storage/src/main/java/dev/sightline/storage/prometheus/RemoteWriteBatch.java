package dev.sightline.storage.prometheus;

import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated Prometheus remote-write 1.0 request, read in place: the series' label names and values stay
 * offsets into the decompressed body (no strings), each series carries a {@link LabelHash} of its labels, and
 * samples sit in two flat arrays. The metric store resolves a known series from the hash and these bytes alone;
 * strings are made only for new series, exemplars, metadata and error messages.
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
 *
 * Validation: metric and label names as Prometheus defines them, no name twice, no native histograms; a series
 * that fails is left out and counted with its reason. Decoding is deterministic, so the write-ahead log keeps the
 * request body as received and replay decodes it to the same batch. Not thread-safe: decoded on one thread, then
 * read by one thread at a time (reading a known series' labels parses them then).
 */
public final class RemoteWriteBatch {
    private static final int MAX_REASONS = 3;
    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary",
        "info", "stateset"};
    private static final int LENGTH_DELIMITED = 2;
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Prometheus' MetricType, lower-cased, and the family's help and unit. */
    private record Metadata(String type, String help, String unit) {
    }

    private final byte[] data;
    private int series;
    private int[] labelStart;
    private int[] labelEnd;
    private int[] nameLabel;
    private long[] hashes;
    private boolean[] sorted;
    /** Where the series' labels are, in wire form, when {@link #sorted}: one contiguous range of the body. */
    private int[] wireStart;
    private int[] wireEnd;
    /** Of the labels read so far for the current series: whether each was written in canonical wire form. */
    private boolean canonicalLabels;
    /** Whether the current series' names are strictly ascending (set by {@link #problem}). */
    private boolean ascending;
    private int nextLabelAt;
    private int[] sampleStart;
    private int[] sampleEnd;
    /** Four ints per label: name offset, name length, value offset, value length. */
    private int[] refs;
    private int labels;
    private long[] timestamps;
    private double[] values;
    private int samples;
    private Map<Integer, List<Exemplar>> exemplars = Map.of();
    private Map<String, Metadata> metadata = Map.of();
    private Object[] hints;
    private int rejected;
    private final Set<String> reasons = new LinkedHashSet<>();

    private final KnownSeries known;

    /**
     * Series a store already holds, looked up by the wire form of their labels while a request is decoded: a series
     * found there was validated when it was first stored, so its labels are not parsed or checked again.
     */
    @FunctionalInterface
    public interface KnownSeries {
        /**
         * The stored series whose labels' wire form is exactly {@code len} bytes of {@code wire} from {@code off}
         * (with {@link LabelHash#hash} {@code hash}), or null. Called on decoding threads, concurrently with writes.
         */
        Object find(long hash, byte[] wire, int off, int len);
    }

    private RemoteWriteBatch(byte[] data, KnownSeries known) {
        this.data = data;
        this.known = known;
        // Sized from the body (a label takes at least ~12 bytes, a sample ~13, a series ~40), not grown by doubling.
        int series = Math.max(16, data.length / 48);
        labelStart = new int[series];
        labelEnd = new int[series];
        nameLabel = new int[series];
        hashes = new long[series];
        sorted = new boolean[series];
        wireStart = new int[series];
        wireEnd = new int[series];
        sampleStart = new int[series];
        sampleEnd = new int[series];
        refs = new int[Math.max(128, data.length / 3)];
        timestamps = new long[Math.max(64, data.length / 40)];
        values = new double[timestamps.length];
    }

    /** Bit 1: may start a label name; bit 2: may follow in one; bit 4: may start or follow in a metric name. */
    private static final byte[] NAME_CHARS = new byte[256];

    static {
        for (int c = 0; c < 128; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            NAME_CHARS[c] = (byte) ((letter ? 1 : 0) | (letter || digit ? 2 : 0) | (letter || c == ':' ? 4 : 0)
                    | (letter || digit || c == ':' ? 8 : 0));
        }
    }

    /** Decompresses and decodes a remote-write body, refusing to inflate past {@code maxBytes}. */
    public static RemoteWriteBatch decode(byte[] snappyBody, int maxBytes) throws MalformedRemoteWriteException {
        return parse(unsnappy(snappyBody, maxBytes), null);
    }

    /**
     * As {@link #decode(byte[], int)}, finding known series in {@code known} (null: none) and leaving each one found
     * as its {@link #hint}.
     */
    public static RemoteWriteBatch decode(byte[] snappyBody, int maxBytes, KnownSeries known)
            throws MalformedRemoteWriteException {
        return parse(unsnappy(snappyBody, maxBytes), known);
    }

    /** Decompresses a snappy block, refusing to inflate past {@code maxBytes}. */
    public static byte[] unsnappy(byte[] body, int maxBytes) throws MalformedRemoteWriteException {
        int length;
        try {
            length = SnappyDecompressor.getUncompressedLength(body, 0);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new MalformedRemoteWriteException("body is not snappy-compressed (block format): " + e.getMessage());
        }
        if (length < 0 || length > maxBytes) {
            throw new MalformedRemoteWriteException("snappy body declares " + length + " bytes uncompressed, more "
                    + "than the limit of " + maxBytes);
        }
        byte[] out = new byte[length];
        try {
            int n = new SnappyDecompressor().decompress(body, 0, body.length, out, 0, length);
            if (n != length) {
                throw new MalformedRemoteWriteException("snappy body decompressed to " + n + " bytes, declared "
                        + length);
            }
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new MalformedRemoteWriteException("body is not valid snappy (block format): " + e.getMessage());
        }
        return out;
    }

    /** Decodes an uncompressed {@code prometheus.WriteRequest}. */
    public static RemoteWriteBatch parse(byte[] proto) throws MalformedRemoteWriteException {
        return parse(proto, null);
    }

    private static RemoteWriteBatch parse(byte[] proto, KnownSeries known) throws MalformedRemoteWriteException {
        RemoteWriteBatch b = new RemoteWriteBatch(proto, known);
        try {
            b.request(new Reader(proto, 0, proto.length));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedRemoteWriteException("body is not a valid prometheus.WriteRequest: " + e.getMessage());
        }
        return b;
    }

    // ---- what the store reads

    /**
     * What {@link KnownSeries} found for series {@code s} while decoding (null when nothing): the store's series,
     * which its apply takes if it is still stored.
     */
    public Object hint(int s) {
        return hints == null || s >= hints.length ? null : hints[s];
    }

    /** Series that passed validation and have samples. */
    public int seriesCount() {
        return series;
    }

    /** Samples in those series. */
    public int sampleCount() {
        return samples;
    }

    /** The {@link LabelHash} of series {@code s}'s labels in wire form; meaningful only when {@link #hashable}. */
    public long hash(int s) {
        return hashes[s];
    }

    /**
     * Whether series {@code s}'s labels as sent are already its label set in wire form: names in order, no empty
     * value, each label encoded canonically and all of them adjacent, so that {@link #hash} and {@link #sameLabels}
     * describe the stored series. Prometheus (and any protobuf encoder given sorted labels) sends them so.
     */
    public boolean hashable(int s) {
        return sorted[s];
    }

    /**
     * Whether series {@code s} (a {@link #hashable} one) has the labels whose wire form ({@link LabelHash#wire}) is
     * {@code key}: one array comparison with the request's bytes.
     */
    public boolean sameLabels(int s, byte[] key) {
        return Arrays.equals(key, 0, key.length, data, wireStart[s], wireEnd[s]);
    }

    /** Series {@code s}'s labels (empty values dropped, sorted), as strings. */
    public Labels labels(int s) {
        ensureLabels(s);
        Labels.Builder b = new Labels.Builder(labelEnd[s] - labelStart[s]);
        for (int i = labelStart[s]; i < labelEnd[s]; i++) {
            b.add(string(4 * i), string(4 * i + 2));
        }
        return b.build();
    }

    /** Series {@code s}'s metric name. */
    public String metricName(int s) {
        ensureLabels(s);
        return string(4 * nameLabel[s] + 2);
    }

    /** Index of series {@code s}'s first sample in {@link #timestamp} and {@link #value}. */
    public int firstSample(int s) {
        return sampleStart[s];
    }

    /** One past series {@code s}'s last sample. */
    public int endSample(int s) {
        return sampleEnd[s];
    }

    /** Sample time in milliseconds. */
    public long timestamp(int i) {
        return timestamps[i];
    }

    /** Sample value, with its NaN bits as sent (staleness markers). */
    public double value(int i) {
        return values[i];
    }

    /** Exemplars of series {@code s} (stored with its last sample), usually none. */
    public List<Exemplar> exemplars(int s) {
        return exemplars.getOrDefault(s, List.of());
    }

    /**
     * The type, unit and help sent for the family of series {@code s} (its name, or the name without
     * {@code _bucket}, {@code _sum}, {@code _count} or {@code _total}), or null when none was sent or it carries
     * nothing.
     */
    public MetricMetadata metadata(int s) {
        if (metadata.isEmpty()) {
            return null;
        }
        String name = metricName(s);
        Metadata m = metadata.get(name);
        for (String suffix : List.of("_bucket", "_sum", "_count", "_total")) {
            if (m == null && name.endsWith(suffix)) {
                m = metadata.get(name.substring(0, name.length() - suffix.length()));
            }
        }
        if (m == null || (m.help().isEmpty() && m.unit().isEmpty() && m.type().equals("unknown"))) {
            return null;
        }
        return new MetricMetadata(m.type(), m.unit(), m.help());
    }

    /** Samples (and native histogram samples) left out by validation. */
    public int rejectedSamples() {
        return rejected;
    }

    /** Why, for the first few series left out; "" when none was. */
    public String rejectionMessage() {
        return String.join("; ", reasons) + (rejected > reasons.size() ? "; …" : "");
    }

    // ---- decoding

    private void request(Reader in) {
        while (in.more()) {
            int tag = in.varint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                timeSeries(in.sub());
            } else if (tag == (3 << 3 | LENGTH_DELIMITED)) {
                metadata(in.sub());
            } else {
                in.skip(tag);
            }
        }
    }

    private void timeSeries(Reader in) {
        int s = series;
        grow(s + 1);
        int firstLabel = labels;
        int firstSample = samples;
        int histograms = 0;
        List<Exemplar> exemplarList = null;
        canonicalLabels = true;
        nextLabelAt = -1;
        int firstLabelAt = -1;
        Object found = known == null ? null : findKnown(in);
        while (in.more()) {
            int at = in.pos;
            int tag = in.varint32();
            if (found != null && tag == (1 << 3 | LENGTH_DELIMITED)) {
                in.skip(tag); // a known series' labels: found by their bytes, checked when it was stored
                continue;
            }
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> {
                    if (firstLabelAt < 0) {
                        firstLabelAt = at;
                    } else if (at != nextLabelAt) {
                        canonicalLabels = false; // another field between two labels
                    }
                    labelField(in, at);
                }
                case 2 << 3 | LENGTH_DELIMITED -> sample(in.sub());
                case 3 << 3 | LENGTH_DELIMITED -> {
                    if (exemplarList == null) {
                        exemplarList = new ArrayList<>(1);
                    }
                    exemplarList.add(exemplar(in.sub()));
                }
                case 4 << 3 | LENGTH_DELIMITED -> {
                    histograms++;
                    in.skip(tag);
                }
                default -> in.skip(tag);
            }
        }
        int n = samples - firstSample;
        if (found != null) {
            labelStart[s] = -1; // parsed only when asked for (labels, name, metadata)
            wireStart[s] = foundStart;
            wireEnd[s] = foundEnd;
            if (histograms > 0) {
                ensureLabels(s);
                rejected += histograms;
                reason("series " + describe(labelStart[s], labelEnd[s]) + ": native histograms are not supported; "
                        + "send classic buckets");
            }
            if (n == 0) {
                return;
            }
            sampleStart[s] = firstSample;
            sampleEnd[s] = samples;
            sorted[s] = true;
            hashes[s] = foundHash;
            hint(s + 1, s, found);
            if (exemplarList != null) {
                if (exemplars.isEmpty()) {
                    exemplars = new HashMap<>();
                }
                exemplars.put(s, exemplarList);
            }
            series++;
            return;
        }
        String problem = problem(firstLabel, labels);
        if (problem != null) {
            // Valid names are ASCII; a series with another name may have one that is not UTF-8 at all, and then
            // the body is malformed, as for any string field.
            for (int i = firstLabel; i < labels; i++) {
                utf8(refs[4 * i], refs[4 * i + 1]);
            }
            rejected += Math.max(1, n + histograms);
            reason(problem);
            labels = firstLabel;
            samples = firstSample;
            return;
        }
        if (histograms > 0) {
            rejected += histograms;
            reason("series " + describe(firstLabel, labels) + ": native histograms are not supported; send classic "
                    + "buckets");
        }
        if (n == 0) {
            labels = firstLabel;
            return;
        }
        labelStart[s] = firstLabel;
        labelEnd[s] = labels;
        sampleStart[s] = firstSample;
        sampleEnd[s] = samples;
        boolean inOrder = canonicalLabels && ascending; // problem() found the names ascending
        for (int i = firstLabel; i < labels && inOrder; i++) {
            inOrder = refs[4 * i + 3] > 0;
        }
        sorted[s] = inOrder;
        wireStart[s] = firstLabelAt;
        wireEnd[s] = nextLabelAt;
        hashes[s] = inOrder ? LabelHash.hash(data, firstLabelAt, nextLabelAt - firstLabelAt) : 0;
        if (exemplarList != null) {
            if (exemplars.isEmpty()) {
                exemplars = new HashMap<>();
            }
            exemplars.put(s, exemplarList);
        }
        series++;
    }

    private long foundHash;
    private int foundStart;
    private int foundEnd;

    /**
     * Looks the series up in {@link #known} by its label fields, when they are one run (scanned, not parsed): the
     * series found, or null. Leaves {@code in} where it was.
     */
    private Object findKnown(Reader in) {
        Reader scan = new Reader(in.b, in.pos, in.end);
        int start = -1;
        int end = -1;
        while (scan.more()) {
            int at = scan.pos;
            int tag = scan.varint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                if (start < 0) {
                    start = at;
                } else if (at != end) {
                    return null; // labels not in one run: decoded the long way
                }
                scan.take(scan.varint32());
                end = scan.pos;
            } else {
                scan.skip(tag);
            }
        }
        if (start < 0) {
            return null;
        }
        long h = LabelHash.hash(data, start, end - start);
        Object found = known.find(h, data, start, end - start);
        if (found != null) {
            foundHash = h;
            foundStart = start;
            foundEnd = end;
        }
        return found;
    }

    /** Parses the labels of a known series (decoded without them) into {@link #refs}, once. */
    private void ensureLabels(int s) {
        if (labelStart[s] >= 0) {
            return;
        }
        int first = labels;
        Reader in = new Reader(data, wireStart[s], wireEnd[s]);
        while (in.more()) {
            int at = in.pos;
            in.varint32(); // the tag: the run holds label fields only
            labelField(in, at);
        }
        labelStart[s] = first;
        labelEnd[s] = labels;
        for (int i = first; i < labels; i++) {
            if (refs[4 * i + 1] == 8 && isMetricNameLabel(refs[4 * i])) {
                nameLabel[s] = i;
            }
        }
    }

    private void hint(int size, int s, Object value) {
        if (hints == null) {
            hints = new Object[Math.max(size, labelStart.length)];
        } else if (s >= hints.length) {
            hints = Arrays.copyOf(hints, Math.max(size, 2 * hints.length));
        }
        hints[s] = value;
    }

    /** A {@code Label} field whose tag starts at {@code tagAt}; notes whether it is in canonical wire form. */
    private void labelField(Reader outer, int tagAt) {
        int lengthAt = outer.pos;
        int length = outer.varint32();
        int start = outer.take(length);
        boolean canonical = lengthAt == tagAt + 1 && start - lengthAt == LabelHash.varintSize(length);
        Reader in = new Reader(outer.b, start, start + length);
        int nameOff = in.pos;
        int nameLen = 0;
        int valueOff = in.pos;
        int valueLen = 0;
        int field = 0;
        while (in.more()) {
            int at = in.pos;
            int tag = in.varint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                nameLen = in.varint32();
                nameOff = in.take(nameLen);
                // UTF-8 is checked only for names that are not Prometheus names (those are ASCII), see problem().
                canonical &= field == 0 && at == start && nameOff - at == 1 + LabelHash.varintSize(nameLen);
            } else if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                valueLen = in.varint32();
                valueOff = in.take(valueLen);
                utf8(valueOff, valueLen);
                canonical &= field == 1 && at == nameOff + nameLen && valueOff - at == 1 + LabelHash.varintSize(valueLen);
            } else {
                in.skip(tag);
                canonical = false;
            }
            field++;
        }
        canonicalLabels &= canonical && field == 2;
        nextLabelAt = outer.pos;
        if (4 * labels + 4 > refs.length) {
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        int r = 4 * labels++;
        refs[r] = nameOff;
        refs[r + 1] = nameLen;
        refs[r + 2] = valueOff;
        refs[r + 3] = valueLen;
    }

    private void sample(Reader in) {
        double v = 0;
        long t = 0;
        while (in.more()) {
            int tag = in.varint32();
            if (tag == (1 << 3 | 1)) {
                v = Double.longBitsToDouble(in.fixed64());
            } else if (tag == (2 << 3)) {
                t = in.varint64();
            } else {
                in.skip(tag);
            }
        }
        if (samples == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, samples * 2);
            values = Arrays.copyOf(values, samples * 2);
        }
        timestamps[samples] = t;
        values[samples++] = v;
    }

    private Exemplar exemplar(Reader in) {
        List<String> pairs = new ArrayList<>();
        double v = 0;
        long t = 0;
        while (in.more()) {
            int tag = in.varint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                Reader l = in.sub();
                String name = "";
                String value = "";
                while (l.more()) {
                    int f = l.varint32();
                    if (f == (1 << 3 | LENGTH_DELIMITED)) {
                        name = l.string(this);
                    } else if (f == (2 << 3 | LENGTH_DELIMITED)) {
                        value = l.string(this);
                    } else {
                        l.skip(f);
                    }
                }
                pairs.add(name);
                pairs.add(value);
            } else if (tag == (2 << 3 | 1)) {
                v = Double.longBitsToDouble(in.fixed64());
            } else if (tag == (3 << 3)) {
                t = in.varint64();
            } else {
                in.skip(tag);
            }
        }
        String traceId = "";
        String spanId = "";
        Map<String, String> rest = new java.util.TreeMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            String name = pairs.get(i);
            String value = pairs.get(i + 1);
            String id = name.equals("trace_id") ? id(value, 16) : name.equals("span_id") ? id(value, 8) : null;
            if (id != null) {
                if (name.equals("trace_id")) {
                    traceId = id;
                } else {
                    spanId = id;
                }
            } else {
                rest.put(name, value); // the last of a repeated name wins, as in an attribute list made a map
            }
        }
        return new Exemplar(t, v, Labels.fromMap(rest), traceId, spanId);
    }

    /** Normalised hex of a {@code length}-byte ID ("" for all zeros), or null when {@code hex} is not one. */
    private static String id(String hex, int length) {
        if (hex.length() != 2 * length) {
            return null;
        }
        try {
            byte[] b = HexIds.fromHex(hex);
            for (byte x : b) {
                if (x != 0) {
                    return HexIds.toHex(b);
                }
            }
            return "";
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void metadata(Reader in) {
        String type = "unknown";
        String family = "";
        String help = "";
        String unit = "";
        while (in.more()) {
            int tag = in.varint32();
            switch (tag) {
                case 1 << 3 -> {
                    long t = in.varint64();
                    type = t >= 0 && t < TYPES.length ? TYPES[(int) t] : "unknown";
                }
                case 2 << 3 | LENGTH_DELIMITED -> family = in.string(this);
                case 4 << 3 | LENGTH_DELIMITED -> help = in.string(this);
                case 5 << 3 | LENGTH_DELIMITED -> unit = in.string(this);
                default -> in.skip(tag);
            }
        }
        if (metadata.isEmpty()) {
            metadata = new HashMap<>();
        }
        metadata.put(family, new Metadata(type, help, unit));
    }

    // ---- validation

    /** Why the labels in [from, to) are not a valid series, or null. Checks in the order Prometheus reports. */
    private String problem(int from, int to) {
        int name = -1;
        ascending = true; // names in strictly ascending order cannot repeat: no pairwise check
        for (int i = from + 1; i < to && ascending; i++) {
            ascending = compareNames(4 * (i - 1), 4 * i) < 0;
        }
        for (int i = from; i < to; i++) {
            int r = 4 * i;
            for (int j = from; j < i && !ascending; j++) {
                if (sameBytes(4 * j, r)) {
                    return "series " + describe(from, to) + ": label " + string(r) + " appears twice";
                }
            }
            if (!isName(refs[r], refs[r + 1], false)) {
                return "series " + describe(from, to) + ": invalid label name \"" + string(r) + "\"";
            }
            if (refs[r + 1] == 8 && isMetricNameLabel(refs[r])) {
                name = i;
            }
        }
        if (name < 0 || !isName(refs[4 * name + 2], refs[4 * name + 3], true)) {
            return "series " + describe(from, to) + ": invalid metric name \""
                    + (name < 0 ? "" : string(4 * name + 2)) + "\"";
        }
        nameLabel[series] = name;
        return null;
    }

    private boolean isMetricNameLabel(int off) {
        return Arrays.equals(data, off, off + 8, METRIC_NAME, 0, 8);
    }

    private static final byte[] METRIC_NAME = Labels.METRIC_NAME.getBytes(StandardCharsets.US_ASCII);

    /** Prometheus' {@code [a-zA-Z_][a-zA-Z0-9_]*}, plus ':' for metric names, over the bytes. */
    private boolean isName(int off, int len, boolean colons) {
        if (len == 0) {
            return false;
        }
        int first = colons ? 4 : 1;
        int rest = colons ? 8 : 2;
        if ((NAME_CHARS[data[off] & 0xFF] & first) == 0) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            if ((NAME_CHARS[data[off + i] & 0xFF] & rest) == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean sameBytes(int a, int b) {
        return refs[a + 1] == refs[b + 1]
                && Arrays.equals(data, refs[a], refs[a] + refs[a + 1], data, refs[b], refs[b] + refs[b + 1]);
    }

    /** Unsigned byte order of the names of the labels at refs {@code a} and {@code b} (ASCII once validated). */
    private int compareNames(int a, int b) {
        int pa = refs[a];
        int pb = refs[b];
        int la = refs[a + 1];
        int lb = refs[b + 1];
        for (int i = 0, n = Math.min(la, lb); i < n; i++) { // names are short: a loop beats a vectorised compare
            int c = (data[pa + i] & 0xFF) - (data[pb + i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return la - lb;
    }

    private String describe(int from, int to) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = from; i < to; i++) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(string(4 * i)).append("=\"").append(string(4 * i + 2)).append('"');
            if (sb.length() > 120) {
                return sb.append(", …}").toString();
            }
        }
        return sb.append('}').toString();
    }

    private void reason(String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }

    private String string(int ref) {
        return new String(data, refs[ref], refs[ref + 1], StandardCharsets.UTF_8);
    }

    /** Refuses bytes that are not UTF-8, as protobuf's string fields require; ASCII is checked in a loop. */
    private void utf8(int off, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if (((long) LONG.get(data, off + i) & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < len; i++) {
            if (data[off + i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, off, len));
                } catch (CharacterCodingException e) {
                    throw new IllegalArgumentException("a string field at byte " + off + " is not valid UTF-8");
                }
                return;
            }
        }
    }

    private void grow(int n) {
        if (n > labelStart.length) {
            int size = labelStart.length * 2;
            labelStart = Arrays.copyOf(labelStart, size);
            labelEnd = Arrays.copyOf(labelEnd, size);
            nameLabel = Arrays.copyOf(nameLabel, size);
            hashes = Arrays.copyOf(hashes, size);
            sorted = Arrays.copyOf(sorted, size);
            wireStart = Arrays.copyOf(wireStart, size);
            wireEnd = Arrays.copyOf(wireEnd, size);
            sampleStart = Arrays.copyOf(sampleStart, size);
            sampleEnd = Arrays.copyOf(sampleEnd, size);
        }
    }

    /** Protobuf wire format over a byte range; throws on truncation or a bad wire type. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int varint32() {
            long v = varint64();
            if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("varint at byte " + pos + " is out of range");
            }
            return (int) v;
        }

        long varint64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint at byte " + pos);
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint before byte " + pos);
        }

        long fixed64() {
            if (end - pos < 8) {
                throw new IllegalArgumentException("truncated fixed64 at byte " + pos);
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (b[pos + i] & 0xFFL);
            }
            pos += 8;
            return v;
        }

        /** Skips {@code len} bytes and returns where they start. */
        int take(int len) {
            if (len < 0 || len > end - pos) {
                throw new IllegalArgumentException("length " + len + " at byte " + pos + " runs past its message ("
                        + (end - pos) + " bytes left)");
            }
            int at = pos;
            pos += len;
            return at;
        }

        Reader sub() {
            int len = varint32();
            int at = take(len);
            return new Reader(b, at, at + len);
        }

        String string(RemoteWriteBatch owner) {
            int len = varint32();
            int at = take(len);
            owner.utf8(at, len);
            return new String(b, at, len, StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint64();
                case 1 -> take(8);
                case 2 -> take(varint32());
                case 5 -> take(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7) + " (field "
                        + (tag >>> 3) + ") at byte " + pos);
            }
            if (tag >>> 3 == 0) {
                throw new IllegalArgumentException("field number 0 at byte " + pos);
            }
        }
    }
}
