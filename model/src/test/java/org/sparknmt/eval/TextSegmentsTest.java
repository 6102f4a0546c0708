package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files read as sacreBLEU's command line reads them. */
class TextSegmentsTest {

    private static List<String> read(String text) throws IOException {
        return TextSegments.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void splitsOnLineFeedOnlyAndRightStrips() throws IOException {
        assertEquals(List.of("a", "b\rc", "", "  d"), read("a \r\nb\rc\n\n  d\t"));
    }

    @Test
    void finalNewlineAddsNoSegment() throws IOException {
        assertEquals(List.of("x", "y"), read("x\ny\n"));
        assertEquals(List.of("x", ""), read("x\n\n"));
        assertEquals(List.of(), read(""));
    }

    @Test
    void byteOrderMarkIsKept() throws IOException {
        assertEquals(List.of("\ufeffa"), read("\ufeffa\n"));
    }

    @Test
    void invalidUtf8FailsNamingTheLine() {
        byte[] bytes = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, '\n'};
        IOException e = assertThrows(IOException.class,
                () -> TextSegments.read(new ByteArrayInputStream(bytes), "hyp.txt"));
        assertTrue(e.getMessage().contains("hyp.txt") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void readsFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("hyp.txt");
        Files.writeString(f, "Grüße, 世界 \nzwei\n", StandardCharsets.UTF_8);
        assertEquals(List.of("Grüße, 世界", "zwei"), TextSegments.read(f));
    }
}
