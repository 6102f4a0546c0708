package org.sparknmt.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.MapperFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A stage's configuration as a YAML tree, built in layers: the stage's defaults (a resource shipped with the code),
 * then the user's file, then command-line overrides ({@code key.path=value}). Every layer may only name keys that
 * the defaults define, so a misspelt key fails with the list of allowed keys instead of being silently ignored.
 * The final tree binds once into the stage's immutable, validated config record.
 */
public final class ConfigTree {
    private static final ObjectMapper YAML = YAMLMapper.builder(
                    YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private final ObjectNode root;

    private ConfigTree(ObjectNode root) {
        this.root = root;
    }

    /** Loads the defaults from a classpath resource next to {@code anchor}. */
    public static ConfigTree defaults(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("default config resource missing from the build: " + resource);
            }
            return new ConfigTree((ObjectNode) YAML.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read default config " + resource, e);
        }
    }

    /** Overlays a user's YAML file; {@code sourceName} is used in error messages. */
    public ConfigTree overlay(Reader yaml, String sourceName) {
        JsonNode user;
        try {
            user = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + ": not valid YAML: " + e.getOriginalMessage()
                    + locationOf(e), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            return this;
        }
        if (!user.isObject()) {
            throw new ConfigException(sourceName + ": the top level must be a mapping of keys, found " + user.getNodeType());
        }
        ObjectNode merged = root.deepCopy();
        merge(merged, (ObjectNode) user, "", sourceName);
        return new ConfigTree(merged);
    }

    /** Applies one {@code a.b.c=value} override; the value is parsed as a YAML scalar (number, boolean, string, null). */
    public ConfigTree set(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + assignment + "' must have the form key.path=value");
        }
        return set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    /** Sets {@code dottedKey} to a scalar parsed as YAML (so "32" is a number and "true" a boolean). */
    public ConfigTree set(String dottedKey, String value) {
        JsonNode parsed;
        try {
            parsed = value.isEmpty() ? TextNode.valueOf("") : YAML.readTree(value);
        } catch (IOException e) {
            parsed = TextNode.valueOf(value);
        }
        if (parsed == null || parsed.isMissingNode()) {
            parsed = JsonNodeFactory.instance.nullNode();
        }
        return setNode(dottedKey, parsed);
    }

    /** Sets {@code dottedKey} to a string exactly as given (paths, master URLs: never reinterpreted). */
    public ConfigTree setString(String dottedKey, String value) {
        return setNode(dottedKey, value == null ? JsonNodeFactory.instance.nullNode() : TextNode.valueOf(value));
    }

    private ConfigTree setNode(String dottedKey, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = copy;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!node.has(part)) {
                throw unknownKey(path.toString(), part, node, "override " + dottedKey);
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(part);
            if (i == parts.length - 1) {
                if (node.get(part).isObject()) {
                    throw new ConfigException(path + ": is a section, not a value; set one of its keys: "
                            + keysOf((ObjectNode) node.get(part)));
                }
                node.set(part, value);
            } else {
                JsonNode child = node.get(part);
                if (!child.isObject()) {
                    throw new ConfigException(path + ": is a value, not a section (override " + dottedKey + ")");
                }
                node = (ObjectNode) child;
            }
        }
        return new ConfigTree(copy);
    }

    /** Binds the tree to a record type; validation in the record's constructor surfaces as a ConfigException. */
    public <T> T bind(Class<T> type) {
        try {
            return YAML.treeToValue(root, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            if (cause instanceof IllegalArgumentException && !e.getPath().isEmpty()) { // an enum's named factory refused
                throw new ConfigException(pathOf(e) + ": " + cause.getMessage(), e);
            }
            throw new ConfigException("invalid configuration: " + (cause != null ? cause.getMessage() : e.getMessage()), e);
        } catch (InvalidFormatException e) {
            throw ConfigException.invalid(pathOf(e), e.getValue(),
                    "expected a value of type " + e.getTargetType().getSimpleName()
                            + (e.getTargetType().isEnum() ? " " + java.util.Arrays.toString(e.getTargetType().getEnumConstants()) : ""));
        } catch (MismatchedInputException e) {
            throw new ConfigException(pathOf(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    /** This tree with {@code key} replaced by another tree (e.g. the model defaults as the "model" section). */
    public ConfigTree withSection(String key, ConfigTree section) {
        ObjectNode copy = root.deepCopy();
        copy.set(key, section.root.deepCopy());
        return new ConfigTree(copy);
    }

    /** The section {@code key} as a tree of its own (it must be a mapping). */
    public ConfigTree section(String key) {
        JsonNode node = root.get(key);
        if (node == null || !node.isObject()) {
            throw new ConfigException(key + ": is not a section of this configuration");
        }
        return new ConfigTree((ObjectNode) node.deepCopy());
    }

    /** The resolved configuration as YAML (logged and saved beside a stage's output). */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resolved tree (a copy), e.g. for embedding into a JSON manifest. */
    public ObjectNode toNode() {
        return root.deepCopy();
    }

    private static void merge(ObjectNode target, ObjectNode overlay, String prefix, String sourceName) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            JsonNode existing = target.get(key);
            if (existing == null) {
                throw unknownKey(prefix, key, target, sourceName);
            }
            JsonNode value = field.getValue();
            if (existing.isObject()) {
                if (!value.isObject()) {
                    throw new ConfigException(sourceName + ": " + path + " must be a section with keys "
                            + keysOf((ObjectNode) existing) + ", found " + value.getNodeType());
                }
                merge((ObjectNode) existing, (ObjectNode) value, path, sourceName);
            } else {
                target.set(key, value);
            }
        }
    }

    private static ConfigException unknownKey(String prefix, String key, ObjectNode where, String sourceName) {
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        return new ConfigException(sourceName + ": unknown key '" + path + "'; allowed "
                + (prefix.isEmpty() ? "top-level keys" : "keys in " + prefix) + ": " + keysOf(where));
    }

    private static TreeSet<String> keysOf(ObjectNode node) {
        TreeSet<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
