package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.hadoop.AtomicHadoopFiles;

import java.io.IOException;
import java.util.List;

/**
 * {@code checkpoint.averageLast} at the end of a training run: the newest N checkpoints averaged into
 * {@code checkpoints/averaged.bundle}, validated, and {@code best} moved to it when it scores higher. A failure to
 * average is a warning: the run itself succeeded and its checkpoints are intact.
 */
record EndOfRunAverage(TrainConfig cfg, Checkpoints checkpoints, Validator validator, Configuration conf) {
    private static final Logger LOG = LoggerFactory.getLogger(EndOfRunAverage.class);
    /** The file written into the checkpoint directory. */
    static final String AVERAGED = "averaged.bundle";

    /**
     * Averages the newest {@code checkpoint.averageLast} checkpoints into {@code checkpoints/averaged.bundle} and
     * validates it; {@code best} points at it when it scores higher than the best checkpoint. Returns its score.
     */
    double run(double best) throws IOException {
        int n = cfg.checkpoint().averageLast();
        List<Path> newest = checkpoints.bundlesNewestFirst();
        if (newest.size() < n) {
            LOG.warn("checkpoint.averageLast is {} but the run has {} checkpoints: averaging them all", n, newest.size());
            n = newest.size();
        }
        if (n < 2) {
            return Double.NaN;
        }
        Path target = new Path(checkpoints.dir(), AVERAGED);
        CheckpointAverage.Result r;
        try {
            r = CheckpointAverage.average(newest.subList(0, n), target, conf);
        } catch (TrainException | IOException e) {
            // the run itself succeeded and its checkpoints are intact: say why and keep 'best' as it is
            LOG.warn("checkpoint.averageLast: could not average the last {} checkpoints ({}); 'best' stays {}", n,
                    e.getMessage(), checkpoints.pointer(Checkpoints.BEST).map(Path::getName).orElse("unset"));
            return Double.NaN;
        }
        Validator.Result v = validator.validate(r.bundle().network(), cfg.model());
        boolean better = Double.isNaN(best) || v.score() > best;
        LOG.info(String.format("averaged the last %d checkpoints -> %s: validation loss %.4f ppl %.2f BLEU %.2f%s", n,
                AVERAGED, v.loss(), v.perplexity(), v.bleu(), better ? " (best)" : ""));
        if (better) {
            AtomicHadoopFiles.writeText(HadoopFiles.fs(target, conf), new Path(checkpoints.dir(), Checkpoints.BEST),
                    AVERAGED + "\n");
        }
        return v.score();
    }
}
