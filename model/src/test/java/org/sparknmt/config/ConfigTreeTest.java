package org.sparknmt.config;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTreeTest {
    enum Mode { FAST, SLOW }

    record Inner(int size, Mode mode) {
        Inner {
            Checks.atLeast("inner.size", size, 1);
        }
    }

    record Sample(String name, Inner inner) {
    }

    private static ConfigTree defaults() {
        return ConfigTree.defaults(ConfigTreeTest.class, "sample-defaults.yaml");
    }

    @Test
    void layersApplyInOrderDefaultsFileOverrides() {
        ConfigTree t = defaults().overlay(new StringReader("inner:\n  size: 7\n"), "user.yaml").set("name=other");
        Sample s = t.bind(Sample.class);
        assertEquals(new Sample("other", new Inner(7, Mode.FAST)), s);
        assertTrue(t.toYaml().contains("size: 7"));
    }

    @Test
    void unknownKeyInFileNamesItAndTheAllowedKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> defaults().overlay(new StringReader("inner:\n  sise: 7\n"), "user.yaml"));
        assertEquals("user.yaml: unknown key 'inner.sise'; allowed keys in inner: [mode, size]", e.getMessage());
    }

    @Test
    void unknownOverrideKeyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> defaults().set("inner.speed=3"));
        assertTrue(e.getMessage().contains("unknown key 'inner.speed'") && e.getMessage().contains("[mode, size]"), e.getMessage());
    }

    @Test
    void invalidValueNamesKeyValueAndAllowedRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> defaults().set("inner.size=0").bind(Sample.class));
        assertEquals("inner.size: value '0' is not allowed; must be >= 1", e.getMessage());
    }

    @Test
    void wrongTypeAndBadEnumNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> defaults().set("inner.size=lots").bind(Sample.class));
        assertTrue(e.getMessage().startsWith("inner.size: value 'lots' is not allowed"), e.getMessage());
        ConfigException m = assertThrows(ConfigException.class, () -> defaults().set("inner.mode=medium").bind(Sample.class));
        assertTrue(m.getMessage().contains("inner.mode") && m.getMessage().contains("[FAST, SLOW]"), m.getMessage());
        assertEquals(Mode.SLOW, defaults().set("inner.mode=slow").bind(Sample.class).inner().mode(), "case-insensitive enums");
    }

    @Test
    void invalidYamlNamesFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> defaults().overlay(new StringReader("inner:\n  size: [1,\n"), "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml: not valid YAML") && e.getMessage().contains("line"), e.getMessage());
    }
}
