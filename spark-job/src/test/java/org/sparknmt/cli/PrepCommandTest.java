package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prep subcommand as a user runs it: help, config errors with exit code 2, and a real local[2] run. */
class PrepCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = SparkNmt.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run r = run("prep", "--help");
        assertEquals(0, r.code());
        for (String option : new String[]{"--config", "--input", "--source", "--target", "--output", "--overwrite",
                "--master", "--set"}) {
            assertTrue(r.out().contains(option), option + " missing from help:\n" + r.out());
        }
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("if it exists. Default: false"), r.out());
        assertTrue(help.contains("Default: input.path of the config"), r.out());
    }

    @Test
    void unknownKeyIsExitCodeTwoWithTheAllowedKeys() {
        Run r = run("prep", "--input", "x.tsv", "--output", "out", "--set", "batch.sise=3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'batch.sise'") && r.err().contains("size"), r.err());
    }

    @Test
    void invalidValueNamesKeyAndRange() {
        Run r = run("prep", "--input", "x.tsv", "--output", "out", "--set", "batch.size=0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("batch.size: value '0' is not allowed; must be >= 1"), r.err());
    }

    @Test
    void missingConfigFileIsNamed(@TempDir Path tmp) {
        Run r = run("prep", "--config", tmp.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("config file not found") && r.err().contains("nope.yaml"), r.err());
    }

    @Test
    void configFileThenOptionsThenSetRunOnLocalSpark(@TempDir Path tmp) throws IOException {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            tsv.append("Sentence number ").append(i).append(" is here.\t第").append(i).append("句在这里。\tCC-BY\n");
        }
        Path corpus = Files.writeString(tmp.resolve("corpus.tsv"), tsv, StandardCharsets.UTF_8);
        Path config = Files.writeString(tmp.resolve("prep.yaml"),
                "input:\n  path: /does/not/exist\n  sourceColumn: 1\n  targetColumn: 0\nsubword:\n  merges: 50\n");
        Path out = tmp.resolve("out");
        Run r = run("prep", "--config", config.toString(), "--input", corpus.toString(), "--output", out.toString(),
                "--master", "local[2]", "--set", "batch.size=16");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(300, m.at("/pairs/read").asLong());
        assertEquals(corpus.toUri().getPath(), java.net.URI.create(m.at("/inputs/0/path").asText()).getPath(),
                "--input overrides the file's input.path");
        assertEquals(16, m.at("/config/batch/size").asInt(), "--set wins");
        assertEquals(50, m.at("/config/subword/merges").asInt(), "the file overrides the defaults");
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("size: 16"));

        Run again = run("prep", "--config", config.toString(), "--input", corpus.toString(), "--output", out.toString(),
                "--master", "local[2]");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("--overwrite"), again.err());
    }
}
