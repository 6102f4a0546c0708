package org.sparknmt.config;

/** A configuration problem, with a message that names the key, the bad value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Standard form: {@code key: value 'v' is not allowed; allowed: ...}. */
    public static ConfigException invalid(String key, Object value, String allowed) {
        return new ConfigException(key + ": value '" + value + "' is not allowed; " + allowed);
    }
}
