package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Reads series' samples in a time range: stored chunks through a seek on (series ID, mint), then the head copy
 * taken under the store's lock. Stored head segments (written at checkpoints) are skipped in favour of the
 * in-memory head, which holds everything from its first timestamp on. Chunks of a series never overlap in time, so concatenation keeps samples in order.
 */
final class ChunkReader {
    /** One series to read, with its head chunk as copied under the lock (null when it has none). */
    record Target(long id, Labels labels, byte[] head) {
    }

    private final MetricsDb db;
    private final ReadOptions ro;

    ChunkReader(MetricsDb db, ReadOptions ro) {
        this.db = db;
        this.ro = ro;
    }

    List<SeriesSamples> read(List<Target> targets, long mint, long maxt, boolean firstOnly) throws IOException {
        List<SeriesSamples> out = new ArrayList<>();
        try (RocksIterator it = db.db.newIterator(db.chunks, ro)) {
            for (Target t : targets) {
                Buffer buf = new Buffer(firstOnly);
                ChunkDecoder headDecoder = t.head == null ? null : new ChunkDecoder(t.head);
                long headKey = headDecoder == null ? MemSeries.NONE : headDecoder.firstT();
                it.seekForPrev(MetricsDb.timeKey(t.id, mint));
                if (!it.isValid() || MetricsDb.keyId(it.key()) != t.id) {
                    it.seek(MetricsDb.timeKey(t.id, Long.MIN_VALUE));
                }
                for (; it.isValid() && !buf.full(); it.next()) {
                    byte[] key = it.key();
                    if (MetricsDb.keyId(key) != t.id) {
                        break;
                    }
                    long start = MetricsDb.keyTime(key);
                    if (start > maxt) {
                        break;
                    }
                    if (headDecoder != null && start >= headKey) {
                        break; // stored segments of the head: the in-memory head holds all of them
                    }
                    buf.addAll(new ChunkDecoder(it.value()), mint, maxt);
                }
                if (headDecoder != null && !buf.full() && headDecoder.lastT() >= mint && headDecoder.firstT() <= maxt) {
                    buf.addAll(headDecoder, mint, maxt);
                }
                if (buf.size > 0) {
                    out.add(new SeriesSamples(t.labels, Arrays.copyOf(buf.ts, buf.size), Arrays.copyOf(buf.vs, buf.size)));
                }
            }
        }
        return out;
    }

    private static final class Buffer {
        final boolean firstOnly;
        long[] ts = new long[16];
        double[] vs = new double[16];
        int size;

        Buffer(boolean firstOnly) {
            this.firstOnly = firstOnly;
        }

        boolean full() {
            return firstOnly && size > 0;
        }

        void addAll(ChunkDecoder d, long mint, long maxt) {
            if (d.lastT() < mint || d.firstT() > maxt) {
                return;
            }
            while (d.next() && !full()) {
                long t = d.t();
                if (t > maxt) {
                    return;
                }
                if (t >= mint) {
                    if (size == ts.length) {
                        ts = Arrays.copyOf(ts, size * 2);
                        vs = Arrays.copyOf(vs, size * 2);
                    }
                    ts[size] = t;
                    vs[size++] = d.v();
                }
            }
        }
    }
}
