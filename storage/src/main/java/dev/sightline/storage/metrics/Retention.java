package dev.sightline.storage.metrics;

import dev.sightline.storage.series.Exemplar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksIterator;

/**
 * Time-based retention: per series, deletes the leading chunks whose last sample is older than the cutoff
 * (chunks are keyed by first timestamp, so they are at the front of the series' key range), then the series
 * itself once nothing of it is left. Exemplars older than the cutoff go too.
 */
final class Retention {
    private Retention() {
    }

    /** Returns {chunks deleted, series deleted}. */
    static int[] run(MetricsDb db, SeriesIndex index, SampleAppender appender, ReentrantReadWriteLock lock,
            long cutoff) throws IOException {
        int chunks = 0;
        int seriesRemoved = 0;
        lock.writeLock().lock();
        try (RocksIterator it = db.db.newIterator(db.chunks)) {
            appender.flush();
            List<MemSeries> empty = new ArrayList<>();
            for (MemSeries s : index.all()) {
                boolean anyLeft = false;
                for (it.seek(MetricsDb.timeKey(s.id, Long.MIN_VALUE)); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (MetricsDb.keyId(key) != s.id) {
                        break;
                    }
                    if (s.head != null && MetricsDb.keyTime(key) >= s.head.firstT()) {
                        anyLeft = s.head.lastT() >= cutoff; // stored segments of the head: judged by the head
                        break;
                    }
                    if (new ChunkDecoder(it.value()).lastT() < cutoff) {
                        appender.delete(db.chunks, key);
                        chunks++;
                    } else {
                        anyLeft = true;
                        break;
                    }
                }
                boolean headLive = s.head != null && s.head.lastT() >= cutoff;
                if (!anyLeft && !headLive && (s.maxT == MemSeries.NONE || s.maxT < cutoff)) {
                    empty.add(s);
                }
            }
            for (MemSeries s : empty) {
                appender.deleteRange(db.chunks, MetricsDb.timeKey(s.id, Long.MIN_VALUE),
                        MetricsDb.timeKey(s.id, Long.MAX_VALUE));
                appender.delete(db.series, MetricsDb.idKey(s.id));
                index.remove(s);
                seriesRemoved++;
            }
            try (RocksIterator ex = db.db.newIterator(db.exemplars)) {
                for (ex.seekToFirst(); ex.isValid(); ex.next()) {
                    byte[] key = ex.key();
                    long t = MetricsDb.keyTime(key);
                    if (t < cutoff) {
                        appender.delete(db.exemplars, key);
                        Exemplar e = ExemplarReader.decode(t, ex.value());
                        if (!e.traceId().isEmpty()) {
                            appender.delete(db.exemplarTraces,
                                    SampleAppender.traceKey(e.traceId(), MetricsDb.keyId(key), t));
                        }
                    }
                }
            }
            appender.flush();
        } finally {
            lock.writeLock().unlock();
        }
        return new int[] {chunks, seriesRemoved};
    }
}
