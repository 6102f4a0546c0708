package org.sparknmt.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Resolves a user's input spec (a file, a directory of parts or a glob, any Hadoop file system) to files. */
public final class InputFiles {
    private InputFiles() {
    }

    /** The files behind {@code spec}, sorted by path; fails with a message naming {@code role} and the spec. */
    public static List<FileStatus> resolve(String role, String spec, Configuration conf) {
        Path path = new Path(spec);
        try {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new InputException(role + " not found: " + spec
                        + " (no file or directory matches; check the path)", null);
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    for (FileStatus child : fs.listStatus(match.getPath())) {
                        String name = child.getPath().getName();
                        if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                            files.add(child);
                        }
                    }
                } else {
                    files.add(match);
                }
            }
            if (files.isEmpty()) {
                throw new InputException(role + " " + spec + " matches only empty directories: no input files", null);
            }
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
            return files;
        } catch (IOException e) {
            throw new InputException("cannot list " + role + " " + spec + ": " + e.getMessage(), e);
        }
    }

    /** Comma-separated paths, the form Hadoop's FileInputFormat takes for several inputs. */
    public static String joined(List<FileStatus> files) {
        StringBuilder sb = new StringBuilder();
        for (FileStatus f : files) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(f.getPath().toString().replace(",", "\\,"));
        }
        return sb.toString();
    }
}
