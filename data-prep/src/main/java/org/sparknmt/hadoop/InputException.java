package org.sparknmt.hadoop;

/**
 * A problem with input files that the user can fix: not found, truncated or corrupt, changed while being read. The
 * message names the file (and the line where one is known) and what to do. Thrown on the driver or inside tasks;
 * each job (prep, translate) turns it into its own user-facing error.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param cause the underlying failure, or null */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
