package dev.sightline.storage.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.prometheus.RemoteWriteBodies.Series;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding in place: the hash and byte comparison agree with the labels as strings; validation as Prometheus. */
class RemoteWriteBatchTest {
    private static final long T = 1_700_000_000_000L;

    private static RemoteWriteBatch batch(Series... series) throws Exception {
        return RemoteWriteBatch.decode(RemoteWriteBodies.snappy(RemoteWriteBodies.request(List.of(series))), 1 << 20);
    }

    @Test
    void aSortedSeriesIsFoundByTheHashOfItsLabelsAsStrings() throws Exception {
        RemoteWriteBatch b = batch(Series.of(T, 1, "__name__", "up", "instance", "häst:9100", "job", "node"));
        assertThat(b.seriesCount()).isEqualTo(1);
        assertThat(b.hashable(0)).isTrue();
        Labels labels = Labels.of("__name__", "up", "instance", "häst:9100", "job", "node");
        assertThat(b.labels(0)).isEqualTo(labels);
        assertThat(b.hash(0)).isEqualTo(LabelHash.of(labels));
        assertThat(b.metricName(0)).isEqualTo("up");
    }

    @Test
    void hashesOfDifferentLabelSetsDiffer() throws Exception {
        // Moving a character between a name and its value must change the hash (lengths are hashed).
        assertThat(LabelHash.of(Labels.of("ab", "c"))).isNotEqualTo(LabelHash.of(Labels.of("a", "bc")));
        assertThat(LabelHash.of(Labels.of("a", "b", "c", "d"))).isNotEqualTo(LabelHash.of(Labels.of("a", "bc", "d", "")));
        long[] seen = new long[20_000];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = LabelHash.of(Labels.of("__name__", "m", "instance", "host-" + i + ":9100"));
        }
        assertThat(Arrays.stream(seen).distinct().count()).isEqualTo(seen.length);
    }

    @Test
    void unsortedLabelsOrEmptyValuesAreNotHashedButDecodeToTheSameSeries() throws Exception {
        RemoteWriteBatch b = batch(Series.of(T, 1, "job", "node", "__name__", "up"),
                Series.of(T, 2, "__name__", "up", "env", "", "job", "node"));
        assertThat(b.hashable(0)).isFalse();
        assertThat(b.hashable(1)).isFalse();
        assertThat(b.labels(0)).isEqualTo(Labels.of("__name__", "up", "job", "node"));
        assertThat(b.labels(1)).isEqualTo(Labels.of("__name__", "up", "job", "node"));
    }

    @Test
    void labelsInAnotherWireFormAreNotHashedButDecodeAlike() throws Exception {
        // A Label with its value field first, then a sample between two labels: valid protobuf, not canonical.
        byte[] valueFirst = message(o -> {
            o.writeString(2, "node");
            o.writeString(1, "job");
        });
        byte[] name = message(o -> {
            o.writeString(1, "__name__");
            o.writeString(2, "up");
        });
        byte[] sample = message(o -> {
            o.writeDouble(1, 1);
            o.writeInt64(2, T);
        });
        byte[] series1 = message(o -> {
            o.writeByteArray(1, name);
            o.writeByteArray(1, valueFirst);
            o.writeByteArray(2, sample);
        });
        byte[] series2 = message(o -> {
            o.writeByteArray(1, name);
            o.writeByteArray(2, sample);
            o.writeByteArray(1, message(l -> {
                l.writeString(1, "job");
                l.writeString(2, "node");
            }));
        });
        RemoteWriteBatch b = RemoteWriteBatch.parse(message(o -> {
            o.writeByteArray(1, series1);
            o.writeByteArray(1, series2);
        }));
        assertThat(b.seriesCount()).isEqualTo(2);
        assertThat(b.hashable(0)).isFalse();
        assertThat(b.hashable(1)).isFalse();
        assertThat(b.labels(0)).isEqualTo(Labels.of("__name__", "up", "job", "node"));
        assertThat(b.labels(1)).isEqualTo(Labels.of("__name__", "up", "job", "node"));
        RemoteWriteBatch canonical = batch(Series.of(T, 1, "__name__", "up", "job", "node"));
        assertThat(canonical.hashable(0)).isTrue();
        assertThat(canonical.sameLabels(0, LabelHash.wire(Labels.of("__name__", "up", "job", "node")))).isTrue();
        assertThat(canonical.sameLabels(0, LabelHash.wire(Labels.of("__name__", "up", "job", "nodes")))).isFalse();
    }

    private interface Fields {
        void write(com.google.protobuf.CodedOutputStream out) throws java.io.IOException;
    }

    private static byte[] message(Fields fields) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void knownSeriesAreFoundByTheirBytesAndTheirLabelsParsedOnlyWhenAskedFor() throws Exception {
        Labels up = Labels.of("__name__", "up", "instance", "a:9100", "job", "node");
        byte[] key = LabelHash.wire(up);
        Object stored = new Object();
        java.util.List<Long> asked = new java.util.ArrayList<>();
        RemoteWriteBatch.KnownSeries known = (hash, wire, off, len) -> {
            asked.add(hash);
            return Arrays.equals(key, 0, key.length, wire, off, off + len) ? stored : null;
        };
        byte[] body = RemoteWriteBodies.snappy(RemoteWriteBodies.request(List.of(
                new Series(new String[] {"__name__", "up", "instance", "a:9100", "job", "node"},
                        new long[] {T, T + 1}, new double[] {1, 2}, new String[0]),
                Series.of(T, 3, "__name__", "up", "instance", "b:9100", "job", "node"),
                Series.of(T, 4, "__name__", "bad-name"))));
        RemoteWriteBatch b = RemoteWriteBatch.decode(body, 1 << 20, known);
        assertThat(asked).as("one lookup per series").hasSize(3).first().isEqualTo(LabelHash.of(up));
        assertThat(b.seriesCount()).as("the invalid one is still refused").isEqualTo(2);
        assertThat(b.rejectedSamples()).isEqualTo(1);
        assertThat(b.hint(0)).isSameAs(stored);
        assertThat(b.hint(1)).isNull();
        assertThat(b.hashable(0)).isTrue();
        assertThat(b.hash(0)).isEqualTo(LabelHash.of(up));
        assertThat(b.sameLabels(0, key)).isTrue();
        assertThat(b.endSample(0) - b.firstSample(0)).isEqualTo(2);
        assertThat(b.value(b.firstSample(1))).isEqualTo(3);
        assertThat(b.metricName(0)).isEqualTo("up");
        assertThat(b.labels(0)).isEqualTo(up);
        assertThat(b.labels(1)).isEqualTo(up.with("instance", "b:9100"));
    }

    @Test
    void samplesKeepTheirOrderAndNaNBits() throws Exception {
        double stale = Double.longBitsToDouble(0x7ff0000000000002L);
        RemoteWriteBatch b = batch(new Series(new String[] {"__name__", "a"}, new long[] {T, T + 15_000},
                new double[] {1.5, stale}, new String[0]), Series.of(T, 7, "__name__", "b"));
        assertThat(b.sampleCount()).isEqualTo(3);
        assertThat(b.firstSample(0)).isZero();
        assertThat(b.endSample(0)).isEqualTo(2);
        assertThat(b.timestamp(1)).isEqualTo(T + 15_000);
        assertThat(Double.doubleToRawLongBits(b.value(1))).isEqualTo(0x7ff0000000000002L);
        assertThat(b.value(b.firstSample(1))).isEqualTo(7);
    }

    @Test
    void invalidSeriesAreLeftOutWithTheirReasons() throws Exception {
        RemoteWriteBatch b = batch(Series.of(T, 1, "__name__", "bad-name", "job", "a"),
                Series.of(T, 1, "__name__", "ok", "job", "a", "job", "b"),
                Series.of(T, 1, "__name__", "ok", "bad.label", "x"),
                Series.of(T, 1, "job", "no name"),
                Series.of(T, 1, "__name__", "good"));
        assertThat(b.seriesCount()).isEqualTo(1);
        assertThat(b.metricName(0)).isEqualTo("good");
        assertThat(b.rejectedSamples()).isEqualTo(4);
        assertThat(b.rejectionMessage()).isEqualTo("series {__name__=\"bad-name\", job=\"a\"}: invalid metric name "
                + "\"bad-name\"; series {__name__=\"ok\", job=\"a\", job=\"b\"}: label job appears twice; series "
                + "{__name__=\"ok\", bad.label=\"x\"}: invalid label name \"bad.label\"; …");
    }

    @Test
    void exemplarsTakeValidIdsOutOfTheirLabels() throws Exception {
        RemoteWriteBatch b = batch(Series.of(T, 1, "__name__", "h").withExemplar("trace_id",
                "0AF7651916CD43DD8448EB211C80319C", "span_id", "not-an-id", "user", "u1"));
        assertThat(b.exemplars(0)).singleElement().satisfies(e -> {
            assertThat(e.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(e.spanId()).isEmpty();
            assertThat(e.labels()).isEqualTo(Labels.of("span_id", "not-an-id", "user", "u1"));
            assertThat(e.value()).isEqualTo(0.25);
            assertThat(e.timestamp()).isEqualTo(T);
        });
    }

    @Test
    void corruptBodiesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> RemoteWriteBatch.decode("not snappy".getBytes(), 1 << 20))
                .isInstanceOf(MalformedRemoteWriteException.class).hasMessageContaining("snappy");
        byte[] raw = RemoteWriteBodies.request(List.of(Series.of(T, 1, "__name__", "up")));
        assertThatThrownBy(() -> RemoteWriteBatch.parse(Arrays.copyOf(raw, raw.length - 3)))
                .isInstanceOf(MalformedRemoteWriteException.class)
                .hasMessageStartingWith("body is not a valid prometheus.WriteRequest: ");
        byte[] badUtf8 = RemoteWriteBodies.request(List.of(Series.of(T, 1, "__name__", "up", "job", "xy")));
        badUtf8[indexOf(badUtf8, "xy".getBytes())] = (byte) 0xC3; // a lead byte followed by 'y'
        assertThatThrownBy(() -> RemoteWriteBatch.parse(badUtf8)).isInstanceOf(MalformedRemoteWriteException.class)
                .hasMessageContaining("not valid UTF-8");
        byte[] badName = RemoteWriteBodies.request(List.of(Series.of(T, 1, "__name__", "up", "qz", "v")));
        badName[indexOf(badName, "qz".getBytes())] = (byte) 0xC3;
        assertThatThrownBy(() -> RemoteWriteBatch.parse(badName)).as("a name that is not UTF-8")
                .isInstanceOf(MalformedRemoteWriteException.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> RemoteWriteBatch.decode(RemoteWriteBodies.snappy(raw), 4))
                .isInstanceOf(MalformedRemoteWriteException.class).hasMessageContaining("more than the limit of 4");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
