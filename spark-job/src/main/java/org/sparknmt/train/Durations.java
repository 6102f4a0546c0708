package org.sparknmt.train;

import java.util.Locale;

/** Durations as people read them in progress logs. */
public final class Durations {
    private Durations() {
    }

    /** {@code seconds} as {@code h:mm:ss} (negative values show as 0:00:00). */
    public static String hms(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
