package dev.sightline.query.promql.storage;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SeriesSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PromQL engine's storage contract, run against the real metric store (RocksDB in a temporary folder), which
 * implements {@link SeriesSource} itself.
 */
class MetricStoreSeriesSourceTest extends SeriesSourceContract {
    @TempDir
    Path dir;
    private MetricStore store;

    @Override
    protected SeriesSource sourceWith(List<Object[]> samples) {
        try {
            store = MetricStore.open(dir.resolve("metrics-" + System.nanoTime()), MetricsOptions.defaults());
            Map<Labels, List<Object[]>> bySeries = new LinkedHashMap<>();
            for (Object[] s : samples) {
                bySeries.computeIfAbsent((Labels) s[0], k -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<Labels, List<Object[]>> e : bySeries.entrySet()) {
                List<Object[]> points = e.getValue();
                long[] ts = new long[points.size()];
                double[] vs = new double[points.size()];
                for (int i = 0; i < ts.length; i++) {
                    ts[i] = (Long) points.get(i)[1];
                    vs[i] = (Double) points.get(i)[2];
                }
                store.appendForTest(e.getKey(), ts, vs);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
