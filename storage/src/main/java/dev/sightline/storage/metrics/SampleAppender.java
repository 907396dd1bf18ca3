package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Puts samples into series: appends to head chunks, closes full ones into RocksDB, merges out-of-order
 * samples within the window into the chunk that covers them, drops exact duplicates, accumulates deltas.
 * Runs on the write path's writer thread under the store's write lock; writes collect in one batch per record.
 */
final class SampleAppender implements SampleSink {
    /** Two hours at a 15 s interval: halves the per-chunk overhead of Prometheus' 120 at ~300 bytes of head. */
    static final int MAX_CHUNK_SAMPLES = 480;
    /** A head with this many stored segments is rewritten as one: bounds their per-entry overhead. */
    static final int MAX_SEGMENTS = 16;

    private final MetricsDb db;
    private final SeriesIndex index;
    private final long outOfOrderWindowMillis;
    private final Map<String, MetricMetadata> metadata;
    private final List<MemSeries> dirty = new ArrayList<>();
    private WriteBatch batch = new WriteBatch();

    SampleAppender(MetricsDb db, SeriesIndex index, long outOfOrderWindowMillis, Map<String, MetricMetadata> metadata) {
        this.db = db;
        this.index = index;
        this.outOfOrderWindowMillis = outOfOrderWindowMillis;
        this.metadata = metadata;
    }

    @Override
    public String append(Labels labels, long t, double v, boolean delta) throws IOException {
        return append(series(labels), t, v, delta);
    }

    /** The series with {@code labels}, created (and written to the catalogue) when there is none yet. */
    MemSeries series(Labels labels) {
        MemSeries s = index.get(labels);
        if (s == null) {
            s = index.add(index.nextId(), labels);
            s.loaded = true; // new: nothing stored yet
            put(db.series, MetricsDb.idKey(s.id), MetricsDb.encodeLabels(s.labels));
        }
        return s;
    }

    /** Appends one sample to a series found by the caller; returns null, {@link #DUPLICATE} or why not. */
    String append(MemSeries s, long t, double v, boolean delta) throws IOException {
        if (!s.loaded) {
            load(s);
        }
        if (delta) {
            if (s.maxT != MemSeries.NONE && t <= s.maxT) {
                return t == s.maxT ? DUPLICATE : "delta sample at " + t + " ms is not after the series' last sample at "
                        + s.maxT + " ms (delta points must arrive in order)";
            }
            double base = s.maxT == MemSeries.NONE || Double.isNaN(s.lastValue) ? 0 : s.lastValue;
            v = base + v;
        }
        if (s.maxT == MemSeries.NONE || t > s.maxT) {
            appendHead(s, t, v);
            return null;
        }
        if (t == s.maxT) {
            return sameBits(v, s.lastValue) ? DUPLICATE : differentValue(t);
        }
        if (t < s.maxT - outOfOrderWindowMillis) {
            return "sample at " + t + " ms is older than the out-of-order window (" + outOfOrderWindowMillis
                    + " ms before the series' newest sample at " + s.maxT + " ms)";
        }
        return insertOutOfOrder(s, t, v);
    }

    private static String differentValue(long t) {
        return "sample at " + t + " ms has a different value than the one already stored at that time";
    }

