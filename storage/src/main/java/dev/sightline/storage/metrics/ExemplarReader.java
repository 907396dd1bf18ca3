package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.SeriesExemplars;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Reads exemplars by series and time, or by trace ID. */
final class ExemplarReader {
    private ExemplarReader() {
    }

    static List<SeriesExemplars> forSeries(MetricsDb db, List<MemSeries> series, long mint, long maxt) {
        List<SeriesExemplars> out = new ArrayList<>();
        try (RocksIterator it = db.db.newIterator(db.exemplars)) {
            for (MemSeries s : series) {
                List<Exemplar> list = new ArrayList<>();
                for (it.seek(MetricsDb.timeKey(s.id, mint)); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (MetricsDb.keyId(key) != s.id || MetricsDb.keyTime(key) > maxt) {
                        break;
                    }
                    list.add(decode(MetricsDb.keyTime(key), it.value()));
                }
                if (!list.isEmpty()) {
                    out.add(new SeriesExemplars(s.labels, list));
                }
            }
        }
        out.sort((a, b) -> a.series().compareTo(b.series()));
        return out;
    }

    static List<SeriesExemplars> forTrace(MetricsDb db, String traceHex, LongFunction<MemSeries> series)
            throws IOException {
        byte[] prefix = traceHex.getBytes(StandardCharsets.US_ASCII);
        Map<Long, List<Exemplar>> byId = new LinkedHashMap<>();
        try (RocksIterator it = db.db.newIterator(db.exemplarTraces)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length != prefix.length + 16 || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0,
                        prefix.length)) {
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(key, prefix.length, 16);
                long id = b.getLong();
                long t = b.getLong() ^ Long.MIN_VALUE;
                byte[] value = db.db.get(db.exemplars, MetricsDb.timeKey(id, t));
                if (value != null) {
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(decode(t, value));
                }
            }
        } catch (RocksDBException e) {
            throw new IOException("exemplar read failed: " + e.getMessage(), e);
        }
        List<SeriesExemplars> out = new ArrayList<>();
        byId.forEach((id, list) -> {
            MemSeries s = series.apply(id);
            if (s != null) {
                out.add(new SeriesExemplars(s.labels, list));
            }
        });
        return out;
    }

    static Exemplar decode(long t, byte[] v) {
        double value = Double.longBitsToDouble(ByteBuffer.wrap(v).getLong(0));
        int[] p = {8};
        String trace = MetricsDb.readString(v, p);
        String span = MetricsDb.readString(v, p);
        Labels labels = MetricsDb.decodeLabels(v, p);
        return new Exemplar(t, value, labels, trace, span);
    }
}
