package org.sparknmt.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CHECKSUMS entry: one {@code "<sha256 hex>  <name>\n"} line per other entry, in entry order (sha256sum's format). */
final class Checksums {
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (\\S+)");

    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The CHECKSUMS text for name → hex digest, in map order. */
    static String format(Map<String, String> digests) {
        StringBuilder text = new StringBuilder();
        digests.forEach((name, digest) -> text.append(digest).append("  ").append(name).append('\n'));
        return text.toString();
    }

    /**
     * Parses CHECKSUMS text into name → hex digest.
     *
     * @throws BundleException for a malformed line or a name listed twice
     */
    static Map<String, String> parse(String source, String text) {
        Map<String, String> digests = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) {
                throw new BundleException(source + ": CHECKSUMS line " + (i + 1) + " is malformed: \"" + lines[i]
                        + "\"; expected \"<64 lower-case hex digits>  <entry name>\"; the file was altered — copy it again "
                        + "from where training wrote it, or use an earlier checkpoint");
            }
            if (digests.put(m.group(2), m.group(1)) != null) {
                throw new BundleException(source + ": CHECKSUMS lists entry '" + m.group(2) + "' twice; the file was altered — "
                        + "copy it again from where training wrote it, or use an earlier checkpoint");
            }
        }
        return digests;
    }
}
