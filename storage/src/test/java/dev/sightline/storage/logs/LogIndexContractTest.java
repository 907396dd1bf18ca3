package dev.sightline.storage.logs;

import com.google.protobuf.Message;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.ApplierContract;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The applier contract for the log store: every record read back by a search over all time. */
class LogIndexContractTest extends ApplierContract<LogIndex> {
    @Override
    protected LogIndex open(Path dir) throws IOException {
        return LogIndex.open(dir, 60_000, CorrelationKeys.DEFAULT);
    }

    @Override
    protected Signal signal() {
        return Signal.LOGS;
    }

    /** Up to four records with unique bodies, a few milliseconds apart. */
    @Override
    protected Message record(int n, long timeNanos, Random random) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        int records = 1 + random.nextInt(4);
        for (int i = 0; i < records; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(timeNanos + i * 1_000_000L)
                    .setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue("record " + n + "-" + i)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
                .build();
    }

    @Override
    protected List<String> contents(LogIndex index) throws IOException {
        index.refreshNow();
        List<String> out = new ArrayList<>();
        try {
            LogPage page = index.searcher(LogLimits.DEFAULT)
                    .search(new LogSearch("", 0, Long.MAX_VALUE, LogSearch.MAX_LIMIT, false, null));
            for (StoredLog log : page.records()) {
                out.add(log.timeUnixNano() + " " + log.record().getBody().getStringValue());
            }
        } catch (LogQueryException e) {
            throw new AssertionError(e);
        }
        out.sort(null);
        return out;
    }

    @Override
    protected boolean dropBefore(LogIndex index, String day) throws IOException {
        index.dropBefore(day);
        return true;
    }
}
