package org.sparknmt.bundle;

/**
 * Bounds on what reading a bundle may hold in memory, against zip bombs and runaway files.
 *
 * @param maxEntryBytes     the largest uncompressed entry (the network)
 * @param maxTextEntryBytes the largest uncompressed text entry (vocabularies, merges, configs, JSON)
 * @param maxTotalBytes     the most uncompressed bytes of all entries together
 */
record ReadLimits(long maxEntryBytes, long maxTextEntryBytes, long maxTotalBytes) {
    private static final long GIB = 1L << 30;

    /** 4 GiB per entry, 1 GiB per text entry, 8 GiB in all. */
    static final ReadLimits DEFAULT = new ReadLimits(4 * GIB, GIB, 8 * GIB);

    ReadLimits {
        if (maxEntryBytes <= 0 || maxTextEntryBytes <= 0 || maxTotalBytes <= 0) {
            throw new IllegalArgumentException("limits must be > 0, were " + maxEntryBytes + ", " + maxTextEntryBytes + ", "
                    + maxTotalBytes);
        }
        if (maxTextEntryBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxTextEntryBytes must fit a Java array, was " + maxTextEntryBytes);
        }
    }

    /** The bound for one entry. */
    long maxFor(String name) {
        return BundleLayout.isText(name) ? Math.min(maxTextEntryBytes, maxEntryBytes) : maxEntryBytes;
    }
}
