package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import dev.sightline.storage.prometheus.RemoteWriteBodies;
import dev.sightline.storage.prometheus.RemoteWriteBodies.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a series from a remote-write batch's bytes: the same series as by its labels, and only that one. */
class SeriesIndexTest {
    private static RemoteWriteBatch batch(Series... series) throws Exception {
        return RemoteWriteBatch.parse(RemoteWriteBodies.request(List.of(series)));
    }

    @Test
    void requestBytesFindExactlyTheSeriesWithThoseLabels() throws Exception {
        SeriesIndex index = new SeriesIndex();
        MemSeries a = index.add(1, Labels.of("__name__", "up", "job", "node", "zone", "ä"));
        MemSeries b = index.add(2, Labels.of("__name__", "up", "job", "node"));
        RemoteWriteBatch batch = batch(Series.of(1, 1, "__name__", "up", "job", "node", "zone", "ä"),
                Series.of(1, 1, "__name__", "up", "job", "node"),
                Series.of(1, 1, "__name__", "up", "job", "nodes"),
                Series.of(1, 1, "__name__", "up", "job", "node", "zone", "b"));
        assertThat(index.get(batch, 0)).isSameAs(a);
        assertThat(index.get(batch, 1)).isSameAs(b);
        assertThat(index.get(batch, 2)).isNull();
        assertThat(index.get(batch, 3)).isNull();
        assertThat(batch.sameLabels(0, b.key)).as("a prefix of the labels is not the labels").isFalse();
        assertThat(batch.sameLabels(1, a.key)).isFalse();
        index.remove(a);
        assertThat(index.get(batch, 0)).isNull();
        assertThat(index.get(batch, 1)).isSameAs(b);
        assertThat(index.get(Labels.of("__name__", "up", "job", "node"))).isSameAs(b);
    }
}
