package dev.sightline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.benchmarks.LogData;
import dev.sightline.benchmarks.TraceData;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestamperTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static List<LogRecord> records(ExportLogsServiceRequest r) {
        return r.getResourceLogsList().stream().flatMap(rl -> rl.getScopeLogsList().stream())
                .flatMap(sl -> sl.getLogRecordsList().stream()).toList();
    }

    private static List<Span> spans(ExportTraceServiceRequest r) {
        return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    @Test
    void aLogCopyHasFreshIdsAndMovedTimesAndTheSameEverythingElse() throws Exception {
        ExportLogsServiceRequest template = LogData.batch(7, 200);
        long base = records(template).get(0).getTimeUnixNano();
        Restamper r = Restamper.logs(template.toByteArray(), base);
        ExportLogsServiceRequest copy = ExportLogsServiceRequest.parseFrom(r.next(new Random(1), base + HOUR));
        List<LogRecord> before = records(template);
        List<LogRecord> after = records(copy);
        assertThat(after).hasSize(before.size());
        for (int i = 0; i < before.size(); i++) {
            LogRecord a = before.get(i);
            LogRecord b = after.get(i);
            assertThat(b.getTimeUnixNano()).isEqualTo(a.getTimeUnixNano() + HOUR);
            assertThat(b.getObservedTimeUnixNano()).isEqualTo(a.getObservedTimeUnixNano() + HOUR);
            assertThat(b.getTraceId()).isNotEqualTo(a.getTraceId()).hasSize(16);
            assertThat(b.getSpanId()).isNotEqualTo(a.getSpanId()).hasSize(8);
            assertThat(b.getBody()).isEqualTo(a.getBody());
            assertThat(b.getAttributesList()).isEqualTo(a.getAttributesList());
        }
        ExportLogsServiceRequest second = ExportLogsServiceRequest.parseFrom(r.next(new Random(2), base));
        assertThat(records(second).get(0).getTraceId()).isNotEqualTo(after.get(0).getTraceId());
    }

    @Test
    void aTraceCopyKeepsParentsInsideItsTraceAndMovesEveryTime() throws Exception {
        ExportTraceServiceRequest template = TraceData.batch(3, 128);
        long base = spans(template).get(0).getStartTimeUnixNano();
        Restamper r = Restamper.traces(template.toByteArray(), base);
        byte[] body = r.next(new Random(5), base + HOUR);
        ExportTraceServiceRequest copy = ExportTraceServiceRequest.parseFrom(body);
        List<Span> before = spans(template);
        List<Span> after = spans(copy);
        Set<String> ids = new HashSet<>();
        after.forEach(s -> ids.add(s.getTraceId().toStringUtf8() + "/" + s.getSpanId().toStringUtf8()));
        for (int i = 0; i < before.size(); i++) {
            Span a = before.get(i);
            Span b = after.get(i);
            assertThat(b.getStartTimeUnixNano()).isEqualTo(a.getStartTimeUnixNano() + HOUR);
            assertThat(b.getEndTimeUnixNano()).isEqualTo(a.getEndTimeUnixNano() + HOUR);
            assertThat(b.getTraceId()).isNotEqualTo(a.getTraceId());
            assertThat(b.getName()).isEqualTo(a.getName());
            assertThat(b.getAttributesList()).isEqualTo(a.getAttributesList());
            if (!a.getParentSpanId().isEmpty()) {
                boolean parentInBatch = before.stream().anyMatch(p -> p.getTraceId().equals(a.getTraceId())
                        && p.getSpanId().equals(a.getParentSpanId()));
                if (parentInBatch) {
                    assertThat(ids).contains(b.getTraceId().toStringUtf8() + "/" + b.getParentSpanId().toStringUtf8());
                }
            }
            for (int e = 0; e < a.getEventsCount(); e++) {
                assertThat(b.getEvents(e).getTimeUnixNano()).isEqualTo(a.getEvents(e).getTimeUnixNano() + HOUR);
            }
        }
        assertThat(r.firstTraceIdHex(body)).isEqualTo(dev.sightline.storage.model.HexIds.toHex(after.get(0).getTraceId()));
    }
}
