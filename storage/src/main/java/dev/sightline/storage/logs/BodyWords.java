package dev.sightline.storage.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The distinct words of a block's bodies, as the body's analyser ({@code StandardAnalyzer}: Unicode word breaks,
 * lower case) finds them. A block document only says whether a word occurs in it, so each word is kept once;
 * most words of a block's bodies repeat.
 *
 * <p>Text that is all ASCII, the usual log line, is split here, by the word-break rules of Unicode's UAX #29 as
 * they apply to ASCII (letters, digits, {@code _} joining, {@code . ' :} between letters and {@code . ' , ;}
 * between digits keeping a word whole), several times faster than the analyser, without a string per word
 * seen again (the hash of a word is {@link Arrays#hashCode(char[])}'s). Any other text, and words longer than
 * the analyser's longest, go through the analyser itself.
 * {@code BodyWordsTest} holds the two to the same words on random text.
 *
 * <p>Not thread-safe; one block's document owns it.
 */
final class BodyWords {
    /** The analyser's longest token; longer runs are split by it, so such text is left to it. */
    private static final int MAX_WORD = 255;
    private static final byte OTHER = 0;
    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;
    private static final byte UNDERSCORE = 3;
    /** {@code :} : joins letters only. */
    private static final byte MID_LETTER = 4;
    /** {@code .} and {@code '}: join letters, and digits. */
    private static final byte MID_BOTH = 5;
    /** {@code ,} and {@code ;}: join digits only. */
    private static final byte MID_DIGIT = 6;
    private static final byte[] CLASS = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASS[c] = LETTER;
            CLASS[c - 'a' + 'A'] = LETTER;
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        CLASS['_'] = UNDERSCORE;
        CLASS[':'] = MID_LETTER;
        CLASS['.'] = MID_BOTH;
        CLASS['\''] = MID_BOTH;
        CLASS[','] = MID_DIGIT;
        CLASS[';'] = MID_DIGIT;
    }

    private final Analyzer analyzer;
    private final String field;
    private char[][] slots = new char[64][];
    private int size;
    private char[] scratch = new char[64];
    private char[] chars = new char[256];

    BodyWords(Analyzer analyzer, String field) {
        this.analyzer = analyzer;
        this.field = field;
    }

    /** Adds the words of {@code text}. */
    void add(String text) {
        if (!addAscii(text)) {
            addAnalysed(text);
        }
    }

    /** How many distinct words were added. */
    int size() {
        return size;
    }

    /** Each distinct word once, in no particular order. */
    void forEach(Consumer<String> action) {
        for (char[] w : slots) {
            if (w != null) {
                action.accept(new String(w));
            }
        }
    }

    /**
     * Splits ASCII text; false when the text is not all ASCII or holds a word longer than {@link #MAX_WORD}. The
     * words added before such a word are the analyser's words too (a break before a word does not depend on what
     * follows it), so the analyser can take the whole text after them.
     */
    private boolean addAscii(String text) {
        int n = text.length();
        if (text.length() > chars.length) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        char[] s = chars;
        text.getChars(0, n, s, 0);
        int all = 0;
        for (int i = 0; i < n; i++) {
            all |= s[i];
        }
        if (all >= 128) {
            return false;
        }
        int i = 0;
        while (i < n) {
            int end = wordEnd(s, i, n);
            if (end < 0) {
                i = -end;
                continue;
            }
            if (end - i > MAX_WORD) {
                return false;
            }
            put(s, i, end);
            i = end;
        }
        return true;
    }

    /**
     * The end of the word starting at {@code i}, or, when none starts there, minus the index to go on from.
     * A word is {@code _* (letters|digits) ...}: runs of letters and digits touch freely, {@code _} runs join
     * anything and may end a word, a middle character joins only when the characters either side of it allow.
     */
    private static int wordEnd(char[] s, int i, int n) {
        int j = i;
        while (j < n && CLASS[s[j]] == UNDERSCORE) {
            j++;
        }
        if (j >= n || (CLASS[s[j]] != LETTER && CLASS[s[j]] != DIGIT)) {
            return -(j == i ? i + 1 : j); // underscores alone are no word
        }
        byte last = CLASS[s[j]];
        j++;
        while (j < n) {
            byte c = CLASS[s[j]];
            if (c == LETTER || c == DIGIT) {
                last = c;
                j++;
            } else if (c == UNDERSCORE) {
                int k = j;
                while (k < n && CLASS[s[k]] == UNDERSCORE) {
                    k++;
                }
                if (k < n && (CLASS[s[k]] == LETTER || CLASS[s[k]] == DIGIT)) {
                    last = CLASS[s[k]];
                    j = k + 1;
                } else {
                    return k; // trailing underscores belong to the word
                }
            } else if (c == MID_LETTER || c == MID_BOTH || c == MID_DIGIT) {
                if (j + 1 >= n) {
                    return j;
                }
                byte next = CLASS[s[j + 1]];
                boolean letters = last == LETTER && next == LETTER && c != MID_DIGIT;
                boolean digits = last == DIGIT && next == DIGIT && c != MID_LETTER;
                if (!letters && !digits) {
                    return j;
                }
                j += 2;
            } else {
                return j;
            }
        }
        return j;
    }

    private void put(char[] s, int start, int end) {
        int len = end - start;
        if (scratch.length < len) {
            scratch = new char[Math.max(len, scratch.length * 2)];
        }
        int h = 1;
        for (int i = 0; i < len; i++) {
            char c = s[start + i];
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            scratch[i] = c;
            h = 31 * h + c;
        }
        insert(scratch, len, h);
    }

    private void addAnalysed(String text) {
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                char[] b = term.buffer();
                int len = term.length();
                int h = 1;
                for (int i = 0; i < len; i++) {
                    h = 31 * h + b[i];
                }
                insert(b, len, h);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a string does no I/O
        }
    }

    private void insert(char[] word, int len, int hash) {
        int mask = slots.length - 1;
        int slot = mix(hash) & mask;
        while (true) {
            char[] w = slots[slot];
            if (w == null) {
                slots[slot] = Arrays.copyOf(word, len);
                if (++size * 2 > slots.length) {
                    grow();
                }
                return;
            }
            if (w.length == len && same(w, word, len)) {
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean same(char[] a, char[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        char[][] old = slots;
        slots = new char[old.length * 2][];
        int mask = slots.length - 1;
        for (char[] w : old) {
            if (w != null) {
                int slot = mix(Arrays.hashCode(w)) & mask;
                while (slots[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = w;
            }
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
