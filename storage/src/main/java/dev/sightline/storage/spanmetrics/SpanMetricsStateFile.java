package dev.sightline.storage.spanmetrics;

import dev.sightline.storage.files.FileContents;
import dev.sightline.storage.files.LengthPrefixedFormat;
import dev.sightline.storage.files.StateFile;
import dev.sightline.storage.files.Versions;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The span-metrics state as of one WAL LSN (docs/format/span-metrics-state.md): magic {@code SLSPANM\0},
 * version u32, LSN u64, payload length u32, CRC-32C u32 of the LSN and payload, then the payload: an OTLP
 * {@code ExportMetricsServiceRequest} holding every series' cumulative duration histogram (which carries its
 * calls count too). Written atomically ({@link StateFile}): a crash leaves the old or the new state, never a torn
 * one. Not thread-safe: {@link SpanMetrics} writes from its commit.
 */
final class SpanMetricsStateFile {
    static final LengthPrefixedFormat FORMAT = new LengthPrefixedFormat("span metrics state", "SLSPANM\0",
            Versions.only(1));

    /** A state read back: the LSN through which it counts every span, and the export. */
    record State(long lsn, ExportMetricsServiceRequest series) {
    }

    private final StateFile file;

    SpanMetricsStateFile(Path file) {
        this.file = new StateFile(file, FORMAT);
    }

    Path path() {
        return file.path();
    }

    void write(long lsn, ExportMetricsServiceRequest series) throws IOException {
        file.write(lsn, series.toByteArray());
    }

    /** The saved state, or null when there is none; throws naming the file and the problem when it is damaged. */
    State read() throws IOException {
        FileContents c = file.read();
        return c == null ? null : new State(c.value(), ExportMetricsServiceRequest.parseFrom(c.body()));
    }
}
