package dev.sightline.storage.spans;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.testing.TestSpans;
import dev.sightline.storage.write.ApplierContract;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.search.MatchAllDocsQuery;

/**
 * The applier contract for the span index: every span name is unique, so the number of stored spans per name
 * (and in all, read from the blocks) shows a missing or a duplicated span.
 */
class SpanIndexContractTest extends ApplierContract<SpanIndex> {
    @Override
    protected SpanIndex open(Path dir) throws IOException {
        return SpanIndex.open(dir, 60_000);
    }

    @Override
    protected Signal signal() {
        return Signal.TRACES;
    }

    @Override
    protected Message record(int n, long timeNanos, Random random) {
        int spans = 1 + random.nextInt(3);
        Span[] out = new Span[spans];
        for (int i = 0; i < spans; i++) {
            String name = "op-" + n + "-" + i;
            out[i] = TestSpans.span(n, n * 10L + i, name, timeNanos + i);
        }
        return TestSpans.request("contract", out);
    }

    @Override
    protected List<String> contents(SpanIndex index) throws IOException {
        index.refreshNow();
        Map<String, Integer> counts = new TreeMap<>();
        long[] total = {0};
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, searcher) ->
                SpanBlocks.scan(searcher, new MatchAllDocsQuery(), block -> {
                    for (int i = 0; i < block.size; i++) {
                        counts.merge(day + " " + block.strings[block.name[i]], 1, Integer::sum);
                        total[0]++;
                    }
                    return true;
                }));
        List<String> out = new ArrayList<>();
        counts.forEach((span, n) -> out.add(span + " ×" + n));
        out.add("spans: " + total[0]);
        return out;
    }

    @Override
    protected boolean dropBefore(SpanIndex index, String day) throws IOException {
        index.dropBefore(day);
        return true;
    }
}
