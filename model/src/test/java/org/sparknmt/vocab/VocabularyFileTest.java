package org.sparknmt.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyFileTest {

    private static final String SPECIALS = "<pad>\t0\n<unk>\t0\n<s>\t0\n</s>\t0\n";

    private static byte[] utf8(Vocabulary v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        v.write(out);
        return bytes.toByteArray();
    }

    private static Vocabulary read(byte[] bytes, String name) throws IOException {
        return Vocabulary.read(new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8)), name);
    }

    private static Vocabulary read(String text, String name) throws IOException {
        return Vocabulary.read(new BufferedReader(new StringReader(text)), name);
    }

    @Test
    void writesOneTokenTabCountLinePerIdInIdOrder() throws IOException {
        Vocabulary v = Vocabulary.build(Map.of("▁the", 12L, "你", 3L, "😀", 3L, "<unk>", 2L), 1, 0);
        assertEquals("<pad>\t0\n<unk>\t2\n<s>\t0\n</s>\t0\n▁the\t12\n你\t3\n😀\t3\n",
                new String(utf8(v), StandardCharsets.UTF_8));
    }

    @Test
    void writeReadRoundTripIsByteIdentical() throws IOException {
        Vocabulary v = Vocabulary.build(Map.of("▁the", 12L, "你", 3L, "😀", 3L, "x", 9_000_000_000_000_000_000L,
                "a@@", 1L), 1, 0);
        byte[] bytes = utf8(v);
        Vocabulary back = read(bytes, "vocab.txt");
        assertEquals(v, back);
        assertArrayEquals(bytes, utf8(back));
        assertEquals(v.id("😀"), back.id("😀"));
        assertEquals(9_000_000_000_000_000_000L, back.count(back.id("x")));
    }

    @Test
    void readsAFileWithOnlyTheSpecials() throws IOException {
        assertEquals(4, read(SPECIALS, "v").size());
        assertEquals(5, read(SPECIALS + "a\t7\r\n", "crlf").size());
    }

    @Test
    void malformedLinesNameTheFileLineAndFix() {
        assertFails(SPECIALS + "a\t1\nb 2\n", "vocab.txt, line 6: malformed line \"b 2\"; expected 'token<TAB>count': "
                + "a token without white space, one tab, and a count of decimal digits (fix the line, or regenerate "
                + "the file with Vocabulary.write)");
        assertFails(SPECIALS + "a\tmany\n", "vocab.txt, line 5: malformed line \"a\tmany\"");
        assertFails(SPECIALS + "a\t-1\n", "vocab.txt, line 5: malformed line \"a\t-1\"");
        assertFails(SPECIALS + "a\t+1\n", "vocab.txt, line 5: malformed line \"a\t+1\"");
        assertFails(SPECIALS + "a\t1\t2\n", "vocab.txt, line 5: malformed line \"a\t1\t2\"");
        assertFails(SPECIALS + "a\t99999999999999999999\n", "vocab.txt, line 5: malformed line");
        assertFails(SPECIALS + "\t3\n", "vocab.txt, line 5: malformed line \"\t3\"");
        assertFails(SPECIALS + "a b\t3\n", "vocab.txt, line 5: malformed line \"a b\t3\"");
        assertFails(SPECIALS + "\n", "vocab.txt, line 5: malformed line \"\"");
    }

    @Test
    void specialsMustBeAtTheirIds() {
        assertFails("<pad>\t0\n<s>\t0\n<unk>\t0\n</s>\t0\n", "vocab.txt, line 2: expected the special token \"<unk>\" "
                + "(id 1), found \"<s>\"; the first 4 lines must be [<pad>, <unk>, <s>, </s>] in this order "
                + "(regenerate the file with Vocabulary.write)");
        assertFails("<pad>\t0\n<unk>\t0\n", "vocab.txt: has 2 lines, but the first 4 lines must be the special "
                + "tokens [<pad>, <unk>, <s>, </s>] (regenerate the file with Vocabulary.write)");
        assertFails("", "vocab.txt: has 0 lines");
    }

    @Test
    void duplicateTokensAreRejected() {
        assertFails(SPECIALS + "a\t5\nb\t4\na\t3\n", "vocab.txt, line 7: duplicate token \"a\", already on line 5; "
                + "every token may appear once (remove one of the lines, or regenerate the file with Vocabulary.write)");
        assertFails(SPECIALS + "<s>\t5\n", "vocab.txt, line 5: duplicate token \"<s>\", already on line 3");
    }

    private static void assertFails(String file, String expectedStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file, "vocab.txt"));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
