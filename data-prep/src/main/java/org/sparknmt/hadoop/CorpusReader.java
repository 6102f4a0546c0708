package org.sparknmt.hadoop;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads text files (plain, .gz, .bz2 — any codec Hadoop knows; any Hadoop file system) into lines that know their
 * file, their line number in that file and their global position. The driver never sees the text: a first pass
 * counts lines per input split (and so fails early, naming the file, on a truncated or corrupt file), a second
 * decodes them. Bytes are decoded as strict UTF-8; invalid sequences become U+FFFD and the line is flagged.
 * Lines end at LF, CRLF or CR (Hadoop's line reader), so CRLF files read the same as LF files.
 */
public final class CorpusReader {

    private CorpusReader() {
    }

    /** Lines of {@code files} with global indices in path order, and the total count. */
    public record Lines(JavaRDD<SourcedLine> rdd, long count, List<FileStatus> files) {
    }

    public static Lines read(JavaSparkContext sc, List<FileStatus> files) {
        JavaNewHadoopRDD<LongWritable, Text> hadoop = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopFile(
                InputFiles.joined(files), TextInputFormat.class, LongWritable.class, Text.class, sc.hadoopConfiguration());
        List<SplitCount> counts = new ArrayList<>(hadoop.mapPartitionsWithInputSplit(new CountLines(), true).collect());
        counts.sort(Comparator.comparing(SplitCount::path).thenComparingLong(SplitCount::start));
        Map<String, long[]> bases = new HashMap<>();
        long global = 0;
        String lastPath = null;
        long inFile = 0;
        for (SplitCount c : counts) {
            if (!c.path().equals(lastPath)) {
                lastPath = c.path();
                inFile = 0;
            }
            bases.put(c.key(), new long[]{global, inFile});
            global += c.lines();
            inFile += c.lines();
        }
        JavaRDD<SourcedLine> lines = hadoop.mapPartitionsWithInputSplit(new DecodeLines(bases), true);
        return new Lines(lines, global, files);
    }

    record SplitCount(String path, long start, long lines) implements Serializable {
        String key() {
            return path + '\u0000' + start;
        }
    }

    /** Pass 1: counts the lines of one split; a read failure names the file. */
    static final class CountLines implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<SplitCount>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<SplitCount> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) {
            FileSplit fs = (FileSplit) split;
            String path = fs.getPath().toString();
            long n = 0;
            try {
                while (records.hasNext()) {
                    records.next();
                    n++;
                }
            } catch (Exception e) { // Scala iterators rethrow checked IOExceptions undeclared
                throw readFailure(path, n, e);
            }
            return Collections.singletonList(new SplitCount(path, fs.getStart(), n)).iterator();
        }
    }

    /** Pass 2: decodes the lines of one split, giving each its global index and file line number. */
    static final class DecodeLines implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<SourcedLine>> {
        private static final long serialVersionUID = 1L;
        private final Map<String, long[]> bases;

        DecodeLines(Map<String, long[]> bases) {
            this.bases = bases;
        }

        @Override
        public Iterator<SourcedLine> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) {
            FileSplit fs = (FileSplit) split;
            String path = fs.getPath().toString();
            long[] base = bases.get(new SplitCount(path, fs.getStart(), 0).key());
            if (base == null) {
                throw new InputException("input " + path + " changed while it was being read (a split that the first pass"
                        + " did not see); re-run on an input that is not being written to", null);
            }
            Utf8 utf8 = new Utf8();
            return new Iterator<>() {
                long n;

                @Override
                public boolean hasNext() {
                    try {
                        return records.hasNext();
                    } catch (Exception e) { // Scala iterators rethrow checked IOExceptions undeclared
                        throw readFailure(path, base[1] + n, e);
                    }
                }

                @Override
                public SourcedLine next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Tuple2<LongWritable, Text> record;
                    try {
                        record = records.next();
                    } catch (Exception e) { // Scala iterators rethrow checked IOExceptions undeclared
                        throw readFailure(path, base[1] + n, e);
                    }
                    Text t = record._2();
                    String text = utf8.decode(t.getBytes(), t.getLength());
                    long index = base[0] + n;
                    long line = base[1] + n + 1;
                    n++;
                    return new SourcedLine(index, path, line, text, utf8.lastInvalid);
                }
            };
        }
    }

    /** Strict UTF-8 with a lenient fallback; one instance per partition (decoders are not thread-safe). */
    static final class Utf8 {
        private final CharsetDecoder strict = org.sparknmt.io.Utf8.strictDecoder();
        boolean lastInvalid;

        String decode(byte[] bytes, int length) {
            lastInvalid = false;
            if (isAscii(bytes, length)) {
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            try {
                CharBuffer chars = strict.reset().decode(ByteBuffer.wrap(bytes, 0, length));
                return chars.toString();
            } catch (CharacterCodingException e) {
                lastInvalid = true;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
        }

        private static boolean isAscii(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static InputException readFailure(String path, long linesRead, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InputException known) {
            return known;
        }
        return new InputException("cannot read " + path + " after line " + linesRead + ": " + root
                + ". The file is truncated or corrupt (for .gz files check with 'gzip -t', for .bz2 'bzip2 -t');"
                + " repair or re-create it, or remove it from the input", e);
    }
}
