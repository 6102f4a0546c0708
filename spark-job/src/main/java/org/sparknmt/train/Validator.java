package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.sparknmt.batch.MultiDataSets;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.eval.BleuScore;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.eval.CorpusBleu;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.translate.TextPipeline;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Validation on the driver: loss and perplexity per target token over the validation batches, and corpus BLEU
 * (the same sacreBLEU-compatible scorer as {@code evaluate}) of the first {@code maxSentences} held-out sentences
 * translated from their raw text, exactly as a user's input would be.
 */
final class Validator {
    record Result(double loss, double perplexity, double bleu, String bleuLine) {
        /** What "better" means for checkpoints and early stopping: BLEU, or minus the loss when BLEU is off. */
        double score() {
            return Double.isNaN(bleu) ? -loss : bleu;
        }
    }

    private final List<String> batches;
    private final List<String> sources;
    private final List<String> references;
    private final TrainConfig.Validation cfg;
    private final TextPipeline text;
    private final Configuration conf;

    Validator(PrepOutput prep, TrainConfig.Validation cfg, Configuration conf) {
        this.conf = conf;
        this.cfg = cfg;
        this.batches = prep.batches("valid", conf);
        List<String> src = prep.heldOut("valid", "src", conf);
        List<String> tgt = prep.heldOut("valid", "tgt", conf);
        int n = Math.min(cfg.maxSentences(), Math.min(src.size(), tgt.size()));
        this.sources = src.subList(0, n);
        this.references = tgt.subList(0, n);
        this.text = TextPipeline.fromPrepConfig(prep.configYaml(), prep.subwords(), prep.sourceVocab(), prep.targetVocab());
    }

    Result validate(ComputationGraph graph, ModelConfig model) throws IOException {
        double lossSum = 0;
        double tokens = 0;
        for (String b : batches) {
            Path p = new Path(b);
            MultiDataSet mds;
            try (InputStream in = HadoopFiles.fs(p, conf).open(p)) {
                mds = MultiDataSets.read(in);
            }
            long mb = mds.getFeatures(0).size(0);
            lossSum += graph.score(mds, false) * mb; // DL4J: summed over time steps, averaged over the minibatch
            tokens += mds.getLabelsMaskArray(0).sumNumber().doubleValue();
        }
        double loss = tokens == 0 ? Double.NaN : lossSum / tokens;
        double bleu = Double.NaN;
        String line = "";
        if (!sources.isEmpty()) {
            Translator t = new Translator(graph, model, text, 64, Translator.DEFAULT_MAX_SOURCE_TOKENS);
            DecodeOptions options = DecodeOptions.of(cfg.beam(), 1);
            List<String> hyps = t.translate(sources, options);
            BleuScore score = CorpusBleu.score(hyps, references, cfg.tokenize(), false);
            bleu = score.score();
            line = score.format();
        }
        return new Result(loss, Math.exp(loss), bleu, line);
    }
}
