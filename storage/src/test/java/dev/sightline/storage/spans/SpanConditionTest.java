package dev.sightline.storage.spans;

import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** Per-span evaluation of a query on one block's stored spans: Lucene's semantics, one span as one document. */
class SpanConditionTest {
    private static final long T = 1_700_000_000_000_000_000L;

    /** web: span 0 "a" (tenant t1, scope s), span 1 "b" (client, links to trace 9), span 2 "a" (tenant t2). */
    private static SpanBlock block() throws IOException {
        SpanBlockBuilder b = new SpanBlockBuilder("web", List.of(attr("service.name", "web"), attr("zone", "z1")));
        b.add("s", span(1, 1, "a", T).toBuilder().addAttributes(attr("tenant", "t1")).build());
        b.add("", span(1, 2, "b", T + 10).toBuilder().setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(9)).setSpanId(spanId(1))).build());
        b.add("", span(2, 1, "a", T + 20).toBuilder().addAttributes(attr("tenant", "t2")).build());
        Document doc = b.toDocument();
        BytesRef payload = doc.getBinaryValue(SpanFields.SPANS);
        return SpanBlock.decode(payload.bytes, payload.offset, payload.length);
    }

    private static List<Integer> matches(Query q) throws IOException {
        SpanBlock block = block();
        IntPredicate p = SpanCondition.of(q).bind(block);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < block.size; i++) {
            if (p.test(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static Query term(String field, String text) {
        return new TermQuery(new Term(field, text));
    }

    @Test
    void termsAndRangesAreCheckedPerSpan() throws IOException {
        assertThat(matches(term(SpanFields.NAME, "a"))).containsExactly(0, 2);
        assertThat(matches(term(SpanFields.KIND, "client"))).containsExactly(1);
        assertThat(matches(term(SpanFields.SCOPE, "s"))).containsExactly(0);
        assertThat(matches(term(SpanFields.SCOPE, ""))).as("an empty scope is not a term").isEmpty();
        assertThat(matches(term(SpanFields.SERVICE, "web"))).containsExactly(0, 1, 2);
        assertThat(matches(term(SpanFields.RESOURCE_PREFIX + "zone", "z1"))).containsExactly(0, 1, 2);
        assertThat(matches(term(SpanFields.ATTRIBUTE_PREFIX + "zone", "z1"))).isEmpty();
        assertThat(matches(term(SpanFields.ATTRIBUTE_PREFIX + "tenant", "t2"))).containsExactly(2);
        assertThat(matches(term(SpanFields.LINK_TRACE_ID, HexIds.toHex(traceId(9)))))
                .containsExactly(1);
        assertThat(matches(term(SpanFields.OPERATION_KEY, "web\0client\0b"))).containsExactly(1);
        assertThat(matches(term(SpanFields.OPERATION_KEY, "web\0server\0b"))).isEmpty();
        assertThat(matches(term("trace_id", "anything"))).isEmpty();
        assertThat(matches(LongPoint.newRangeQuery(SpanFields.START, T + 5, T + 20))).containsExactly(1, 2);
        assertThat(matches(LongPoint.newExactQuery(SpanFields.DURATION, 1_000_000))).containsExactly(0, 1, 2);
    }

    @Test
    void booleanQueriesFollowLucene() throws IOException {
        Query aNotT1 = new BooleanQuery.Builder().add(term(SpanFields.NAME, "a"), Occur.MUST)
                .add(term(SpanFields.ATTRIBUTE_PREFIX + "tenant", "t1"), Occur.MUST_NOT).build();
        assertThat(matches(aNotT1)).containsExactly(2);
        Query onlyNot = new BooleanQuery.Builder().add(term(SpanFields.NAME, "a"), Occur.MUST_NOT).build();
        assertThat(matches(onlyNot)).as("no positive clause matches nothing").isEmpty();
        assertThat(SpanCondition.of(onlyNot).blockQuery().toString()).contains("MatchNoDocsQuery");
        Query either = new BooleanQuery.Builder().add(term(SpanFields.KIND, "client"), Occur.SHOULD)
                .add(term(SpanFields.ATTRIBUTE_PREFIX + "tenant", "t1"), Occur.SHOULD).build();
        assertThat(matches(either)).containsExactly(0, 1);
        Query two = new BooleanQuery.Builder().add(term(SpanFields.NAME, "a"), Occur.SHOULD)
                .add(term(SpanFields.ATTRIBUTE_PREFIX + "tenant", "t1"), Occur.SHOULD)
                .add(term(SpanFields.KIND, "client"), Occur.SHOULD).setMinimumNumberShouldMatch(2).build();
        assertThat(matches(two)).containsExactly(0);
        Query optional = new BooleanQuery.Builder().add(term(SpanFields.NAME, "a"), Occur.MUST)
                .add(term(SpanFields.KIND, "client"), Occur.SHOULD).build();
        assertThat(matches(optional)).as("SHOULD beside MUST only scores").containsExactly(0, 2);
        assertThat(SpanCondition.of(aNotT1).blockQuery().toString()).as("negations do not narrow blocks")
                .doesNotContain("tenant");
    }

    @Test
    void anUnsupportedQueryIsRefusedByName() {
        assertThatThrownBy(() -> SpanCondition.of(new PrefixQuery(new Term(SpanFields.NAME, "a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PrefixQuery");
        assertThatThrownBy(() -> SpanCondition.of(IntPoint.newExactQuery(SpanFields.START, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
