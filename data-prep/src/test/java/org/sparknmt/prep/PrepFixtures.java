package org.sparknmt.prep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.config.ConfigTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers shared by the prep tests: config building, running, reading the manifest. */
final class PrepFixtures {
    private PrepFixtures() {
    }

    static Path projectRoot() {
        return Paths.get(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** ../shared next to the project; tests that need it are skipped, saying so, when it is absent. */
    static Path shared(String relative) {
        Path p = Paths.get(System.getProperty("shared.dir", "../../shared")).toAbsolutePath().normalize().resolve(relative);
        assumeTrue(Files.exists(p), "skipped: " + p + " is missing (the ../shared corpora are not beside this clone)");
        return p;
    }

    static ConfigTree config(String... overrides) {
        ConfigTree tree = ConfigTree.defaults(PrepConfig.class, "prep-defaults.yaml")
                .set("subword.merges", "300")
                .set("batch.size", "32");
        for (String o : overrides) {
            int eq = o.indexOf('=');
            tree = tree.setString(o.substring(0, eq), o.substring(eq + 1));
        }
        return tree;
    }

    static ConfigTree tsv(Path input, Path output, String... more) {
        List<String> all = new ArrayList<>(List.of("input.format=tsv", "input.path=" + input, "output.path=" + output));
        all.addAll(List.of(more));
        return config(all.toArray(new String[0]));
    }

    static ConfigTree parallel(Path source, Path target, Path output, String... more) {
        List<String> all = new ArrayList<>(List.of("input.format=parallel", "input.source=" + source,
                "input.target=" + target, "output.path=" + output, "input.sourceColumn=0", "input.targetColumn=1"));
        all.addAll(List.of(more));
        return config(all.toArray(new String[0]));
    }

    static PrepResult run(JavaSparkContext sc, ConfigTree tree) {
        return new PrepJob(sc, tree.bind(PrepConfig.class), tree).run();
    }

    static JsonNode manifest(Path output) {
        try {
            return new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
