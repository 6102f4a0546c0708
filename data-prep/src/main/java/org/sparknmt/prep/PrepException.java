package org.sparknmt.prep;

/**
 * A problem with the user's input or output that stops the prep job: the message names the file (and line where one
 * is known) and what to do about it. Thrown on the driver or inside tasks; the driver unwraps it from Spark's
 * failure so the user sees this message rather than a stage-failure dump.
 */
public final class PrepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PrepException(String message) {
        super(message);
    }

    public PrepException(String message, Throwable cause) {
        super(message, cause);
    }
}
