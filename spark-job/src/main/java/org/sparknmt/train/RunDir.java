package org.sparknmt.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** The run directory's life cycle: refuse to reuse one silently; --resume continues it, --overwrite clears it. */
final class RunDir {
    private RunDir() {
    }

    static void prepare(FileSystem fs, Path run, Trainer.Mode mode) throws IOException {
        boolean exists = fs.exists(run) && fs.listStatus(run).length > 0;
        if (exists && mode == Trainer.Mode.FRESH) {
            throw new TrainException("run directory " + run + " already exists; pass --resume to continue it or"
                    + " --overwrite to start over (its checkpoints will be deleted)");
        }
        if (!exists && mode == Trainer.Mode.RESUME) {
            throw new TrainException("nothing to resume: run directory " + run + " does not exist or is empty");
        }
        if (exists && mode == Trainer.Mode.OVERWRITE && !fs.delete(run, true)) {
            throw new TrainException("cannot delete run directory " + run + " for --overwrite");
        }
        if (!fs.mkdirs(run)) {
            throw new TrainException("cannot create run directory " + run);
        }
    }
}
