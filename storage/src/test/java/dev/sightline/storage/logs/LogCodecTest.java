package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCodecTest {
    @TempDir
    Path dir;

    private final Random random = new Random(42);
    private final List<byte[]> written = new ArrayList<>();

    /** Small payloads, and some larger than a chunk (Lucene then stores them in slices). */
    private void add(IndexWriter w, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[i % 7 == 3 ? 200_000 + random.nextInt(50_000) : random.nextInt(3000)];
            random.nextBytes(payload);
            Document doc = new Document();
            doc.add(new StringField("id", Integer.toString(written.size()), Field.Store.NO));
            doc.add(new StoredField(LogFields.BLOCK, payload));
            w.addDocument(doc);
            written.add(payload);
        }
    }

    private void assertEveryPayloadReadsBack(FSDirectory d) throws Exception {
        try (DirectoryReader r = DirectoryReader.open(d)) {
            assertThat(r.numDocs()).isEqualTo(written.size());
            List<Integer> order = new ArrayList<>();
            for (LeafReaderContext leaf : r.leaves()) {
                StoredFields fields = leaf.reader().storedFields();
                for (int doc = leaf.reader().maxDoc() - 1; doc >= 0; doc--) { // backwards: every read seeks
                    BytesRef b = fields.document(doc).getBinaryValue(LogFields.BLOCK);
                    int id = indexOf(b);
                    order.add(id);
                    assertThat(id).as("payload of doc " + doc).isNotNegative();
                }
            }
            assertThat(order).doesNotHaveDuplicates().hasSize(written.size());
        }
    }

    private int indexOf(BytesRef b) {
        for (int i = 0; i < written.size(); i++) {
            if (b.bytesEquals(new BytesRef(written.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void payloadsReadBackByteForByteAndSegmentsOfLucenesCodecMergeIntoThisOne() throws Exception {
        try (FSDirectory d = FSDirectory.open(dir)) {
            try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig()
                    .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_SPEED)))) {
                add(w, 20);
            }
            try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(new LogCodec()))) {
                add(w, 30);
                w.commit();
                assertEveryPayloadReadsBack(d);
                assertThat(codecs(d)).containsExactlyInAnyOrder("Lucene103", LogCodec.NAME);
                w.forceMerge(1);
            }
            assertThat(codecs(d)).containsExactly(LogCodec.NAME);
            assertEveryPayloadReadsBack(d);
            assertThat(Codec.forName(LogCodec.NAME)).isInstanceOf(LogCodec.class);
        }
    }

    private static List<String> codecs(FSDirectory d) throws Exception {
        List<String> out = new ArrayList<>();
        for (SegmentCommitInfo info : SegmentInfos.readLatestCommit(d)) {
            out.add(info.info.getCodec().getName());
        }
        return out;
    }
}
