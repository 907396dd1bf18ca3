package dev.sightline.storage;

import static dev.sightline.storage.testing.TestSpans.MARCH_1_NOON;
import static dev.sightline.storage.testing.TestSpans.request;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.spans.SpanFields;
import dev.sightline.storage.spans.SpanSearcher;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
            SpanSearcher spans = new SpanSearcher(storage.traces(), storage.spans(), options.correlationKeys());
            assertThat(spans.count(new TermQuery(new Term(SpanFields.SERVICE, "checkout")))).isEqualTo(2);
            assertThat(spans.traceIds(new TermQuery(new Term(SpanFields.SERVICE, "checkout")), 10))
                    .containsExactly(traceIdOf(7).hex());

            storage.start();
            long later = submitAndAwait(storage, request("cart", span(8, 1, "again", MARCH_1_NOON)));
            assertThat(later).isGreaterThan(lsn);
        }
    }

    private static StorageOptions retentions(Path dir, Duration traces, Duration logs, Duration metrics) {
        StorageOptions d = StorageOptions.defaults(dir);
        return new StorageOptions(dir, d.walSegmentBytes(), d.queueMaxBytes(), d.checkpointInterval(),
                d.indexRefresh(), traces, d.retentionCheckInterval(), d.correlationKeys(), logs,
                new MetricsOptions(metrics, Duration.ofMinutes(10), "auto"));
    }

    private static ExportLogsServiceRequest logsAt(long... nanos) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (long t : nanos) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(t)
                    .setBody(AnyValue.newBuilder().setStringValue("at " + t)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
                .build();
    }

    /**
     * The one retention path: before replay and on each run, traces and spans, logs and metrics are each cut by
     * their own period.
     */
    @Test
    void retentionCutsEverySignalByItsOwnPeriod() throws Exception {
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long day = 86_400_000_000_000L;
        String fiveDaysAgo = Days.of(nowNanos - 5 * day);
        String twoDaysAgo = Days.of(nowNanos - 2 * day);
        String today = Days.of(nowNanos);
        try (Storage storage = Storage.open(keepForever(dir))) {
            storage.recover();
            storage.start();
            submitAndAwait(storage, request("shop", span(1, 1, "old", nowNanos - 5 * day),
                    span(2, 1, "recent", nowNanos - 2 * day)));
            ExportLogsServiceRequest logs = logsAt(nowNanos - 2 * day, nowNanos);
            storage.writePath().submit(Signal.LOGS, logs.toByteArray(), logs).get(10, TimeUnit.SECONDS);
            long twoDaysMillis = 2 * 86_400_000L;
            storage.metrics().appendForTest(Labels.of("__name__", "old"), new long[] {now.toEpochMilli() - twoDaysMillis},
                    new double[] {1});
            storage.metrics().appendForTest(Labels.of("__name__", "new"), new long[] {now.toEpochMilli()},
                    new double[] {1});
        } // the clean close applies, commits and checkpoints everything
        try (Storage storage = Storage.open(retentions(dir, Duration.ofDays(4), Duration.ofDays(1),
                Duration.ofDays(1)))) {
            assertThat(storage.traces().days()).contains(fiveDaysAgo, twoDaysAgo);
            assertThat(storage.spans().partitionNames()).contains(fiveDaysAgo, twoDaysAgo);
            assertThat(storage.logs().partitionNames()).contains(twoDaysAgo, today);
            assertThat(storage.metrics().seriesCount()).isEqualTo(2);

            storage.recover(); // retention runs first
            assertThat(storage.traces().days()).doesNotContain(fiveDaysAgo).contains(twoDaysAgo);
            assertThat(storage.spans().partitionNames()).doesNotContain(fiveDaysAgo).contains(twoDaysAgo);
            assertThat(storage.traces().trace(traceIdOf(1))).isEmpty();
            assertThat(storage.traces().trace(traceIdOf(2))).hasSize(1);
            assertThat(storage.logs().partitionNames()).as("logs keep one day").containsExactly(today);
            assertThat(storage.metrics().seriesCount()).as("the series with only old samples").isEqualTo(1);

            RetentionCutoffs later = storage.applyRetention(now.plus(Duration.ofDays(3)));
            assertThat(later.tracesOldestKept()).isEqualTo(Days.of(nowNanos - day));
            assertThat(storage.traces().days()).doesNotContain(twoDaysAgo);
            assertThat(storage.spans().partitionNames()).doesNotContain(twoDaysAgo);
            assertThat(storage.logs().partitionNames()).isEmpty();
            assertThat(storage.metrics().seriesCount()).isZero();
        }
    }

    /** Days go at every run; the metric store's pass over every series at most once an hour, as before. */
    @Test
    void metricRetentionRunsAtMostOnceAnHour() throws Exception {
        Instant now = Instant.now();
        try (Storage storage = Storage.open(retentions(dir, Duration.ofDays(4), Duration.ofDays(4),
                Duration.ofDays(1)))) {
            storage.applyRetention(now);
            storage.metrics().appendForTest(Labels.of("__name__", "old"),
                    new long[] {now.toEpochMilli() - 2 * 86_400_000L}, new double[] {1});
            storage.applyRetention(now.plus(Duration.ofMinutes(59)));
            assertThat(storage.metrics().seriesCount()).as("59 minutes after the last pass").isEqualTo(1);
            storage.applyRetention(now.plus(Storage.METRICS_RETENTION_EVERY));
            assertThat(storage.metrics().seriesCount()).as("an hour after it").isZero();
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
