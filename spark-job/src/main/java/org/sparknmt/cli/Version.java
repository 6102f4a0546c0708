package org.sparknmt.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar manifest when packaged. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SparkNmt.class.getPackage().getImplementationVersion();
        return new String[]{"spark-nmt " + (v == null ? "(development build)" : v)};
    }
}
