package org.sparknmt.prep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.hadoop.MiniHdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prep reading and writing hdfs:// paths on a real (in-process) MiniDFSCluster: globs, gzip parts, atomic output. */
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsPrepTest {
    private MiniDFSCluster cluster;
    private FileSystem fs;
    private String root;

    @BeforeAll
    void startHdfs() throws IOException {
        cluster = MiniHdfs.start();
        fs = cluster.getFileSystem();
        root = fs.getUri() + "/corpora";
    }

    @AfterAll
    void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private void write(String path, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(new Path(path), true)) {
            out.write(bytes);
        }
    }

    private static String lines(String side, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append("en".equals(side) ? "a small dog number " + i + " runs ." : "ein kleiner Hund Nummer " + i + " rennt .")
                    .append('\n');
        }
        return sb.toString();
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void prepReadsGlobsOfCompressedPartsOnHdfsAndCommitsItsOutputThere(JavaSparkContext sc) throws IOException {
        sc.hadoopConfiguration().setInt("dfs.replication", 1);
        write(root + "/en/part-0.en.gz", gzip(lines("en", 0, 120)));
        write(root + "/en/part-1.en", lines("en", 120, 80).getBytes(StandardCharsets.UTF_8));
        write(root + "/de/part-0.de.gz", gzip(lines("de", 0, 120)));
        write(root + "/de/part-1.de", lines("de", 120, 80).getBytes(StandardCharsets.UTF_8));
        String out = fs.getUri() + "/prep/en-de";

        var tree = PrepFixtures.config("input.format=parallel", "input.source=" + root + "/en/part-*",
                "input.target=" + root + "/de/part-*", "output.path=" + out, "subword.merges=100");
        PrepResult r = new PrepJob(sc, tree.bind(PrepConfig.class), tree).run();

        assertEquals(200, r.inputPairs());
        assertEquals(200, r.kept(), "lines of part-0 pair with part-0, part-1 with part-1");
        JsonNode m;
        try (InputStream in = fs.open(new Path(out, "manifest.json"))) {
            m = new ObjectMapper().readTree(in);
        }
        assertEquals(4, m.at("/inputs").size());
        assertTrue(m.at("/inputs/0/path").asText().startsWith("hdfs://"));
        long files = 0;
        for (String split : new String[]{"train", "valid", "test"}) {
            Path dir = new Path(out, "batches/" + split);
            if (fs.exists(dir)) {
                for (FileStatus f : fs.listStatus(dir)) {
                    files += f.getPath().getName().endsWith(".mds") ? 1 : 0;
                }
            }
        }
        assertEquals(m.at("/all/batches").asLong(), files, "batch files on HDFS = manifest");
        for (FileStatus s : fs.listStatus(new Path(fs.getUri() + "/prep"))) {
            assertFalse(s.getPath().getName().contains("staging"), "no staging directory left: " + s.getPath());
        }

        PrepException refused = assertThrows(PrepException.class,
                () -> new PrepJob(sc, tree.bind(PrepConfig.class), tree).run());
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    }

    @Test
    void misalignedSidesOnHdfsNameBothPaths(JavaSparkContext sc) throws IOException {
        write(root + "/bad/a.en", lines("en", 0, 10).getBytes(StandardCharsets.UTF_8));
        write(root + "/bad/a.de", lines("de", 0, 9).getBytes(StandardCharsets.UTF_8));
        var tree = PrepFixtures.config("input.format=parallel", "input.source=" + root + "/bad/a.en",
                "input.target=" + root + "/bad/a.de", "output.path=" + fs.getUri() + "/prep/bad");
        PrepException e = assertThrows(PrepException.class, () -> new PrepJob(sc, tree.bind(PrepConfig.class), tree).run());
        assertTrue(e.getMessage().contains("a.en") && e.getMessage().contains("10 lines")
                && e.getMessage().contains("9 lines"), e.getMessage());
        assertFalse(fs.exists(new Path(fs.getUri() + "/prep/bad")));
    }
}
