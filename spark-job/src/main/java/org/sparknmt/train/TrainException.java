package org.sparknmt.train;

/** A problem the user can fix (paths, run directory state, config): the message says what and how. */
public final class TrainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainException(String message) {
        super(message);
    }

    public TrainException(String message, Throwable cause) {
        super(message, cause);
    }
}
