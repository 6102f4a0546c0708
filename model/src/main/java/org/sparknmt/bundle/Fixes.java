package org.sparknmt.bundle;

/** The "how to fix it" endings of {@link BundleException} messages. */
final class Fixes {
    static final String COPY_AGAIN = "copy the bundle again from where training wrote it, or use an earlier checkpoint";
    static final String NOT_OURS = "this file was not written by spark-nmt's BundleIO.write, or was altered since; use a bundle "
            + "that training wrote";
    static final String NOT_OURS_OR_HUGE = "this is not a bundle training wrote (possibly a zip bomb); use a bundle that "
            + "training wrote";
    static final String REWRITE = "write the bundle again with BundleIO.write from one training run";

    private Fixes() {
    }
}
