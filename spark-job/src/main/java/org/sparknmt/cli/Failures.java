package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.sparknmt.hadoop.InputException;
import org.sparknmt.prep.PrepException;
import picocli.CommandLine;

/**
 * Turns the failures a user can fix (bad config, bad input, output exists) into one clear line and exit code 2;
 * anything else is a bug or an environment problem and keeps its stack trace (exit code 1).
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException || e instanceof PrepException || e instanceof InputException
                || e instanceof org.sparknmt.train.TrainException) {
            cmd.getErr().println("error: " + e.getMessage());
            return USER_ERROR;
        }
        cmd.getErr().println("error: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
