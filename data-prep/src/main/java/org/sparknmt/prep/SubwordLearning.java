package org.sparknmt.prep;

import org.sparknmt.subword.Subwords;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.subword.BpeLearner;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.hadoop.HadoopText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * BPE for a prep run: word frequencies are counted on the cluster over the training split only (no leakage from
 * held-out data), and the merges are learned on the driver from that table; or an existing subword-nmt merges
 * file is loaded. Also writes the merges into the output.
 */
final class SubwordLearning {
    private static final Logger LOG = LoggerFactory.getLogger(SubwordLearning.class);

    private SubwordLearning() {
    }

    static Subwords learnOrLoad(JavaSparkContext sc, JavaRDD<CleanPair> kept, PrepConfig.Subword cfg) {
        if (!cfg.learn()) {
            Path path = new Path(cfg.mergesFile());
            try {
                FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
                if (!fs.exists(path)) {
                    throw new PrepException("subword.mergesFile not found: " + path);
                }
                try (BufferedReader in = HadoopText.reader(fs, path)) {
                    BpeModel model = BpeModel.read(in, path.toString());
                    LOG.info("loaded {} merges from {}", model.numMerges(), path);
                    return Subwords.joint(model);
                }
            } catch (IOException e) {
                throw new PrepException("cannot read subword.mergesFile " + path + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new PrepException(e.getMessage(), e);
            }
        }
        JavaRDD<CleanPair> train = kept.filter(p -> p.split() == Split.TRAIN);
        if (cfg.joint()) {
            Map<String, Long> counts = count(train.flatMap(p -> both(p).iterator()));
            return Subwords.joint(learn(counts, cfg, "joint"));
        }
        Map<String, Long> source = count(train.flatMap(p -> Arrays.asList(p.sourceTokens()).iterator()));
        Map<String, Long> target = count(train.flatMap(p -> Arrays.asList(p.targetTokens()).iterator()));
        return new Subwords(learn(source, cfg, "source"), learn(target, cfg, "target"), false);
    }

    private static java.util.List<String> both(CleanPair p) {
        java.util.List<String> all = new java.util.ArrayList<>(p.sourceTokens().length + p.targetTokens().length);
        all.addAll(Arrays.asList(p.sourceTokens()));
        all.addAll(Arrays.asList(p.targetTokens()));
        return all;
    }

    private static Map<String, Long> count(JavaRDD<String> words) {
        JavaPairRDD<String, Long> counts = words.mapToPair(w -> new Tuple2<>(w, 1L)).reduceByKey(Long::sum);
        return new HashMap<>(counts.collectAsMap());
    }

    private static BpeModel learn(Map<String, Long> counts, PrepConfig.Subword cfg, String side) {
        long t0 = System.nanoTime();
        BpeModel model = BpeLearner.learn(counts, cfg.merges(), cfg.minFrequency());
        LOG.info("learned {} {} merges from {} distinct words in {} ms", model.numMerges(), side, counts.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return model;
    }

    static void write(OutputDir out, Subwords subwords) {
        if (subwords.joint()) {
            out.writeText(PrepLayout.BPE_JOINT, subwords.source()::write);
        } else {
            out.writeText(PrepLayout.BPE_SOURCE, subwords.source()::write);
            out.writeText(PrepLayout.BPE_TARGET, subwords.target()::write);
        }
    }
}
