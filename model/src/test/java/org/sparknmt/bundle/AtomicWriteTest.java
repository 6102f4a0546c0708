package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtomicWriteTest {
    private final ComputationGraph trained = Fixtures.trained(1);
    private final Bundle bundle = Fixtures.bundle(trained, Fixtures.perSide());

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A network that fails while ModelSerializer saves its updater, after the config and parameters went out. */
    private static ComputationGraph failingOnSave() {
        ComputationGraph g = new ComputationGraph(Fixtures.config(Fixtures.SOURCE_SIZE, Fixtures.TARGET_SIZE)) {
            @Override
            public ComputationGraphUpdater getUpdater() {
                throw new IllegalStateException("simulated failure while saving the updater state");
            }
        };
        g.init();
        return g;
    }

    @Test
    void writesANewFileAndReplacesAnOldOneLeavingNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("step-5.bundle");
        BundleIO.writeAtomically(bundle, target);
        assertEquals(List.of("step-5.bundle"), list(dir));
        assertEquals(Fixtures.STATE, BundleIO.read(target).state());

        TrainingState later = new TrainingState(4, 9, 0, 20.0, 42);
        BundleIO.writeAtomically(new Bundle(trained, bundle.sourceVocab(), bundle.targetVocab(), bundle.subwords(),
                bundle.modelConfigYaml(), bundle.dataConfigYaml(), later, bundle.provenance()), target);
        assertEquals(List.of("step-5.bundle"), list(dir));
        assertEquals(later, BundleIO.read(target).state());
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileByteIdenticalAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Bundle failing = Fixtures.bundle(failingOnSave(), Fixtures.perSide());
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        assertThrows(IllegalStateException.class, () -> BundleIO.write(failing, partial));
        byte[] written = partial.toByteArray();
        assertTrue(written.length > 30 && written[0] == 'P' && written[1] == 'K',
                "a plain write fails midway, leaving a partial ZIP file of " + written.length + " bytes");

        Path target = dir.resolve("latest.bundle");
        BundleIO.writeAtomically(bundle, target);
        byte[] before = Files.readAllBytes(target);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BundleIO.writeAtomically(failing, target));
        assertEquals("simulated failure while saving the updater state", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("latest.bundle"), list(dir));
    }

    @Test
    void aFailedRenameDeletesTheTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");

        FileSystemException e = assertThrows(FileSystemException.class, () -> BundleIO.writeAtomically(bundle, target));
        assertTrue(e.getMessage().endsWith(target.toString() + ": Is a directory"), e.getMessage());
        assertEquals(List.of("occupied"), list(dir));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingAnything(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("no/such/dir/model.bundle");
        assertThrows(NoSuchFileException.class, () -> BundleIO.writeAtomically(bundle, target));
        assertFalse(Files.exists(dir.resolve("no")));
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aRelativeTargetIsWrittenInItsOwnDirectory(@TempDir Path dir) throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.bundle"));
        BundleIO.writeAtomically(bundle, relative);
        assertEquals(List.of("rel.bundle"), list(dir));
    }
}
