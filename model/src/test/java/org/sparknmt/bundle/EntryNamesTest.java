package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs.txt", "../evil.txt", "a/../b", "a/..", "..", "a\\b", "\\abs", "C:evil", "z:/x", "D:\\x",
            "a\0b"})
    void escaping(String name) {
        assertTrue(EntryNames.escapes(name), name);
    }

    @Test
    void everyBundleEntryNameAndOrdinaryNamesAreSafe() {
        for (String name : BundleLayout.ALL) {
            assertFalse(EntryNames.escapes(name), name);
        }
        for (String name : new String[] {"a.b", "dir/file.txt", "1:2", "ab:c", "文件.txt", ".hidden"}) {
            assertFalse(EntryNames.escapes(name), name);
        }
    }
}
