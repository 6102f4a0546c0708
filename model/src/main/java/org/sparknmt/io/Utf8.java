package org.sparknmt.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is an error, never replaced by U+FFFD. */
public final class Utf8 {
    private Utf8() {
    }

    /** A new strict decoder (decoders keep state: one per thread or stream). */
    public static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** @throws CharacterCodingException when the bytes are not valid UTF-8 */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** @throws IllegalArgumentException naming {@code what} when the bytes are not valid UTF-8 */
    public static String decode(byte[] bytes, String what) {
        try {
            return decode(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8 (" + e + ")", e);
        }
    }
}
