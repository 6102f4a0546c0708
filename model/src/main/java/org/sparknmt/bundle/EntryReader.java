package org.sparknmt.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a bundle's ZIP entries into memory, in order, without extracting anything to disk. Refuses, before reading
 * an entry's data, a name that escapes the bundle, a name seen before, a first entry other than FORMAT, a FORMAT of
 * another version and a name a bundle never holds; bounds every entry and the total; and tells a file that is not a
 * ZIP archive from one that is truncated (including one cut after its last entry, by its missing end record).
 */
final class EntryReader {
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    /** The central directory after the last entry; a version 1 bundle's takes well under 2 KiB. */
    private static final long MAX_TRAILING_BYTES = 1L << 20;
    private static final long MAX_FORMAT_BYTES = 1024;

    private final String source;
    private final ReadLimits limits;
    private final EdgeRecordingInputStream raw;
    private final ZipInputStream zip;
    private final Map<String, RawEntry> entries = new LinkedHashMap<>();
    private long total;

    private EntryReader(InputStream in, String source, ReadLimits limits) {
        this.source = source;
        this.limits = limits;
        this.raw = new EdgeRecordingInputStream(in);
        this.zip = new ZipInputStream(raw, StandardCharsets.UTF_8);
    }

    /**
     * @return name → entry, in the bundle's order; CHECKSUMS is present and last
     * @throws BundleException for anything but a complete ZIP archive whose entries a bundle may hold
     * @throws IOException     when {@code in} itself fails
     */
    static Map<String, RawEntry> read(InputStream in, String source, ReadLimits limits) throws IOException {
        EntryReader reader = new EntryReader(in, source, limits);
        reader.readEntries();
        reader.checkComplete();
        return reader.entries;
    }

    private void readEntries() throws IOException {
        String previous = null;
        while (true) {
            ZipEntry e;
            try {
                e = zip.getNextEntry();
            } catch (EOFException x) {
                throw truncated(previous == null ? "it ends inside the header of its first entry"
                        : "it ends inside the header of the entry after '" + previous + "'", x);
            } catch (ZipException | IllegalArgumentException x) {
                throw new BundleException(source + " is corrupt: the header of the entry " + (previous == null ? "at its start"
                        : "after '" + previous + "'") + " cannot be read (" + x.getMessage() + "); " + Fixes.COPY_AGAIN, x);
            }
            if (e == null) {
                return;
            }
            String name = e.getName();
            checkName(name);
            entries.put(name, readData(e));
            if (name.equals(BundleLayout.FORMAT)) {
                BundleLayout.parseFormat(source, new String(entries.get(name).data().toByteArray(), StandardCharsets.UTF_8));
            }
            previous = name;
        }
    }

    private void checkName(String name) {
        if (EntryNames.escapes(name)) {
            throw new BundleException(source + " has an entry named \"" + name + "\", which escapes the bundle (an empty or "
                    + "absolute name, '..', a backslash or a drive letter); refusing to read it: " + Fixes.NOT_OURS);
        }
        if (entries.containsKey(name)) {
            throw new BundleException(source + " has two entries named '" + name + "'; refusing to guess which one counts: "
                    + Fixes.NOT_OURS);
        }
        if (entries.isEmpty() && !name.equals(BundleLayout.FORMAT)) {
            throw new BundleException(source + " is a ZIP archive but not a spark-nmt bundle: its first entry is '" + name
                    + "', not FORMAT; pass a bundle written by BundleIO.write (a bare DL4J model file is not one)");
        }
        if (!BundleLayout.ALL.contains(name)) {
            throw new BundleException(source + " has an entry '" + name + "' that a version " + Bundle.FORMAT_VERSION
                    + " bundle never holds (it holds only " + BundleLayout.ALL + "): " + Fixes.NOT_OURS);
        }
    }

    private RawEntry readData(ZipEntry e) throws IOException {
        String name = e.getName();
        long max = name.equals(BundleLayout.FORMAT) ? Math.min(MAX_FORMAT_BYTES, limits.maxFor(name)) : limits.maxFor(name);
        if (e.getSize() > max) {
            throw tooLarge(name, max);
        }
        MessageDigest digest = Checksums.sha256();
        ByteChunks data = new ByteChunks();
        byte[] buffer = new byte[64 << 10];
        try {
            for (int n; (n = zip.read(buffer, 0, buffer.length)) >= 0; ) {
                if (data.size() + n > max) {
                    throw tooLarge(name, max);
                }
                total += n;
                if (total > limits.maxTotalBytes()) {
                    throw new BundleException(source + "'s entries add up to more than " + limits.maxTotalBytes()
                            + " bytes uncompressed (the limit), at entry '" + name + "'; " + Fixes.NOT_OURS_OR_HUGE);
                }
                digest.update(buffer, 0, n);
                data.append(buffer, 0, n);
            }
        } catch (EOFException x) {
            throw truncated("it ends inside entry '" + name + "'", x);
        } catch (ZipException x) {
            throw new BundleException(source + " is corrupt: entry '" + name + "' cannot be read (" + x.getMessage() + "); "
                    + Fixes.COPY_AGAIN, x);
        }
        return new RawEntry(name, data, Checksums.hex(digest.digest()));
    }

    private void checkComplete() throws IOException {
        if (entries.isEmpty()) {
            if (raw.count() == 0) {
                throw truncated("it is empty", null);
            }
            if (raw.startsWith(LOCAL_HEADER)) {
                throw truncated("it ends inside the header of its first entry", null);
            }
            if (raw.startsWith(EMPTY_ZIP)) {
                throw new BundleException(source + " is an empty ZIP archive, not a spark-nmt bundle; pass a bundle written by "
                        + "BundleIO.write");
            }
            throw new BundleException(source + " is not a spark-nmt bundle: it is not a ZIP archive; pass a bundle written by "
                    + "BundleIO.write");
        }
        if (!raw.drain(MAX_TRAILING_BYTES)) {
            throw new BundleException(source + " has more than " + MAX_TRAILING_BYTES + " bytes after its last entry, where "
                    + "only the ZIP central directory belongs: " + Fixes.NOT_OURS);
        }
        String last = null;
        for (String name : entries.keySet()) {
            last = name;
        }
        if (!entries.containsKey(BundleLayout.CHECKSUMS)) {
            throw truncated("it ends after entry '" + last + "' without the CHECKSUMS entry that every bundle ends with", null);
        }
        if (!last.equals(BundleLayout.CHECKSUMS)) {
            throw new BundleException(source + " has entry '" + last + "' after CHECKSUMS, which is always the last entry: "
                    + Fixes.NOT_OURS);
        }
        if (!raw.endsWithZipEndRecord()) {
            throw truncated("it does not end with a ZIP end-of-central-directory record (cut, or other data appended)", null);
        }
    }

    private BundleException truncated(String detail, Exception cause) {
        return new BundleException(source + " is truncated or incomplete: " + detail + "; " + Fixes.COPY_AGAIN, cause);
    }

    private BundleException tooLarge(String name, long max) {
        return new BundleException(source + " has entry '" + name + "' larger than " + max + " bytes uncompressed (the limit "
                + "for it); " + Fixes.NOT_OURS_OR_HUGE);
    }
}