    static boolean sameBits(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    private void appendHead(MemSeries s, long t, double v) throws IOException {
        if (s.head != null && s.head.count() >= MAX_CHUNK_SAMPLES) {
            closeHead(s);
        }
        if (s.head == null) {
            s.head = new ChunkEncoder();
        }
        s.head.append(t, v);
        s.maxT = t;
        s.lastValue = v;
        markDirty(s);
    }

    private void markDirty(MemSeries s) {
        if (!s.headDirty) {
            s.headDirty = true;
            dirty.add(s);
        }
    }

    /** Writes the full head as a closed chunk under its first timestamp, replacing its stored segments. */
    private void closeHead(MemSeries s) {
        long first = s.head.firstT();
        put(db.chunks, MetricsDb.timeKey(s.id, first), s.head.encode(false));
        deleteRange(db.chunks, MetricsDb.timeKey(s.id, first + 1), MetricsDb.timeKey(s.id, Long.MAX_VALUE));
        s.head = null;
        s.persisted = null;
        s.headRewritten = false;
        s.segments = 0;
    }

    /**
     * Writes what each changed head gained since the last call (the store's commit): the appended samples as one
     * head segment, or, after an out-of-order merge into the head, the whole head as one segment replacing the
     * others. So a checkpoint writes a few bytes per active series, not its whole head.
     */
    void persistDirtyHeads() throws IOException {
        for (MemSeries s : dirty) {
            if (s.head != null && s.headDirty && index.get(s.id) == s) {
                if (s.headRewritten || s.head.reencodedSinceMark() || s.segments >= MAX_SEGMENTS) {
                    long first = s.head.firstT();
                    deleteRange(db.chunks, MetricsDb.timeKey(s.id, first), MetricsDb.timeKey(s.id, Long.MAX_VALUE));
                    put(db.chunks, MetricsDb.timeKey(s.id, first), s.head.encode(true));
                    s.segments = 1;
                } else if (s.head.count() > (s.persisted == null ? 0 : s.persisted.count())) {
                    ChunkEncoder tail = new ChunkEncoder();
                    ChunkDecoder d = ChunkDecoder.resume(s.head, s.persisted);
                    while (d.next()) {
                        tail.append(d.t(), d.v());
                    }
                    put(db.chunks, MetricsDb.timeKey(s.id, tail.firstT()), tail.encode(true));
                    s.segments++;
                }
                s.persisted = s.head.mark();
            }
            s.headRewritten = false;
            s.headDirty = false;
        }
        dirty.clear();
        flush();
    }

    /**
     * After a restart: the stored head segments after the last closed chunk become the head again; the newest
     * stored sample gives the series' newest time and value.
     */
    private void load(MemSeries s) throws IOException {
        s.loaded = true;
        flush();
        List<byte[]> segments = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.db.newIterator(db.chunks, ro)) {
            for (it.seekForPrev(MetricsDb.timeKey(s.id, Long.MAX_VALUE)); it.isValid(); it.prev()) {
                if (MetricsDb.keyId(it.key()) != s.id) {
                    break;
                }
                ChunkDecoder d = new ChunkDecoder(it.value());
                if (s.maxT == MemSeries.NONE) {
                    s.maxT = d.lastT();
                    while (d.next()) {
                        s.lastValue = d.v();
                    }
                }
                if (!d.segment()) {
                    break;
                }
                segments.add(it.value());
            }
        }
        s.segments = segments.size();
        for (int i = segments.size() - 1; i >= 0; i--) {
            ChunkDecoder d = new ChunkDecoder(segments.get(i));
            if (s.head == null) {
                s.head = new ChunkEncoder();
            }
            while (d.next()) {
                s.head.append(d.t(), d.v());
            }
        }
        s.persisted = s.head == null ? null : s.head.mark(); // all of it is stored already
    }

