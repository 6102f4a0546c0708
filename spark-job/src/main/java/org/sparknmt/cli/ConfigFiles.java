package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Overlays an optional --config file on a stage's defaults, with errors that name the file. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static ConfigTree load(ConfigTree defaults, Path config) {
        if (config == null) {
            return defaults;
        }
        try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            return defaults.overlay(r, config.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + config);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + config + ": " + e.getMessage(), e);
        }
    }
}
