package dev.sightline.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogValidationTest {
    private static final long NOW = System.currentTimeMillis() * 1_000_000L;

    private static ExportLogsServiceRequest request(LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records)))).build();
    }

    private static LogRecord.Builder ok() {
        return LogRecord.newBuilder().setTimeUnixNano(NOW);
    }

    @Test
    void keepsValidRecordsUntouched() {
        ExportLogsServiceRequest r = request(ok().build(), ok().setTimeUnixNano(0).setObservedTimeUnixNano(NOW).build(),
                ok().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])).build());
        LogValidation v = LogValidation.of(r);
        assertThat(v.accepted()).isSameAs(r);
        assertThat(v.acceptedRecords()).isEqualTo(3);
        assertThat(v.rejectedRecords()).isZero();
        assertThat(v.errorMessage()).isEmpty();
    }

    @Test
    void rejectsEachKindOfBadRecordWithItsReason() {
        assertThat(LogValidation.problem(ok().setTraceId(ByteString.copyFrom(new byte[3])).build(), NOW))
                .isEqualTo("trace ID must be empty or 16 bytes, got 3 (000000)");
        assertThat(LogValidation.problem(ok().setSpanId(ByteString.copyFrom(new byte[9])).build(), NOW))
                .startsWith("span ID must be empty or 8 bytes, got 9");
        assertThat(LogValidation.problem(LogRecord.newBuilder().build(), NOW))
                .isEqualTo("time and observed time are both missing");
        assertThat(LogValidation.problem(ok().setTimeUnixNano(1_000).build(), NOW))
                .isEqualTo("time 1000 ns is outside the accepted range (after 1990-01-01 and at most one day in the "
                        + "future)");
        assertThat(LogValidation.problem(ok().setObservedTimeUnixNano(NOW + 2 * 86_400_000_000_000L).build(), NOW))
                .startsWith("observed time ");
    }

    @Test
    void partialSuccessCountsAndExplains() {
        LogValidation v = LogValidation.of(request(ok().setBody(
                io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("kept")).build(),
                LogRecord.newBuilder().build(), ok().setSpanId(ByteString.copyFrom(new byte[2])).build()));
        assertThat(v.acceptedRecords()).isEqualTo(1);
        assertThat(v.rejectedRecords()).isEqualTo(2);
        assertThat(v.errorMessage()).isEqualTo("rejected 2 of 3 log records: log record 1: time and observed time are "
                + "both missing; log record 2: span ID must be empty or 8 bytes, got 2 (0000)");
        assertThat(v.accepted().getResourceLogs(0).getScopeLogs(0).getLogRecordsList())
                .extracting(lr -> lr.getBody().getStringValue()).containsExactly("kept");
    }
}
