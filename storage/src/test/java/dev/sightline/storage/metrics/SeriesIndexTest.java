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
        assertThat(unlocked(index, a.labels)).isSameAs(a);
        assertThat(unlocked(index, Labels.of("__name__", "up", "job", "nodes"))).isNull();
        assertThat(index.get(batch, 2)).isNull();
        assertThat(index.get(batch, 3)).isNull();
        assertThat(batch.sameLabels(0, b.key)).as("a prefix of the labels is not the labels").isFalse();
        assertThat(batch.sameLabels(1, a.key)).isFalse();
        index.remove(a);
        assertThat(a.removed).as("a prepared batch holding it must look again").isTrue();
        assertThat(index.get(batch, 0)).isNull();
        assertThat(index.get(batch, 1)).isSameAs(b);
        assertThat(index.get(Labels.of("__name__", "up", "job", "node"))).isSameAs(b);
    }

    private static MemSeries unlocked(SeriesIndex index, Labels labels) {
        byte[] wire = dev.sightline.storage.prometheus.LabelHash.wire(labels);
        return index.findUnlocked(dev.sightline.storage.prometheus.LabelHash.of(labels), wire, 0, wire.length);
    }

    @Test
    void unlockedLookupsRacingWithWritesReturnOnlySeriesWithTheRightLabels() throws Exception {
        SeriesIndex index = new SeriesIndex();
        int n = 2_000;
        Labels[] wanted = new Labels[n];
        for (int i = 0; i < n; i++) {
            wanted[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> wrong = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                for (int i = 0; i < n; i++) {
                    MemSeries s = unlocked(index, wanted[i]);
                    if (s != null && !s.labels.get("i").equals(Integer.toString(i))) {
                        wrong.add(i + " -> " + s.labels);
                    }
                }
            }
        });
        java.util.Random r = new java.util.Random(7);
        java.util.List<MemSeries> live = new java.util.ArrayList<>();
        for (int step = 0; step < 40_000; step++) { // adds, removes and resizes while the reader probes
            if (live.isEmpty() || r.nextInt(3) > 0) {
                int i = r.nextInt(n);
                Labels l = Labels.of("__name__", "m", "i", Integer.toString(i));
                if (index.get(l) == null) {
                    live.add(index.add(step + 1, l));
                }
            } else {
                index.remove(live.remove(r.nextInt(live.size())));
            }
        }
        stop.set(true);
        reader.join();
        assertThat(wrong).isEmpty();
    }
}
