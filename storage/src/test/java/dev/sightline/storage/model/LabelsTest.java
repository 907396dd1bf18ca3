package dev.sightline.storage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LabelsTest {
    private static final long SEED = Long.getLong("test.seed", System.nanoTime());

    @Test
    void sortsByNameDropsEmptyValuesAndRefusesANameTwice() {
        Labels l = Labels.of("job", "api", "__name__", "up", "zone", "", "instance", "a:1");
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.name(0)).isEqualTo("__name__");
        assertThat(l.name(2)).isEqualTo("job");
        assertThat(l.get("zone")).isEmpty();
        assertThat(l.has("zone")).isFalse();
        assertThat(l.metricName()).isEqualTo("up");
        assertThat(l).hasToString("{__name__=\"up\", instance=\"a:1\", job=\"api\"}");
        assertThatThrownBy(() -> Labels.of("job", "a", "job", "b"))
                .hasMessage("label job appears twice: \"a\" and \"b\"");
        assertThatThrownBy(() -> Labels.of("", "a")).hasMessageContaining("label name must not be empty");
        assertThatThrownBy(() -> Labels.of("job")).hasMessageContaining("name/value pairs, got 1");
    }

    @Test
    void ordersAsPrometheusLabelByLabelNameThenValueAPrefixFirst() {
        Labels a = Labels.of("a", "1");
        Labels ab = Labels.of("a", "1", "b", "1");
        Labels a2 = Labels.of("a", "2");
        Labels b = Labels.of("b", "0");
        List<Labels> sorted = new ArrayList<>(List.of(b, a2, ab, a, Labels.EMPTY));
        sorted.sort(null);
        assertThat(sorted).containsExactly(Labels.EMPTY, a, ab, a2, b);
    }

    @Test
    void builderSortsOnceAndReportsDuplicateNames() {
        Labels.Builder b = new Labels.Builder(2).add("z", "1").add("a", "2").add("m", "3");
        assertThat(b.hasDuplicateNames()).isFalse();
        assertThat(b.build()).isEqualTo(Labels.of("a", "2", "m", "3", "z", "1"));
        Labels.Builder dup = new Labels.Builder(2).add("job", "x").add("a", "1").add("job", "y");
        assertThat(dup.hasDuplicateNames()).isTrue();
        assertThatThrownBy(dup::build).hasMessageContaining("label job appears twice");
    }

    @Test
    void behavesLikeASortedMapWithEmptyValuesRemoved() {
        System.out.println("LabelsTest seed: " + SEED + " (rerun with -Dtest.seed=" + SEED + ")");
        Random rnd = new Random(SEED);
        for (int round = 0; round < 2_000; round++) {
            TreeMap<String, String> model = new TreeMap<>();
            int n = rnd.nextInt(round % 10 == 0 ? 60 : 8); // past 32 labels sorting takes its other path
            Labels.Builder builder = new Labels.Builder(rnd.nextInt(4));
            for (int i = 0; i < n; i++) {
                String name = "l" + rnd.nextInt(80);
                String value = rnd.nextInt(6) == 0 ? "" : "v" + rnd.nextInt(3);
                if (!model.containsKey(name)) {
                    model.put(name, value);
                    builder.add(name, value);
                }
            }
            Labels fromMap = Labels.fromMap(model);
            Labels built = builder.build();
            model.values().removeIf(String::isEmpty);
            assertThat(built).as("seed %d round %d", SEED, round).isEqualTo(fromMap);
            assertThat(built.hashCode()).isEqualTo(fromMap.hashCode());
            assertThat(built.toMap()).as("seed %d round %d", SEED, round).isEqualTo(model);
            String probe = "l" + rnd.nextInt(80);
            assertThat(built.get(probe)).isEqualTo(model.getOrDefault(probe, ""));
            String value = rnd.nextBoolean() ? "" : "w";
            TreeMap<String, String> with = new TreeMap<>(model);
            if (value.isEmpty()) {
                with.remove(probe);
            } else {
                with.put(probe, value);
            }
            assertThat(built.with(probe, value).toMap()).as("with, seed %d", SEED).isEqualTo(with);
            Set<String> names = new HashSet<>(List.of(probe, "l1", "l2"));
            TreeMap<String, String> kept = new TreeMap<>(model);
            kept.keySet().retainAll(names);
            assertThat(built.keep(names).toMap()).isEqualTo(kept);
            TreeMap<String, String> dropped = new TreeMap<>(model);
            dropped.keySet().removeAll(names);
            assertThat(built.without(names).toMap()).isEqualTo(dropped);
        }
    }

    @Test
    void fromMapDropsNullValues() {
        Map<String, String> m = new TreeMap<>();
        m.put("a", null);
        m.put("b", "1");
        assertThat(Labels.fromMap(m)).isEqualTo(Labels.of("b", "1"));
    }
}
