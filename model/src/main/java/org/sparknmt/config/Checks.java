package org.sparknmt.config;

/** Validation helpers for config records: each failure names the key, the value and the allowed range. */
public final class Checks {
    private Checks() {
    }

    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw ConfigException.invalid(key, value, "must be >= " + min);
        }
        return value;
    }

    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw ConfigException.invalid(key, value, "must be >= " + min);
        }
        return value;
    }

    public static double inRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw ConfigException.invalid(key, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + ": is required but missing or empty");
        }
        return value;
    }

    public static String oneOf(String key, String value, java.util.Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw ConfigException.invalid(key, value, "allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return value;
    }
}
