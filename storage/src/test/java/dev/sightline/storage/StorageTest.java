package dev.sightline.storage;

import static dev.sightline.storage.testing.TestSpans.MARCH_1_NOON;
import static dev.sightline.storage.testing.TestSpans.request;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.model.Signal;
import dev.sightline.storage.spans.SpanFields;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
    @TempDir
    Path dir;

    private static final ExportTraceServiceRequest BATCH = request("checkout",
            span(7, 1, "GET /cart", MARCH_1_NOON), span(7, 2, "SELECT cart", MARCH_1_NOON + 1000));

    /** The fixtures are fixed dates in the past: keep them regardless of today's date. */
    private static StorageOptions keepForever(java.nio.file.Path dir) {
        StorageOptions d = StorageOptions.defaults(dir);
        return new StorageOptions(dir, d.walSegmentBytes(), d.queueMaxBytes(), d.checkpointInterval(),
                d.indexRefresh(), Duration.ofDays(365L * 100), d.retentionCheckInterval(), d.correlationKeys(),
                Duration.ofDays(365L * 100), d.metrics());
    }

    private static long submitAndAwait(Storage storage, ExportTraceServiceRequest batch) throws Exception {
        return storage.writePath().submit(Signal.TRACES, batch.toByteArray(), batch).get(10, TimeUnit.SECONDS).lsn();
    }

    @Test
    void acknowledgedTraceIsReadableAndSurvivesACleanRestart() throws Exception {
        StorageOptions options = keepForever(dir);
        long lsn;
        try (Storage storage = Storage.open(options)) {
            assertThat(storage.ready()).isFalse();
            assertThat(storage.recover()).isZero();
            storage.start();
            assertThat(storage.ready()).isTrue();

            lsn = submitAndAwait(storage, BATCH);
            List<StoredSpan> trace = storage.traces().trace(traceIdOf(7));
            assertThat(trace).extracting(StoredSpan::span).containsExactlyElementsOf(
                    BATCH.getResourceSpans(0).getScopeSpans(0).getSpansList());
        }
        assertThat(dir.resolve("wal")).isDirectory();
        assertThat(dir.resolve("traces")).isDirectory();
        assertThat(dir.resolve("spans")).isDirectory();

        try (Storage storage = Storage.open(options)) {
            assertThat(storage.wal().readCheckpoint()).as("clean close checkpoints").isEqualTo(lsn);
            assertThat(storage.recover()).as("nothing to replay after a clean close").isZero();
            assertThat(storage.traces().trace(traceIdOf(7))).hasSize(2);
            storage.spans().refreshNow();
            assertThat(storage.spans().count(new TermQuery(new Term(SpanFields.SERVICE, "checkout")))).isEqualTo(2);
            assertThat(storage.spans().traceIds(new TermQuery(new Term(SpanFields.SERVICE, "checkout")), 10))
                    .containsExactly(traceIdOf(7).hex());

            storage.start();
            long later = submitAndAwait(storage, request("cart", span(8, 1, "again", MARCH_1_NOON)));
            assertThat(later).isGreaterThan(lsn);
        }
    }

    @Test
    void closeRefusesFurtherSubmitsAndIsIdempotent() throws Exception {
        Storage storage = Storage.open(keepForever(dir));
        storage.recover();
        storage.start();
        submitAndAwait(storage, BATCH);
        storage.close();
        assertThat(storage.ready()).isFalse();
        assertThatThrownBy(() -> storage.writePath().submit(Signal.TRACES, BATCH.toByteArray(), BATCH))
                .isInstanceOf(ShuttingDownException.class);
        storage.close();
    }

    @Test
    void secondStorageOnTheSameFolderIsRefusedWhileTheFirstIsOpen() throws Exception {
        StorageOptions options = keepForever(dir);
        try (Storage first = Storage.open(options)) {
            first.recover();
            first.start();
            assertThatThrownBy(() -> Storage.open(options))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            // The refused attempt leaves the first one working.
            submitAndAwait(first, BATCH);
            assertThat(first.traces().trace(traceIdOf(7))).hasSize(2);
            assertThatThrownBy(() -> Storage.open(options)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
        // Once the first is closed the folder can be opened again.
        try (Storage again = Storage.open(options)) {
            assertThat(again.recover()).isZero();
            assertThat(again.traces().trace(traceIdOf(7))).hasSize(2);
        }
    }

    @Test
    void closingAnOldInstanceAgainDoesNotUnlockANewerOne() throws Exception {
        StorageOptions options = keepForever(dir);
        Storage old = Storage.open(options);
        old.close();
        try (Storage current = Storage.open(options)) {
            old.close();
            assertThatThrownBy(() -> Storage.open(options)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            current.recover();
            current.start();
            submitAndAwait(current, BATCH);
        }
    }

    @Test
    void optionsValidateTheirBounds() {
        assertThatThrownBy(() -> new StorageOptions(dir, (1 << 20) - 1, 1, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofDays(1), Duration.ofMinutes(1), dev.sightline.storage.model.CorrelationKeys.DEFAULT,
                Duration.ofDays(1), dev.sightline.storage.metrics.MetricsOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1048575");
        assertThatThrownBy(() -> new StorageOptions(dir, 1 << 20, 0, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofDays(1), Duration.ofMinutes(1), dev.sightline.storage.model.CorrelationKeys.DEFAULT,
                Duration.ofDays(1), dev.sightline.storage.metrics.MetricsOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        StorageOptions d = keepForever(dir);
        assertThat(d.dataDir()).isEqualTo(dir);
        assertThat(d.walSegmentBytes()).isEqualTo(64L << 20);
        assertThat(d.queueMaxBytes()).isEqualTo(256L << 20);
    }
}
