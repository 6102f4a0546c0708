package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterDirection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Python string and number rules sacreBLEU's output depends on. */
class PythonCompatTest {

    @ParameterizedTest
    @CsvSource({
        // value, digits, Python's f"{value:.{digits}f}"
        "0.125, 2, 0.12",
        "0.375, 2, 0.38",
        "0.375, 1, 0.4",
        "0.125, 1, 0.1",
        "78.125, 2, 78.12",
        "2.675, 2, 2.67",
        "1.0005, 3, 1.000",
        "2.5, 0, 2",
        "1.5, 0, 2",
        "99.99999, 2, 100.00",
        "0.0, 3, 0.000",
        "37.99178428257963, 4, 37.9918",
    })
    void fixedRoundsTheExactValueHalfEven(double value, int digits, String expected) {
        assertEquals(expected, PyFormat.fixed(value, digits));
    }

    @ParameterizedTest
    @CsvSource({
        "20.722, 20.722",
        "100.0, 100.0",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "1.5e16, 1.5e+16",
        "1e16, 1e+16",
        "1e15, 1000000000000000.0",
        "0.1, 0.1",
        "123456789012345680.0, 1.2345678901234568e+17",
        "12345.678, 12345.678",
        "0.00012, 0.00012",
        "4.9e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "0.6666666666666666, 0.6666666666666666",
        "-2.5, -2.5",
    })
    void reprIsPythons(double value, String expected) {
        assertEquals(expected, PyFormat.repr(value));
    }

    @Test
    void whitespaceIsPythonsIsspace() {
        // Python: category Zs, or bidirectional class WS, B or S (checked here with ICU's Unicode data)
        for (int i = 0; i <= 0xFFFF; i++) {
            int c = i;
            int dir = UCharacter.getDirection(c);
            boolean python = UCharacter.getType(c) == UCharacter.SPACE_SEPARATOR
                    || dir == UCharacterDirection.WHITE_SPACE_NEUTRAL || dir == UCharacterDirection.BLOCK_SEPARATOR
                    || dir == UCharacterDirection.SEGMENT_SEPARATOR;
            assertEquals(python, PyStr.isSpace((char) c), () -> String.format("U+%04X", (int) c));
        }
    }

    @Test
    void splitAndStripUsePythonWhitespace() {
        assertEquals(List.of("a", "b", "c\u200bd", "e"), PyStr.split(" a\u00a0b\u2007c\u200bd\u3000e\u001f"));
        assertEquals(List.of(), PyStr.split(" \t\n "));
        assertEquals("  x", PyStr.rstrip("  x\u0085\r\n\u202f"));
        assertEquals("x y", PyStr.strip("\u2028 x y\u3000"));
        assertEquals("abc", PyStr.removeSpaces(" a\u00a0b c\n"));
    }

    @Test
    void lowerIsLocaleIndependentWithFinalSigma() {
        assertEquals("istanbul", PyStr.lower("ISTANBUL"));
        assertEquals("i\u0307", PyStr.lower("\u0130"));
        assertEquals("\u03bf\u03b4\u03bf\u03c2", PyStr.lower("ΟΔΟΣ")); // final sigma
        assertEquals("\u03bf\u03b4\u03cc\u03c2 \u03c3\u03b1", PyStr.lower("ΟΔΌΣ ΣΑ"));
    }

    @ParameterizedTest
    @CsvSource({
        // input, whether Python's lower() makes its sigma final (ς) rather than medial (σ)
        "AΣ, true",
        "AΣ., true",
        "A.Σ, true",      // '.' is case-ignorable
        "A\u0301Σ, true", // so is a combining accent
        "AΣ\u0301, true",
        "AΣ2, true",
        "AΣ2b, true",
        "Z2Σ, false",     // '2' is neither cased nor case-ignorable (Java's toLowerCase says final here)
        "1Σ, false",
        "Σ, false",
        "ΣA, false",
        "AΣB, false",
        "AΣ\u0301B, false",
    })
    void capitalSigmaFollowsPythonsFinalSigmaRule(String input, boolean finalSigma) {
        String lower = PyStr.lower(input);
        assertEquals(finalSigma, lower.indexOf('\u03c2') >= 0, lower);
        assertEquals(!finalSigma, lower.indexOf('\u03c3') >= 0, lower);
        assertEquals(input.toLowerCase(java.util.Locale.ROOT).replace('\u03c2', '\u03c3'), lower.replace('\u03c2', '\u03c3'));
    }
}
