package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Indexes and searches one block in memory at start-up, so that Lucene's first use (class loading, codecs,
 * analysers, the query parser, the vectorisation provider: over a second on a busy machine) does not delay the
 * first acknowledged record from becoming searchable.
 */
final class LogWarmUp {
    private LogWarmUp() {
    }

    static void run() throws IOException {
        AnyValue text = AnyValue.newBuilder().setStringValue("warm up").build();
        LogRecord record = LogRecord.newBuilder().setTimeUnixNano(1).setSeverityText("INFO").setBody(text)
                .addAttributes(KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(1)))
                .addAttributes(KeyValue.newBuilder().setKey("s").setValue(text))
                .build();
        LogBlock.Builder block = new LogBlock.Builder(1, Resource.getDefaultInstance(), "");
        block.add(new StoredLog(Resource.getDefaultInstance(), "", InstrumentationScope.getDefaultInstance(), "",
                record, 1), 0);
        StandardAnalyzer analyzer = new StandardAnalyzer();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter w = new IndexWriter(dir, new IndexWriterConfig()
                        .setCodec(new LogCodec()))) {
            w.addDocument(LogBlockDocuments.toDocument(block, CorrelationKeys.DEFAULT, analyzer));
            w.commit();
            try (DirectoryReader r = DirectoryReader.open(w)) {
                IndexSearcher timed = new LogSearcher.Deadline(Duration.ofSeconds(10)).searcher(r);
                Query q = new LogSearcher(null, LogLimits.DEFAULT)
                        .parse("\"warm up\" AND severity:info AND attributes.n:[0 TO 2] AND attributes.s:warm* "
                                + "AND wa*", 1);
                List<LogBlocks.Ref> found = LogBlocks.find(timed, LogBlocks.query(BlockMatcher.widen(q, CorrelationKeys.DEFAULT), 0, 2));
                LogBlock read = LogBlocks.load(timed, found.get(0).doc());
                if (BlockMatcher.compile(q, analyzer).matches(new BlockView(read, CorrelationKeys.DEFAULT, analyzer))
                        .cardinality() != 1) {
                    throw new IllegalStateException("the warm-up record does not match its own query");
                }
                read.stored(0);
            } catch (LogQueryException | RuntimeException e) {
                throw new IllegalStateException("the log index warm-up failed", e);
            }
        }
    }
}
