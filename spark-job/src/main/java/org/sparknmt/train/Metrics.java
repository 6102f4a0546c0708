package org.sparknmt.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.hadoop.AtomicHadoopFiles;
import org.sparknmt.hadoop.HadoopText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.jsonl} (one JSON object per line: {@code "type":"train"} after each fitted chunk,
 * {@code "type":"valid"} after each validation) and {@code report.html}, a self-contained page with the loss and
 * BLEU curves drawn as inline SVG. Both are rewritten atomically after every record, so a reader never sees half a
 * file and a killed run keeps everything up to its last record.
 */
final class Metrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    record TrainPoint(int epoch, long step, double loss, double tokensPerSec, double paddedTokensPerSec, double elapsedSec) {
    }

    record ValidPoint(int epoch, long step, double loss, double perplexity, double bleu, double learningRate,
                      String checkpoint) {
    }

    private final FileSystem fs;
    private final Path run;
    private final List<TrainPoint> train = new ArrayList<>();
    private final List<ValidPoint> valid = new ArrayList<>();

    Metrics(FileSystem fs, Path run) {
        this.fs = fs;
        this.run = run;
    }

    /**
     * Reloads what a previous (interrupted) run recorded up to {@code upToStep}, the step of the checkpoint being
     * resumed, so a resumed run keeps its curves and drops points of work that is redone.
     */
    void restore(long upToStep) throws IOException {
        Path p = new Path(run, "metrics.jsonl");
        if (!fs.exists(p)) {
            return;
        }
        for (String line : HadoopText.read(fs, p).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            if (n.path("step").asLong() > upToStep) {
                continue;
            }
            if ("train".equals(n.path("type").asText())) {
                train.add(new TrainPoint(n.path("epoch").asInt(), n.path("step").asLong(), n.path("loss").asDouble(),
                        n.path("tokensPerSec").asDouble(), n.path("paddedTokensPerSec").asDouble(), n.path("elapsedSec").asDouble()));
            } else {
                valid.add(new ValidPoint(n.path("epoch").asInt(), n.path("step").asLong(), n.path("loss").asDouble(),
                        n.path("perplexity").asDouble(), n.path("bleu").asDouble(), n.path("learningRate").asDouble(),
                        n.path("checkpoint").asText()));
            }
        }
    }

    void add(TrainPoint p) throws IOException {
        train.add(p);
        flush();
    }

    void add(ValidPoint p) throws IOException {
        valid.add(p);
        flush();
    }

    List<ValidPoint> validation() {
        return List.copyOf(valid);
    }

    private void flush() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (TrainPoint p : train) {
            ObjectNode n = JSON.valueToTree(p);
            n.put("type", "train");
            sb.append(JSON.writeValueAsString(n)).append('\n');
        }
        for (ValidPoint p : valid) {
            ObjectNode n = JSON.valueToTree(p);
            n.put("type", "valid");
            sb.append(JSON.writeValueAsString(n)).append('\n');
        }
        AtomicHadoopFiles.writeText(fs, new Path(run, "metrics.jsonl"), sb.toString());
        AtomicHadoopFiles.writeText(fs, new Path(run, "report.html"), report());
    }

    private String report() {
        List<double[]> loss = new ArrayList<>();
        train.forEach(p -> loss.add(new double[]{p.step(), p.loss()}));
        List<double[]> validLoss = new ArrayList<>();
        List<double[]> bleu = new ArrayList<>();
        valid.forEach(p -> {
            validLoss.add(new double[]{p.step(), p.loss()});
            if (!Double.isNaN(p.bleu())) {
                bleu.add(new double[]{p.step(), p.bleu()});
            }
        });
        StringBuilder rows = new StringBuilder();
        for (ValidPoint p : valid) {
            rows.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%.4f</td><td>%.2f</td><td>%.2f</td><td>%.2e</td><td>%s</td></tr>%n",
                    p.epoch(), p.step(), p.loss(), p.perplexity(), p.bleu(), p.learningRate(), p.checkpoint()));
        }
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>spark-nmt training report</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 10px;text-align:right}</style></head><body>"
                + "<h1>Training report</h1><p>Run: " + escape(run.toString()) + "</p>"
                + "<h2>Training loss (per target token) by step</h2>" + Svg.lineChart(loss, "step", "loss", "#1f77b4")
                + "<h2>Validation loss by step</h2>" + Svg.lineChart(validLoss, "step", "loss", "#ff7f0e")
                + "<h2>Validation BLEU by step</h2>" + Svg.lineChart(bleu, "step", "BLEU", "#2ca02c")
                + "<h2>Validations</h2><table><tr><th>epoch</th><th>step</th><th>loss</th><th>ppl</th><th>BLEU</th>"
                + "<th>lr</th><th>checkpoint</th></tr>" + rows + "</table></body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
