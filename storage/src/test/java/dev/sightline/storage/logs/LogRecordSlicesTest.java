package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordSlicesTest {
    private static final UnknownFieldSet UNKNOWN = UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("future"))
                    .addVarint(7).build())
            .build();

    private static LogRecord record(long time, String body) {
        return LogRecord.newBuilder().setTimeUnixNano(time).setBody(AnyValue.newBuilder().setStringValue(body))
                .setUnknownFields(UNKNOWN).build();
    }

    /** Two resources, three scopes, unknown fields at every level: the slices are the parsed records, in order. */
    private static ExportLogsServiceRequest request() {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().setDroppedAttributesCount(2))
                        .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("a"))
                                .addLogRecords(record(1, "first")).addLogRecords(record(2, "second"))
                                .setUnknownFields(UNKNOWN))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record(3, "ünïcödé third")))
                        .setUnknownFields(UNKNOWN))
                .addResourceLogs(ResourceLogs.newBuilder())
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record(4, "x".repeat(300)))))
                .setUnknownFields(UNKNOWN)
                .build();
    }

    private static List<LogRecord> parsedRecords(ExportLogsServiceRequest request) {
        List<LogRecord> out = new ArrayList<>();
        request.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> out.addAll(sl.getLogRecordsList())));
        return out;
    }

    private static List<LogRecord> sliced(LogRecordSlices slices) throws Exception {
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            out.add(LogRecord.parseFrom(ByteString.copyFrom(slices.payload(), slices.offset(i), slices.length(i))));
        }
        return out;
    }

    @Test
    void eachSliceIsTheRecordTheParserReadsAtThatPosition() throws Exception {
        byte[] payload = request().toByteArray();
        ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(payload);
        LogRecordSlices slices = LogRecordSlices.of(payload, 4);
        assertThat(slices).isNotNull();
        assertThat(sliced(slices)).containsExactlyElementsOf(parsedRecords(parsed));
        assertThat(sliced(slices).get(0).getUnknownFields()).isEqualTo(UNKNOWN);
    }

    @Test
    void recordsOfAScopeSplitByOtherFieldsOnTheWireKeepTheParsersOrder() throws Exception {
        // a scope's records with its scope field between them, and one resource's scopes in two runs
        byte[] scopeLogs = concat(
                field(2, record(1, "a").toByteArray()),
                field(1, InstrumentationScope.newBuilder().setName("s").build().toByteArray()),
                field(2, record(2, "b").toByteArray()));
        byte[] resourceLogs = concat(field(2, scopeLogs), field(1, Resource.getDefaultInstance().toByteArray()),
                field(2, field(2, record(3, "c").toByteArray())));
        byte[] payload = concat(field(1, resourceLogs), field(1, field(2, field(2, record(4, "d").toByteArray()))));
        ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(payload);
        assertThat(parsedRecords(parsed)).extracting(r -> r.getBody().getStringValue()).containsExactly("a", "b", "c", "d");
        assertThat(sliced(LogRecordSlices.of(payload, 4))).containsExactlyElementsOf(parsedRecords(parsed));
    }

    @Test
    void aPayloadThatDoesNotHoldTheParsedRecordsGivesNoSlices() {
        byte[] payload = request().toByteArray();
        assertThat(LogRecordSlices.of(payload, 3)).isNull();
        assertThat(LogRecordSlices.of(payload, 5)).isNull();
        assertThat(LogRecordSlices.of(Arrays.copyOf(payload, payload.length - 3), 4)).isNull();
        assertThat(LogRecordSlices.of(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, 0)).isNull();
        assertThat(LogRecordSlices.of(null, 4)).isNull();
        assertThat(LogRecordSlices.of(new byte[0], 0).size()).isZero();
    }

    @Test
    void aBlockBuiltFromTheReceivedBytesHoldsTheSameRecordsAsOneEncodedFromTheParsedOnes() throws Exception {
        byte[] payload = request().toByteArray();
        ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(payload);
        List<LogRecord> records = parsedRecords(parsed);
        LogRecordSlices slices = LogRecordSlices.of(payload, records.size());
        LogBlock.Builder copied = new LogBlock.Builder(9, Resource.getDefaultInstance(), "", slices);
        LogBlock.Builder encoded = new LogBlock.Builder(9, Resource.getDefaultInstance(), "");
        for (int i = records.size() - 1; i >= 0; i--) { // out of time order: the block sorts them
            StoredLog log = new StoredLog(Resource.getDefaultInstance(), "", InstrumentationScope.getDefaultInstance(),
                    "", records.get(i), records.get(i).getTimeUnixNano());
            copied.add(log, i);
            encoded.add(log, i);
        }
        // cut by bytes from the received sizes, in the order added: the 300-byte record alone passes 200 bytes
        assertThat(copied.bySize(200)).extracting(LogBlock.Builder::size).containsExactly(1, 3);
        byte[] a = copied.encode();
        byte[] b = encoded.encode();
        LogBlock fromCopy = LogBlock.decode(a, 0, a.length);
        LogBlock fromEncoding = LogBlock.decode(b, 0, b.length);
        assertThat(fromCopy.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(fromCopy.record(i)).isEqualTo(records.get(i)).isEqualTo(fromEncoding.record(i));
            assertThat(fromCopy.ordinal(i)).isEqualTo(i);
        }
    }

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(number << 3 | 2);
        int n = value.length;
        while (n >= 0x80) {
            out.write(n & 0x7f | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
