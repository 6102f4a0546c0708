package org.sparknmt.eval;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BLEU vectors kept in this repository (test resources {@code org/sparknmt/eval/vectors}, see their README):
 * what sacreBLEU 2.6.0 printed for {@code --tokenize intl} and {@code --tokenize char} on multilingual text, checked
 * as {@link BleuVectorsTest} checks the shared ones (score to 4 decimals, precisions, lengths, signature, JSON).
 */
class RepoBleuVectorsTest {
    static Path vectors() throws URISyntaxException {
        return Path.of(RepoBleuVectorsTest.class.getResource("vectors").toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"intl-multilingual", "char-multilingual"})
    void matchesSacreBleu(String name) throws IOException, URISyntaxException {
        BleuVectorsTest.checkVector(vectors().resolve(name));
    }
}
