package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;

import java.io.BufferedReader;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A prep output directory as the trainer sees it: vocabularies, merges, the resolved prep config, the manifest
 * (and its SHA-256, the bundle's provenance), batch file paths per split and the held-out text.
 */
public record PrepOutput(Path dir, Vocabulary sourceVocab, Vocabulary targetVocab, Subwords subwords,
                         String configYaml, String manifestJson, String manifestSha256) {

    public static PrepOutput open(String dir, Configuration conf) {
        Path root = new Path(dir);
        FileSystem fs = HadoopFiles.fs(root, conf);
        try {
            if (!fs.exists(new Path(root, "manifest.json"))) {
                throw new TrainException("no prep output at " + dir + " (manifest.json missing): run 'spark-nmt prep'"
                        + " first and pass its output directory with --prep");
            }
            String manifest = HadoopFiles.readText(fs, new Path(root, "manifest.json"));
            Vocabulary source;
            Vocabulary target;
            try (BufferedReader r = HadoopFiles.reader(fs, new Path(root, "vocab.source.txt"))) {
                source = Vocabulary.read(r, dir + "/vocab.source.txt");
            }
            try (BufferedReader r = HadoopFiles.reader(fs, new Path(root, "vocab.target.txt"))) {
                target = Vocabulary.read(r, dir + "/vocab.target.txt");
            }
            Subwords subwords;
            Path joint = new Path(root, "bpe.codes");
            if (fs.exists(joint)) {
                try (BufferedReader r = HadoopFiles.reader(fs, joint)) {
                    subwords = Subwords.joint(BpeModel.read(r, joint.toString()));
                }
            } else {
                BpeModel s;
                BpeModel t;
                try (BufferedReader r = HadoopFiles.reader(fs, new Path(root, "bpe.source.codes"))) {
                    s = BpeModel.read(r, dir + "/bpe.source.codes");
                }
                try (BufferedReader r = HadoopFiles.reader(fs, new Path(root, "bpe.target.codes"))) {
                    t = BpeModel.read(r, dir + "/bpe.target.codes");
                }
                subwords = new Subwords(s, t, false);
            }
            String config = HadoopFiles.readText(fs, new Path(root, "config.yaml"));
            return new PrepOutput(fs.makeQualified(root), source, target, subwords, config, manifest, sha256(manifest));
        } catch (IOException e) {
            throw new TrainException("cannot read prep output " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Batch files of a split ("train", "valid", "test"), sorted by name. */
    public List<String> batches(String split, Configuration conf) {
        Path d = new Path(dir, "batches/" + split);
        FileSystem fs = HadoopFiles.fs(d, conf);
        List<String> out = new ArrayList<>();
        try {
            if (fs.exists(d)) {
                for (FileStatus f : fs.listStatus(d)) {
                    if (f.getPath().getName().endsWith(".mds")) {
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
        Path p = new Path(dir, "heldout/" + split + ".raw." + side);
        FileSystem fs = HadoopFiles.fs(p, conf);
        try {
            if (!fs.exists(p)) {
                p = new Path(dir, "heldout/" + split + "." + side);
                if (!fs.exists(p)) {
                    return List.of();
                }
            }
            String text = HadoopFiles.readText(fs, p);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new TrainException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
