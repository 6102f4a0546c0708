package org.sparknmt.prep;

import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

import java.util.List;
import org.sparknmt.hadoop.CorpusReader;
import org.sparknmt.hadoop.InputFiles;
import org.sparknmt.hadoop.SourcedLine;

/** Turns the configured input (one TSV, or two line-aligned files) into an RDD of {@link RawPair}. */
public final class PairSources {
    private PairSources() {
    }

    /** The pairs and the input files they came from (for checksums in the manifest). */
    public record Pairs(JavaRDD<RawPair> rdd, long count, List<FileStatus> files) {
    }

    public static Pairs open(JavaSparkContext sc, PrepConfig.Input input, int partitions) {
        if (input.format() == PrepConfig.Format.TSV) {
            List<FileStatus> files = InputFiles.resolve("input", input.path(), sc.hadoopConfiguration());
            CorpusReader.Lines lines = CorpusReader.read(sc, files);
            return new Pairs(lines.rdd().map(new SplitColumns(input.sourceColumn(), input.targetColumn())), lines.count(), files);
        }
        List<FileStatus> sourceFiles = InputFiles.resolve("source input", input.source(), sc.hadoopConfiguration());
        List<FileStatus> targetFiles = InputFiles.resolve("target input", input.target(), sc.hadoopConfiguration());
        CorpusReader.Lines source = CorpusReader.read(sc, sourceFiles);
        CorpusReader.Lines target = CorpusReader.read(sc, targetFiles);
        if (source.count() != target.count()) {
            throw new PrepException("the two sides are not line-aligned: source " + describe(input.source(), sourceFiles)
                    + " has " + source.count() + " lines but target " + describe(input.target(), targetFiles) + " has "
                    + target.count() + " lines. Nothing was written. Fix the files so that line i of one side translates"
                    + " line i of the other.");
        }
        JavaPairRDD<Long, SourcedLine> s = source.rdd().mapToPair(l -> new Tuple2<>(l.index(), l));
        JavaPairRDD<Long, SourcedLine> t = target.rdd().mapToPair(l -> new Tuple2<>(l.index(), l));
        JavaRDD<RawPair> pairs = s.join(t, partitions).values().map(PairSources::aligned);
        List<FileStatus> all = new java.util.ArrayList<>(sourceFiles);
        all.addAll(targetFiles);
        return new Pairs(pairs, source.count(), all);
    }

    private static RawPair aligned(Tuple2<SourcedLine, SourcedLine> st) {
        SourcedLine s = st._1();
        SourcedLine t = st._2();
        return new RawPair(s.index(), s.file() + ":" + s.line(), s.text(), t.text(), s.invalidUtf8() || t.invalidUtf8(), null);
    }

    private static String describe(String spec, List<FileStatus> files) {
        return files.size() == 1 ? files.get(0).getPath().toString() : spec + " (" + files.size() + " files)";
    }

    /** Splits a TSV line into the configured columns; short or empty lines are marked, never thrown. */
    static final class SplitColumns implements Function<SourcedLine, RawPair> {
        private static final long serialVersionUID = 1L;
        private final int sourceColumn;
        private final int targetColumn;

        SplitColumns(int sourceColumn, int targetColumn) {
            this.sourceColumn = sourceColumn;
            this.targetColumn = targetColumn;
        }

        @Override
        public RawPair call(SourcedLine line) {
            String origin = line.file() + ":" + line.line();
            String text = line.text();
            if (text.isBlank()) {
                return new RawPair(line.index(), origin, "", "", line.invalidUtf8(), DropReason.EMPTY_LINE);
            }
            int needed = Math.max(sourceColumn, targetColumn) + 1;
            String[] columns = text.split("\t", needed + 1);
            if (columns.length < needed) {
                return new RawPair(line.index(), origin, "", "", line.invalidUtf8(), DropReason.TOO_FEW_COLUMNS);
            }
            return new RawPair(line.index(), origin, columns[sourceColumn], columns[targetColumn], line.invalidUtf8(), null);
        }
    }
}
