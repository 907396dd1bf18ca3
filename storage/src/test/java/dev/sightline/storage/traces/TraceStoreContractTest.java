package dev.sightline.storage.traces;

import com.google.protobuf.Message;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.testing.TestSpans;
import dev.sightline.storage.write.ApplierContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** The applier contract for the trace store: spans read back by trace ID. */
class TraceStoreContractTest extends ApplierContract<TraceStore> {
    private final Set<Integer> traces = new TreeSet<>();

    @Override
    protected TraceStore open(Path dir) throws IOException {
        return TraceStore.open(dir, CorrelationKeys.DEFAULT);
    }

    @Override
    protected Signal signal() {
        return Signal.TRACES;
    }

    /** One trace of up to three spans; its number is the trace ID. */
    @Override
    protected Message record(int n, long timeNanos, Random random) {
        traces.add(n);
        int spans = 1 + random.nextInt(3);
        var out = new io.opentelemetry.proto.trace.v1.Span[spans];
        for (int i = 0; i < spans; i++) {
            out[i] = TestSpans.span(n, n * 10L + i, "op-" + n + "-" + i, timeNanos + i);
        }
        return TestSpans.request("contract", out);
    }

    @Override
    protected List<String> contents(TraceStore store) throws IOException {
        List<String> out = new ArrayList<>();
        for (int n : traces) {
            for (StoredSpan s : store.trace(TestSpans.traceIdOf(n))) {
                out.add(n + " " + HexIds.toHex(s.span().getSpanId().toByteArray()) + " " + s.span().getName() + " "
                        + s.span().getStartTimeUnixNano() + " " + s.resource().getResource().getAttributesCount());
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    protected boolean dropBefore(TraceStore store, String day) throws IOException {
        store.dropBefore(day);
        return true;
    }
}
