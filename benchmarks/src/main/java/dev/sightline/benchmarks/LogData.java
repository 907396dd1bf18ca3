package dev.sightline.benchmarks;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Random;

/** Seeded log batches: ~200-byte bodies from a small vocabulary, attributes, trace and span IDs. */
public final class LogData {
    private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "shipping", "currency"};
    private static final String[] WORDS = ("request handled order cart payment timeout retry connection refused "
            + "upstream downstream cache miss hit user session token expired database query slow fast inventory "
            + "reserved shipped failed succeeded validated card declined approved queue message consumer producer "
            + "latency budget exceeded circuit breaker open closed").split(" ");

    private LogData() {
    }

    public static ExportLogsServiceRequest batch(long seed, int records) {
        Random r = new Random(seed);
        ScopeLogs.Builder[] scopes = new ScopeLogs.Builder[SERVICES.length];
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("app.logger"));
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < records; i++) {
            int svc = r.nextInt(SERVICES.length);
            boolean error = r.nextInt(20) == 0;
            StringBuilder body = new StringBuilder(220);
            while (body.length() < 190) {
                body.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            r.nextBytes(trace);
            r.nextBytes(span);
            trace[0] |= 1;
            span[0] |= 1;
            scopes[svc].addLogRecords(LogRecord.newBuilder()
                    .setTimeUnixNano(now + r.nextInt(1_000_000_000))
                    .setObservedTimeUnixNano(now + 1_000_000_000L)
                    .setSeverityNumber(error ? SeverityNumber.SEVERITY_NUMBER_ERROR : SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setSeverityText(error ? "ERROR" : "INFO")
                    .setBody(AnyValue.newBuilder().setStringValue(body.toString().trim()))
                    .setTraceId(ByteString.copyFrom(trace))
                    .setSpanId(ByteString.copyFrom(span))
                    .addAttributes(kv("http.route", "/api/" + WORDS[r.nextInt(8)]))
                    .addAttributes(kvInt("http.response.status_code", error ? 500 : 200))
                    .addAttributes(kv("user.id", "u" + r.nextInt(10_000)))
                    .addAttributes(kv("correlation.id", "order-" + r.nextInt(1_000_000))));
        }
        ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
        for (int i = 0; i < SERVICES.length; i++) {
            if (scopes[i].getLogRecordsCount() > 0) {
                req.addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", SERVICES[i]))
                                .addAttributes(kv("host.name", SERVICES[i] + "-5c7d9-k2x8p")))
                        .addScopeLogs(scopes[i]));
            }
        }
        return req.build();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static KeyValue kvInt(String k, long v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
    }
}
