package dev.sightline.storage.spans;

import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene document of one span: what trace search filters on. The span itself is read from the trace
 * store, so nothing here is stored. Field names are the query vocabulary; see {@link SpanFields}.
 */
public final class SpanDocuments {
    private SpanDocuments() {
    }

    /** The document of one span (a pure function; public for the benchmarks). */
    public static Document toDocument(Resource resource, String serviceName, String scopeName, Span span) {
        Document doc = new Document();
        doc.add(new SortedDocValuesField(SpanFields.TRACE_ID, new BytesRef(span.getTraceId().toByteArray())));
        doc.add(new NumericDocValuesField(SpanFields.SPAN_ID, SpanFields.spanIdLong(span.getSpanId())));
        if (!span.getParentSpanId().isEmpty()) {
            doc.add(new NumericDocValuesField(SpanFields.PARENT_SPAN_ID,
                    SpanFields.spanIdLong(span.getParentSpanId())));
        }
        String kind = kindName(span.getKind());
        doc.add(new StringField(SpanFields.OPERATION_KEY, serviceName + SpanFields.SEPARATOR + kind
                + SpanFields.SEPARATOR + span.getName(), Field.Store.NO));
        for (Span.Link link : span.getLinksList()) {
            doc.add(new StringField(SpanFields.LINK_TRACE_ID, HexIds.toHex(link.getTraceId()), Field.Store.NO));
        }
        doc.add(new StringField(SpanFields.SERVICE, serviceName, Field.Store.NO));
        doc.add(new SortedDocValuesField(SpanFields.SERVICE, new BytesRef(serviceName)));
        doc.add(new StringField(SpanFields.NAME, span.getName(), Field.Store.NO));
        doc.add(new StringField(SpanFields.KIND, kind, Field.Store.NO));
        doc.add(new StringField(SpanFields.STATUS, statusName(span.getStatus().getCode()), Field.Store.NO));
        if (!scopeName.isEmpty()) {
            doc.add(new StringField(SpanFields.SCOPE, scopeName, Field.Store.NO));
        }
        long start = span.getStartTimeUnixNano();
        long duration = Math.max(0, span.getEndTimeUnixNano() - start);
        doc.add(new LongPoint(SpanFields.START, start));
        doc.add(new NumericDocValuesField(SpanFields.START, start));
        doc.add(new LongPoint(SpanFields.DURATION, duration));
        doc.add(new NumericDocValuesField(SpanFields.DURATION, duration));
        addAttributes(doc, SpanFields.ATTRIBUTE_PREFIX, span.getAttributesList());
        addAttributes(doc, SpanFields.RESOURCE_PREFIX, resource.getAttributesList());
        return doc;
    }

    private static void addAttributes(Document doc, String prefix, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            doc.add(new StringField(prefix + kv.getKey(), AnyValues.toText(kv.getValue()), Field.Store.NO));
        }
    }

    /** The span kind as Jaeger's {@code span.kind} tag spells it: server, client, ... ("unspecified" for 0). */
    public static String kindName(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> "internal";
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            default -> "unspecified";
        };
    }

    public static String statusName(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "ok";
            case STATUS_CODE_ERROR -> "error";
            default -> "unset";
        };
    }
}
