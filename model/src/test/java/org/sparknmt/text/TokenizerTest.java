package org.sparknmt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizerTest {
    private final Tokenizer words = new Tokenizer(CjkMode.WORD);
    private final Tokenizer chars = new Tokenizer(CjkMode.CHAR);

    /**
     * Rows: normalised input and the expected tokens in WORD mode, written separated by spaces (tokens never contain
     * one). These pin down what ICU's root word rules do.
     */
    static Stream<Arguments> wordModeRows() {
        return Stream.of(
                Arguments.of("Hello, world!", "▁Hello , ▁world !"),
                Arguments.of("Hi.", "▁Hi ."),
                Arguments.of("don't stop", "▁don't ▁stop"),
                Arguments.of("don’t", "▁don’t"),
                Arguments.of("O'Neil's rock'n'roll", "▁O'Neil's ▁rock'n'roll"),
                Arguments.of("'90s", "▁' 90s"),
                Arguments.of("'quoted' \"double\"", "▁' quoted ' ▁\" double \""),
                Arguments.of("„Hallo“, sagte er.", "▁„ Hallo “ , ▁sagte ▁er ."),
                Arguments.of("«Bonjour» ¿Qué?", "▁« Bonjour » ▁¿ Qué ?"),
                Arguments.of("3.14 and 1,000 and 1.000,50", "▁3.14 ▁and ▁1,000 ▁and ▁1.000,50"),
                Arguments.of("10.5% of $100, -5", "▁10.5 % ▁of ▁$ 100 , ▁- 5"),
                Arguments.of("2023-01-01 12:30", "▁2023 - 01 - 01 ▁12 : 30"),
                Arguments.of("U.S. and e.g. this", "▁U.S . ▁and ▁e.g . ▁this"),
                Arguments.of("Mr. Smith", "▁Mr . ▁Smith"),
                Arguments.of("Wait... what?!", "▁Wait . . . ▁what ? !"),
                Arguments.of("C++ and C# e-mail", "▁C + + ▁and ▁C # ▁e - mail"),
                Arguments.of("foo_bar a_b", "▁foo_bar ▁a_b"),
                Arguments.of("v1.2.3 and 12:30pm", "▁v1.2.3 ▁and ▁12 : 30pm"),
                Arguments.of("http://example.com/a?b=1", "▁http : / / example.com / a ? b = 1"),
                Arguments.of("Mail john.doe@example.com.", "▁Mail ▁john.doe @ example.com ."),
                Arguments.of("I ❤ 🇩🇪 👍🏽", "▁I ▁❤ ▁🇩🇪 ▁👍🏽"),
                Arguments.of("👨\u200D👩\u200D👧!", "▁👨\u200D👩\u200D👧 !"),
                Arguments.of("Straße.", "▁Straße ."),
                Arguments.of("我爱你。", "▁我爱你 。"),
                Arguments.of("我喜欢吃苹果", "▁我 喜欢 吃 苹果"),
                Arguments.of("他們在學校", "▁他們 在 學校"),
                Arguments.of("我用iPhone 12拍的。", "▁我 用 iPhone ▁12 拍的 。"),
                Arguments.of("Tom说：“你好！”", "▁Tom 说 ： “ 你好 ！ ”"),
                Arguments.of("Tom说:“你好!”", "▁Tom 说 : “ 你好 ! ”"),
                Arguments.of("第3次 A型", "▁第 3 次 ▁A 型"),
                Arguments.of("日本語を勉強しています。", "▁日本語 を 勉強 し てい ます 。"),
                Arguments.of("ラーメン", "▁ラーメン"),
                Arguments.of("ひらがな", "▁ひ ら が な"),
                Arguments.of("안녕하세요, 세계!", "▁안녕하세요 , ▁세계 !"),
                Arguments.of("Привет, мир!", "▁Привет , ▁мир !"),
                Arguments.of("Καλημέρα κόσμε.", "▁Καλημέρα ▁κόσμε ."),
                Arguments.of("مرحبا بالعالم", "▁مرحبا ▁بالعالم"),
                Arguments.of("می\u200Cخواهم", "▁می\u200Cخواهم"),
                Arguments.of("नमस्ते दुनिया", "▁नमस्ते ▁दुनिया"),
                Arguments.of("ภาษาไทยง่ายนิดเดียว", "▁ภาษา ไทย ง่าย นิด เดียว"),
                Arguments.of("a \u0308b", "▁a ▁\u0308 b"),
                Arguments.of("caf\uFFFD x", "▁caf \uFFFD ▁x"));
    }

    /** Rows for CHAR mode: Han and kana one token per character, everything else as in WORD mode. */
    static Stream<Arguments> charModeRows() {
        return Stream.of(
                Arguments.of("我爱你。", "▁我 爱 你 。"),
                Arguments.of("我用iPhone 12拍的。", "▁我 用 iPhone ▁12 拍 的 。"),
                Arguments.of("Tom说:“你好!”", "▁Tom 说 : “ 你 好 ! ”"),
                Arguments.of("他們 在學校", "▁他 們 ▁在 學 校"),
                Arguments.of("日本語を勉強しています。", "▁日 本 語 を 勉 強 し て い ま す 。"),
                Arguments.of("ラーメン", "▁ラ ー メ ン"),
                Arguments.of("ｶﾀｶﾅ", "▁ｶ ﾀ ｶ ﾅ"),
                Arguments.of("かか\u3099", "▁か か\u3099"),
                Arguments.of("漢\uFE00字", "▁漢\uFE00 字"),
                Arguments.of("안녕하세요, 세계!", "▁안녕하세요 , ▁세계 !"),
                Arguments.of("Hello, world!", "▁Hello , ▁world !"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("wordModeRows")
    void tokenizesInWordMode(String text, String expected) {
        List<String> tokens = words.tokenize(text);
        assertEquals(expected, String.join(" ", tokens));
        assertEquals(text, words.detokenize(tokens));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("charModeRows")
    void tokenizesInCharMode(String text, String expected) {
        List<String> tokens = chars.tokenize(text);
        assertEquals(expected, String.join(" ", tokens));
        assertEquals(text, chars.detokenize(tokens));
    }

    /** Rows: tokens (space-separated) and the text detokenize makes of them. */
    static Stream<Arguments> detokenizeRows() {
        return Stream.of(
                Arguments.of("▁Hello , ▁world !", "Hello, world!"),
                Arguments.of("Hello ▁world", "Hello world"),
                Arguments.of("▁我 爱 你 。", "我爱你。"),
                Arguments.of("▁ ▁a ▁", "a"),
                Arguments.of("▁a ▁▁b", "a b"),
                Arguments.of("▁New▁York ▁is", "New York is"),
                Arguments.of("▁", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("detokenizeRows")
    void detokenizes(String tokens, String expected) {
        assertEquals(expected, words.detokenize(Arrays.asList(tokens.split(" "))));
    }

    @Test
    void emptyTextAndEmptyList() {
        assertEquals(List.of(), words.tokenize(""));
        assertEquals(List.of(), chars.tokenize(""));
        assertEquals("", words.detokenize(List.of()));
    }

    @Test
    void defaultModeIsWord() {
        assertEquals(CjkMode.WORD, new Tokenizer().cjkMode());
        assertEquals(List.of("▁我", "喜欢"), new Tokenizer().tokenize("我喜欢"));
        assertEquals("Tokenizer[cjkMode=CHAR]", chars.toString());
    }

    @Test
    void markerConstant() {
        assertEquals("\u2581", Tokenizer.SPACE_MARKER);
        assertEquals('\u2581', Tokenizer.SPACE_MARKER_CHAR);
    }

    @Test
    void rejectsTheMarkerInInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> words.tokenize("a ▁b"));
        assertEquals("text contains the space marker U+2581 at index 2; normalise it with TextNormalizer first",
                e.getMessage());
    }

    @Test
    void markerInRawInputRoundTripsAfterNormalization() {
        String text = new TextNormalizer().normalize("▁Hello ▁world").text();
        List<String> tokens = words.tokenize(text);
        assertEquals(List.of("▁_Hello", "▁_world"), tokens);
        assertEquals("_Hello _world", words.detokenize(tokens));
    }

    @Test
    void tokensAreUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> words.tokenize("a b").add("c"));
    }

    @Test
    void worksAfterJavaSerialization() throws Exception {
        for (Tokenizer original : List.of(words, chars)) {
            Tokenizer copy = roundTrip(original);
            assertEquals(original.cjkMode(), copy.cjkMode());
            assertEquals(original.tokenize("我用iPhone 12拍的。"), copy.tokenize("我用iPhone 12拍的。"));
        }
        TextNormalizer normalizer = roundTrip(new TextNormalizer(false));
        assertEquals(false, normalizer.nfkc());
        assertEquals("ｉ x", normalizer.normalize("ｉ\u00A0x").text());
    }

    @Test
    void sharedInstanceGivesTheSameTokensOnManyThreads() throws Exception {
        List<String> lines = new ArrayList<>();
        wordModeRows().forEach(row -> lines.add((String) row.get()[0]));
        List<List<String>> expected = lines.stream().map(chars::tokenize).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<List<String>> last = null;
                    for (int repeat = 0; repeat < 200; repeat++) {
                        last = lines.stream().map(chars::tokenize).toList();
                        assertEquals(expected, last);
                    }
                    return last;
                }));
            }
            for (Future<List<List<String>>> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
