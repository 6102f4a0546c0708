package org.sparknmt.eval;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparknmt.io.Utf8;

/**
 * Reads a hypothesis or reference file the way sacreBLEU's command line does: strict UTF-8, lines split at
 * {@code '\n'} only (a lone {@code '\r'} stays inside its line, as with Python's {@code newline="\n"}), each line
 * right-stripped of Python whitespace (so a {@code "\r\n"} ending goes too). A final newline does not make an extra
 * empty segment; a byte-order mark is kept (sacreBLEU decodes with plain utf-8).
 */
public final class TextSegments {
    private TextSegments() {
    }

    /** The segments of a UTF-8 file. */
    public static List<String> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * The segments of a UTF-8 stream (not closed).
     *
     * @param name names the stream in error messages
     * @throws IOException also when the bytes are not valid UTF-8, naming the stream and line
     */
    public static List<String> read(InputStream in, String name) throws IOException {
        // '\n' (0x0A) never occurs inside a multi-byte UTF-8 sequence, so lines can be cut as bytes first
        CharsetDecoder decoder = Utf8.strictDecoder();
        InputStream bytes = new BufferedInputStream(in);
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = bytes.read()) >= 0) {
            if (b == '\n') {
                lines.add(decode(decoder, line, name, lines.size() + 1));
                line.reset();
            } else {
                line.write(b);
            }
        }
        if (line.size() > 0) {
            lines.add(decode(decoder, line, name, lines.size() + 1));
        }
        return lines;
    }

    private static String decode(CharsetDecoder decoder, ByteArrayOutputStream line, String name, int lineNumber)
            throws IOException {
        try {
            return PyStr.rstrip(decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            throw new IOException("invalid UTF-8 in " + name + " at line " + lineNumber, e);
        }
    }
}
