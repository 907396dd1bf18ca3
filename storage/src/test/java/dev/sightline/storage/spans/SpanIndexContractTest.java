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
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;

/**
 * The applier contract for the span index: every span name is unique, so the number of documents per name (and
 * in all) shows a missing or a duplicated span.
 */
class SpanIndexContractTest extends ApplierContract<SpanIndex> {
    private final Set<String> names = new TreeSet<>();

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
            names.add(name);
            out[i] = TestSpans.span(n, n * 10L + i, name, timeNanos + i);
        }
        return TestSpans.request("contract", out);
    }

    @Override
    protected List<String> contents(SpanIndex index) throws IOException {
        index.refreshNow();
        List<String> out = new ArrayList<>();
        long[] total = {0};
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, searcher) -> {
            total[0] += searcher.count(new MatchAllDocsQuery());
            for (String name : names) {
                int count = searcher.count(new TermQuery(new Term(SpanFields.NAME, name)));
                if (count > 0) {
                    out.add(day + " " + name + " ×" + count);
                }
            }
            return true;
        });
        out.sort(null);
        out.add("documents: " + total[0]);
        return out;
    }

    @Override
    protected boolean dropBefore(SpanIndex index, String day) throws IOException {
        index.dropBefore(day);
        return true;
    }
}
