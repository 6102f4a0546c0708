package org.sparknmt.bundle;

import java.util.regex.Pattern;

/** Recognises entry names that would point outside a bundle if anyone extracted it. */
final class EntryNames {
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

    private EntryNames() {
    }

    /** Whether {@code name} is empty, absolute, contains "..", a backslash, a NUL, or starts with a drive letter. */
    static boolean escapes(String name) {
        return name.isEmpty() || name.startsWith("/") || name.contains("..") || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0 || DRIVE_LETTER.matcher(name).matches();
    }
}
