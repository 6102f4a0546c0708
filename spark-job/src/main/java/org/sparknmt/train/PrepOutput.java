package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.prep.PrepLayout;
import org.sparknmt.prep.PrepManifest;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;
import org.sparknmt.hadoop.HadoopText;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A prep output directory ({@link PrepLayout}) as the trainer sees it: vocabularies, merges, the resolved prep config,
 * the manifest (whose SHA-256 is the bundle's provenance), batch file paths per split and the held-out text.
 */
public record PrepOutput(Path dir, Vocabulary sourceVocab, Vocabulary targetVocab, Subwords subwords,
                         String configYaml, PrepManifest manifest) {

    public static PrepOutput open(String dir, Configuration conf) {
        Path root = new Path(dir);
        FileSystem fs = HadoopFiles.fs(root, conf);
        try {
            Path manifestFile = new Path(root, PrepLayout.MANIFEST);
            if (!fs.exists(manifestFile)) {
                throw new TrainException("no prep output at " + dir + " (" + PrepLayout.MANIFEST + " missing): run"
                        + " 'spark-nmt prep' first and pass its output directory with --prep");
            }
            PrepManifest manifest = PrepManifest.parse(HadoopText.read(fs, manifestFile), manifestFile.toString());
            Vocabulary source;
            Vocabulary target;
            try (BufferedReader r = HadoopText.reader(fs, new Path(root, PrepLayout.VOCAB_SOURCE))) {
                source = Vocabulary.read(r, dir + "/" + PrepLayout.VOCAB_SOURCE);
            }
            try (BufferedReader r = HadoopText.reader(fs, new Path(root, PrepLayout.VOCAB_TARGET))) {
                target = Vocabulary.read(r, dir + "/" + PrepLayout.VOCAB_TARGET);
            }
            Subwords subwords;
            Path joint = new Path(root, PrepLayout.BPE_JOINT);
            if (fs.exists(joint)) {
                try (BufferedReader r = HadoopText.reader(fs, joint)) {
                    subwords = Subwords.joint(BpeModel.read(r, joint.toString()));
                }
            } else {
                BpeModel s;
                BpeModel t;
                try (BufferedReader r = HadoopText.reader(fs, new Path(root, PrepLayout.BPE_SOURCE))) {
                    s = BpeModel.read(r, dir + "/" + PrepLayout.BPE_SOURCE);
                }
                try (BufferedReader r = HadoopText.reader(fs, new Path(root, PrepLayout.BPE_TARGET))) {
                    t = BpeModel.read(r, dir + "/" + PrepLayout.BPE_TARGET);
                }
                subwords = new Subwords(s, t, false);
            }
            String config = HadoopText.read(fs, new Path(root, PrepLayout.CONFIG));
            return new PrepOutput(fs.makeQualified(root), source, target, subwords, config, manifest);
        } catch (IOException e) {
            throw new TrainException("cannot read prep output " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Batch files of a split ("train", "valid", "test"), sorted by name. */
    public List<String> batches(String split, Configuration conf) {
        Path d = new Path(dir, PrepLayout.batchDir(split));
        FileSystem fs = HadoopFiles.fs(d, conf);
        List<String> out = new ArrayList<>();
        try {
            if (fs.exists(d)) {
                for (FileStatus f : fs.listStatus(d)) {
                    if (f.getPath().getName().endsWith(PrepLayout.BATCH_EXTENSION)) {
                        out.add(f.getPath().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new TrainException("cannot list " + d + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** Held-out text lines: {@code heldout/<split>.raw.src|.raw.tgt}, or the normalised text when raw is absent. */
    public List<String> heldOut(String split, String side, Configuration conf) {
        Path p = new Path(dir, PrepLayout.heldOut(split, side, true));
        FileSystem fs = HadoopFiles.fs(p, conf);
        try {
            if (!fs.exists(p)) {
                p = new Path(dir, PrepLayout.heldOut(split, side, false));
                if (!fs.exists(p)) {
                    return List.of();
                }
            }
            String text = HadoopText.read(fs, p);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new TrainException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
