package org.sparknmt.prep;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.sparknmt.batch.MultiDataSets;
import org.sparknmt.vocab.Specials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prep of the embedded zh-en corpus on local[2]: counts add up, the manifest matches the files, runs repeat. */
@ExtendWith(LocalSpark.class)
class TatoebaPrepTest {
    private static final int CORPUS_LINES = 29_156; // 29,155 pairs + the empty last line

    @Test
    void prepOfEmbeddedCorpusAddsUpAndMatchesItsManifest(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path corpus = PrepFixtures.projectRoot().resolve("data/tatoeba-cmn-eng/cmn.txt");
        Path out = tmp.resolve("prep");
        PrepResult r = PrepFixtures.run(sc, PrepFixtures.tsv(corpus, out, "subword.joint=false"));

        assertEquals(CORPUS_LINES, r.inputPairs(), "every line of the file is a pair to account for");
        assertEquals(r.inputPairs(), r.kept() + r.droppedTotal(), "kept + dropped = read");
        assertEquals(1, r.dropped().get(DropReason.EMPTY_LINE), "the empty last line");
        assertTrue(r.dropped().get(DropReason.DUPLICATE) >= 100, "the corpus has 100 exact duplicates");
        // The file starts with a BOM; Hadoop's line reader strips a file-leading BOM, BOMs elsewhere are repaired.
        for (String f : List.of("vocab.source.txt", "vocab.target.txt")) {
            assertFalse(Files.readString(out.resolve(f)).contains("\uFEFF"), "no BOM leaks into " + f);
        }

        JsonNode m = PrepFixtures.manifest(out);
        assertEquals(r.inputPairs(), m.at("/pairs/read").asLong());
        assertEquals(r.kept(), m.at("/pairs/kept").asLong());
        long droppedInManifest = 0;
        for (JsonNode n : m.at("/pairs/dropped")) {
            droppedInManifest += n.asLong();
        }
        assertEquals(r.inputPairs() - r.kept(), droppedInManifest);
        assertEquals(64, m.at("/inputs/0/sha256").asText().length());

        long pairsInBatches = 0;
        for (Split split : Split.values()) {
            Path dir = out.resolve("batches").resolve(split.dirName());
            List<Path> files = batchFiles(dir);
            JsonNode s = m.at("/splits/" + split.dirName());
            assertEquals(s.get("batches").asLong(), files.size(), split + ": batch files = manifest");
            long pairs = 0;
            long realTarget = 0;
            for (Path f : files) {
                MultiDataSet mds = read(f);
                long mb = mds.getFeatures(0).size(0);
                assertTrue(mb <= 32, "batch.size respected");
                assertEquals(mb, mds.getFeatures(1).size(0));
                pairs += mb;
                realTarget += mds.getLabelsMaskArray(0).sumNumber().longValue();
            }
            assertEquals(s.get("pairs").asLong(), pairs, split + ": pairs in files = manifest");
            assertEquals(s.get("targetTokens").asLong(), realTarget, split + ": real target tokens = manifest");
            pairsInBatches += pairs;
            if (split != Split.TRAIN) {
                for (String f : List.of(".src", ".tgt", ".raw.src", ".raw.tgt")) {
                    assertEquals(pairs, PrepFixtures.lines(out.resolve("heldout/" + split.dirName() + f)).size(), f);
                }
            }
        }
        assertEquals(r.kept(), pairsInBatches, "every kept pair is in exactly one batch");
        PrepManifest typed = PrepManifest.parse(Files.readString(out.resolve(PrepLayout.MANIFEST)), "manifest");
        assertEquals(32, typed.batchSize(), "what the trainer reads is what prep was told");
        assertEquals(m.at("/splits/train/batches").asLong(), typed.train().batches());
        assertEquals(m.at("/splits/train/targetTokens").asLong(), typed.train().targetTokens());
        assertEquals(m.at("/inputs/0/sha256").asText(), typed.inputs().get(0).sha256());
        List<String> raw = PrepFixtures.lines(out.resolve("heldout/test.raw.src"));
        assertTrue(raw.stream().anyMatch(l -> l.contains("\uFF0C")), "raw Chinese keeps its full-width commas");
        assertFalse(PrepFixtures.lines(out.resolve("heldout/test.src")).stream().anyMatch(l -> l.contains("\uFF0C")),
                "NFKC folds them in the normalised text");
        assertTrue(m.at("/all/paddingEfficiency").asDouble() > 0.75, "bucketing keeps padding low");

        List<String> vocab = PrepFixtures.lines(out.resolve("vocab.source.txt"));
        assertEquals(Specials.ALL, vocab.subList(0, 4).stream().map(l -> l.split("\t")[0]).toList());
        assertEquals(m.at("/vocabulary/source").asInt(), vocab.size());
        assertTrue(Files.exists(out.resolve("bpe.source.codes")) && Files.exists(out.resolve("bpe.target.codes")));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("sourceColumn: 1"));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(out), siblings.toList(), "no staging directory is left behind");
        }
    }

    @Test
    void twoRunsGiveIdenticalVocabulariesMergesAndBatches(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path corpus = PrepFixtures.projectRoot().resolve("data/tatoeba-cmn-eng/cmn.txt");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        PrepFixtures.run(sc, PrepFixtures.tsv(corpus, a, "spark.partitions=3"));
        PrepFixtures.run(sc, PrepFixtures.tsv(corpus, b, "spark.partitions=5"));
        for (String f : List.of("bpe.codes", "vocab.source.txt", "vocab.target.txt", "heldout/valid.src",
                "heldout/test.tgt")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
        }
        assertFalse(PrepFixtures.lines(a.resolve("bpe.codes")).isEmpty());
        assertEquals(PrepFixtures.manifest(a).at("/splits"), PrepFixtures.manifest(b).at("/splits"));
    }

    static List<Path> batchFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(PrepLayout.BATCH_EXTENSION)).sorted().toList();
        }
    }

    static MultiDataSet read(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return MultiDataSets.read(in);
        }
    }
}
