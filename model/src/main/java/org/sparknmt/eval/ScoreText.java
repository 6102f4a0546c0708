package org.sparknmt.eval;

/**
 * The three ways sacreBLEU's {@code Score.format} prints a corpus score, shared by BLEU and chrF: text
 * ({@code NAME|SIGNATURE = SCORE VERBOSE}, {@code -f text}), score only ({@code -b}) and JSON (the default
 * {@code -f json}: {@code json.dumps(..., indent=1, ensure_ascii=False)} of name, score, signature, verbose_score,
 * then each signature field).
 */
final class ScoreText {
    private ScoreText() {
    }

    static String line(String name, String signature, double score, int width, String verbose) {
        String head = signature == null || signature.isEmpty() ? name : name + "|" + signature;
        String line = head + " = " + PyFormat.fixed(score, width);
        return verbose.isEmpty() ? line : line + " " + verbose;
    }

    static String json(String name, String signature, double score, int width, String verbose) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append(" \"name\": ").append(quote(name));
        // sacreBLEU stores float(f"{score:.{width}f}") and json writes its repr
        sb.append(",\n \"score\": ").append(PyFormat.repr(Double.parseDouble(PyFormat.fixed(score, width))));
        sb.append(",\n \"signature\": ").append(quote(signature));
        if (!verbose.isEmpty()) {
            sb.append(",\n \"verbose_score\": ").append(quote(verbose));
        }
        for (String field : signature.split("\\|")) {
            int colon = field.indexOf(':');
            sb.append(",\n ").append(quote(field.substring(0, colon))).append(": ")
                    .append(quote(field.substring(colon + 1)));
        }
        return sb.append("\n}").toString();
    }

    /** A JSON string as Python's json.dumps writes it with ensure_ascii=False. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
