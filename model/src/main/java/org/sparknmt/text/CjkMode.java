package org.sparknmt.text;

/**
 * How {@link Tokenizer} splits Han and kana, which are written without spaces between words.
 */
public enum CjkMode {
    /** ICU's dictionary segmentation: "我喜欢吃苹果" becomes 我 | 喜欢 | 吃 | 苹果. */
    WORD,
    /**
     * Every Han or kana character (with any combining marks attached to it) is its own token: 我 | 喜 | 欢 | 吃 | 苹 | 果.
     * Immune to dictionary gaps and mixed simplified/traditional text, at the cost of longer sequences.
     */
    CHAR
}
