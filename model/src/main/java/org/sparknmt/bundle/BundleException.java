package org.sparknmt.bundle;

/**
 * A bundle that cannot be read: not a bundle, truncated, corrupt, altered, from a newer spark-nmt, or inconsistent.
 * The message names the bundle, the problem and the fix.
 */
public class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
