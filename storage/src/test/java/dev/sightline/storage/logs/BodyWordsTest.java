package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class BodyWordsTest {
    private static final long SEED = Long.getLong("test.seed", System.nanoTime());
    /** The characters whose word-break rules differ, weighted towards the joining ones. */
    private static final String ALPHABET = "aZq9 0_.,:;'\"-/@#\t\nxY17__..::''  =[]()";
    private final Analyzer analyzer = new StandardAnalyzer();

    @Test
    void findsTheAnalysersWordsInRandomAsciiText() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int len = random.nextInt(40);
            for (int k = 0; k < len; k++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            assertSameWords(text.toString(), "seed " + SEED);
        }
    }

    @Test
    void findsTheAnalysersWordsInLogLines() throws IOException {
        for (String line : new String[] {
            "GET /api/v1/orders/8812?x=1 HTTP/1.1 200 12.5ms",
            "user u42 at 10.0.0.12:8080 failed: connection refused (errno=111); retry 3,000 in 1.5s",
            "Exception in thread \"main\" java.lang.IllegalStateException: can't open o'brien's file",
            "2026-12-04T18:01:02.123Z level=INFO msg=\"order_placed\" order_id=ord_1234_ __init__ _x_ 3.14.15",
            "a.b.c a..b 1.2.3 1..2 a.1 1.a a1.2 a:b 1:2 a,b 1,2 1;2 a'b 1'2 _ __ _a a_ a_.b a_1_b x:_y"}) {
            assertSameWords(line, line);
        }
    }

    @Test
    void leavesOtherTextAndOverlongWordsToTheAnalyser() throws IOException {
        assertSameWords("Zürich café 東京 ошибка timeout", "non-ASCII");
        assertSameWords("short " + "x".repeat(300) + " tail 1.5", "a word over 255 characters");
        assertSameWords("emoji 👍 ok", "a surrogate pair");
    }

    @Test
    void keepsEachWordOnce() {
        BodyWords words = new BodyWords(analyzer, LogFields.BODY);
        for (int i = 0; i < 1000; i++) {
            words.add("Timeout calling payment " + (i % 10) + " TIMEOUT timeout");
        }
        Set<String> seen = new HashSet<>();
        words.forEach(seen::add);
        assertThat(seen).hasSize(words.size()).contains("timeout", "calling", "payment", "0", "9").hasSize(13);
    }

    private void assertSameWords(String text, String why) throws IOException {
        BodyWords words = new BodyWords(analyzer, LogFields.BODY);
        words.add(text);
        Set<String> ours = new HashSet<>();
        words.forEach(ours::add);
        assertThat(ours).as("words of [%s] (%s)", text, why).isEqualTo(analysed(text)).hasSize(words.size());
    }

    private Set<String> analysed(String text) throws IOException {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(LogFields.BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }
}
