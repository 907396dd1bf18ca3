package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The open-addressing table against a reference multimap, with keys forced to collide and entries removed. */
class SeriesTableTest {
    @Test
    void putFindAndRemoveMatchAReferenceMultimap() {
        long seed = ChunkTest.seed();
        Random r = new Random(seed);
        SeriesTable table = new SeriesTable();
        Map<Long, Set<MemSeries>> ref = new HashMap<>();
        List<MemSeries> live = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            if (live.isEmpty() || r.nextInt(3) > 0) {
                long key = r.nextInt(200); // few keys: long probe runs and shared keys
                MemSeries s = new MemSeries(step, Labels.of("i", Integer.toString(step)));
                table.put(key, s);
                ref.computeIfAbsent(key, k -> new HashSet<>()).add(s);
                live.add(s);
            } else {
                MemSeries s = live.remove(r.nextInt(live.size()));
                long key = keyOf(ref, s);
                assertThat(table.remove(key, s)).as("seed %d", seed).isTrue();
                assertThat(table.remove(key, s)).as("removed once").isFalse();
                ref.get(key).remove(s);
            }
            if (step % 997 == 0) {
                for (Map.Entry<Long, Set<MemSeries>> e : ref.entrySet()) {
                    Set<MemSeries> found = new HashSet<>();
                    for (int slot = table.first(e.getKey()); slot >= 0; slot = table.next(e.getKey(), slot)) {
                        found.add(table.at(slot));
                    }
                    assertThat(found).as("seed %d, key %d", seed, e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(table.size()).isEqualTo(live.size());
                assertThat(new HashSet<>(table.values())).isEqualTo(new HashSet<>(live));
            }
        }
    }

    private static long keyOf(Map<Long, Set<MemSeries>> ref, MemSeries s) {
        for (Map.Entry<Long, Set<MemSeries>> e : ref.entrySet()) {
            if (e.getValue().contains(s)) {
                return e.getKey();
            }
        }
        throw new AssertionError("not in the reference");
    }
}