    private String insertOutOfOrder(MemSeries s, long t, double v) throws IOException {
        if (s.head != null && s.head.count() > 0 && t >= s.head.firstT()) {
            return replaceHead(s, s.head.encode(), t, v);
        }
        flush(); // the chunk to merge into may be in this record's batch
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.db.newIterator(db.chunks, ro)) {
            it.seekForPrev(MetricsDb.timeKey(s.id, t));
            if (!it.isValid() || MetricsDb.keyId(it.key()) != s.id) {
                it.seek(MetricsDb.timeKey(s.id, t)); // t precedes every chunk: the first chunk takes it
            }
            if (!it.isValid() || MetricsDb.keyId(it.key()) != s.id
                    || (s.head != null && MetricsDb.keyTime(it.key()) >= s.head.firstT())) {
                return s.head == null ? "series has no chunk to merge into" : replaceHead(s, s.head.encode(), t, v);
            }
            long key = MetricsDb.keyTime(it.key());
            Object merged = merge(it.value(), t, v);
            if (merged instanceof String reason) {
                return reason;
            }
            ChunkEncoder chunk = (ChunkEncoder) merged;
            if (chunk.firstT() != key) {
                delete(db.chunks, MetricsDb.timeKey(s.id, key));
            }
            put(db.chunks, MetricsDb.timeKey(s.id, chunk.firstT()), chunk.encode());
            return null;
        }
    }

    private String replaceHead(MemSeries s, byte[] encoded, long t, double v) throws IOException {
        Object merged = merge(encoded, t, v);
        if (merged instanceof String reason) {
            return reason;
        }
        s.head = (ChunkEncoder) merged;
        s.headRewritten = true;
        markDirty(s);
        return null;
    }

    /** The chunk with (t, v) inserted, or a String: {@link #DUPLICATE} or why it cannot go in. */
    static Object merge(byte[] chunk, long t, double v) throws IOException {
        ChunkDecoder d = new ChunkDecoder(chunk);
        ChunkEncoder out = new ChunkEncoder();
        boolean inserted = false;
        while (d.next()) {
            if (!inserted && d.t() >= t) {
                if (d.t() == t) {
                    return sameBits(d.v(), v) ? DUPLICATE : differentValue(t);
                }
                out.append(t, v);
                inserted = true;
            }
            out.append(d.t(), d.v());
        }
        if (!inserted) {
            out.append(t, v);
        }
        return out;
    }

    @Override
    public List<Bucket> buckets(Labels bucketSeries) throws IOException {
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < bucketSeries.size(); i++) {
            matchers.add(Matcher.equal(bucketSeries.name(i), bucketSeries.value(i)));
        }
        matchers.add(Matcher.of(MatchType.NOT_EQUAL, "le", ""));
        List<Bucket> out = new ArrayList<>();
        for (MemSeries s : index.select(matchers)) {
            if (s.labels.size() != bucketSeries.size() + 1) {
                continue; // more labels than the histogram's own
            }
            if (!s.loaded) {
                load(s);
            }
            if (s.maxT != MemSeries.NONE) {
                out.add(new Bucket(s.labels.get("le"), s.maxT, s.lastValue));
            }
        }
        return out;
    }

    @Override
    public void exemplar(Labels seriesLabels, Exemplar e) throws IOException {
        MemSeries s = index.get(seriesLabels);
        if (s == null) {
            return; // its sample was rejected
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(e.value())).array());
        MetricsDb.writeString(out, e.traceId());
        MetricsDb.writeString(out, e.spanId());
        out.writeBytes(MetricsDb.encodeLabels(e.labels()));
        put(db.exemplars, MetricsDb.timeKey(s.id, e.timestamp()), out.toByteArray());
        if (!e.traceId().isEmpty()) {
            put(db.exemplarTraces, traceKey(e.traceId(), s.id, e.timestamp()), new byte[0]);
        }
    }

    static byte[] traceKey(String traceIdHex, long id, long t) {
        byte[] trace = traceIdHex.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(trace.length + 16).put(trace).putLong(id).putLong(t ^ Long.MIN_VALUE).array();
    }

    @Override
    public void metadata(String family, MetricMetadata m) {
        if (!m.equals(metadata.get(family))) {
            metadata.put(family, m);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            MetricsDb.writeString(out, m.type());
            MetricsDb.writeString(out, m.unit());
            MetricsDb.writeString(out, m.help());
            put(db.metadata, family.getBytes(java.nio.charset.StandardCharsets.UTF_8), out.toByteArray());
        }
    }

    void deleteRange(org.rocksdb.ColumnFamilyHandle cf, byte[] from, byte[] toExclusive) {
        try {
            batch.deleteRange(cf, from, toExclusive);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("write batch delete range failed: " + e.getMessage(), e);
        }
    }

    void delete(org.rocksdb.ColumnFamilyHandle cf, byte[] key) {
        try {
            batch.delete(cf, key);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("write batch delete failed: " + e.getMessage(), e);
        }
    }

    private void put(org.rocksdb.ColumnFamilyHandle cf, byte[] key, byte[] value) {
        try {
            batch.put(cf, key, value);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("write batch put failed: " + e.getMessage(), e);
        }
    }

    /** Writes what this record has collected. */
    void flush() throws IOException {
        if (batch.count() > 0) {
            db.write(batch);
            batch.close();
            batch = new WriteBatch();
        }
    }


}
