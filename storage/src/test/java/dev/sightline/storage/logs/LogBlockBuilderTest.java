package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBlockBuilderTest {
    private static final Resource RESOURCE = Resource.getDefaultInstance();

    @Test
    void aBlockPastTheByteLimitIsCutWhereItsRecordsPassTheLimitKeepingEveryRecordOnce() {
        LogBlock.Builder block = new LogBlock.Builder(3, RESOURCE, "");
        List<StoredLog> logs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // ~3 KB each against a 8 KB limit: a block takes records until it holds more than the limit
            LogRecord r = LogRecord.newBuilder().setTimeUnixNano(1000 - i)
                    .setBody(AnyValue.newBuilder().setStringValue(Integer.toString(i).repeat(3000))).build();
            StoredLog log = new StoredLog(RESOURCE, "", InstrumentationScope.getDefaultInstance(), "", r, 1000 - i);
            logs.add(log);
            block.add(log, i);
        }
        List<LogBlock.Builder> parts = block.bySize(8000);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).sorted()).containsExactly(logs.get(2), logs.get(1), logs.get(0));
        assertThat(parts.get(1).sorted()).containsExactly(logs.get(4), logs.get(3));
        LogBlock decoded = decode(parts.get(1));
        assertThat(decoded.size()).isEqualTo(2);
        assertThat(block.bySize(1 << 20)).containsExactly(block);
    }

    private static LogBlock decode(LogBlock.Builder b) {
        byte[] payload = b.encode();
        return LogBlock.decode(payload, 0, payload.length);
    }
}
