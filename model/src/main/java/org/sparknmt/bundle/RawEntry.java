package org.sparknmt.bundle;

/** One entry as read from a bundle, not yet interpreted: its uncompressed bytes and their SHA-256 (hex). */
record RawEntry(String name, ByteChunks data, String sha256) {
}
