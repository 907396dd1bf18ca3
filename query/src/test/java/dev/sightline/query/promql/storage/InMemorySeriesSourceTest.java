package dev.sightline.query.promql.storage;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SeriesSource;
import java.util.List;

class InMemorySeriesSourceTest extends SeriesSourceContract {
    @Override
    protected SeriesSource sourceWith(List<Object[]> samples) {
        InMemorySeriesSource s = new InMemorySeriesSource();
        for (Object[] x : samples) {
            s.add((Labels) x[0], (Long) x[1], (Double) x[2]);
        }
        return s;
    }
}
