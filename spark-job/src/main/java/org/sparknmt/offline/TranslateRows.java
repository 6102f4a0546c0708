package org.sparknmt.offline;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Translates one DataFrame partition's text column: each row comes back in its place with every column kept and the
 * translation appended as the last column. Rows are taken in windows of {@link #WINDOW_BATCHES} × batch size; a
 * window's sentences are decoded in batches of similar length with the JVM's leased network copy (the bundle is read
 * once per executor, {@link ExecutorModels}). A null input gives a null output; an empty one (or one skipped as
 * overlong) gives {@code ""}, or an empty array with n-best.
 *
 * @param setup      the bundle, search, source limit and batch size
 * @param inputIndex the position of the string column to translate
 * @param inputName  its name (for error messages)
 */
public record TranslateRows(DecodeSetup setup, int inputIndex, String inputName)
        implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Rows decoded together, in batches: bounds the memory a partition takes, whatever its size. */
    static final int WINDOW_BATCHES = 16;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private Iterator<Row> window = Collections.emptyIterator();
            private long taken;

            @Override
            public boolean hasNext() {
                while (!window.hasNext() && rows.hasNext()) {
                    List<Row> in = new ArrayList<>();
                    while (rows.hasNext() && in.size() < setup.batchSize() * WINDOW_BATCHES) {
                        in.add(rows.next());
                    }
                    window = translate(in, taken).iterator();
                    taken += in.size();
                }
                return window.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return window.next();
            }
        };
    }

    /** {@code rows}, the first of which is row {@code first} (0-based) of the partition, each with its translation. */
    private List<Row> translate(List<Row> rows, long first) {
        List<int[]> sources = new ArrayList<>(rows.size());
        List<List<Translation>> results;
        try (ExecutorModels.Lease lease = setup.lease()) {
            Translator translator = lease.translator(setup.batchSize(), setup.limit());
            for (int k = 0; k < rows.size(); k++) {
                if (!rows.get(k).isNullAt(inputIndex)) {
                    int[] ids = translator.text().encodeSource(rows.get(k).getString(inputIndex));
                    sources.add(setup.limit().apply(ids, where(first + k)));
                }
            }
            results = translator.translateEncoded(sources, setup.options());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle " + setup.bundle().path(), e);
        }
        List<Row> out = new ArrayList<>(rows.size());
        Iterator<List<Translation>> next = results.iterator();
        for (Row row : rows) {
            Object value = row.isNullAt(inputIndex) ? null : value(next.next(), setup.options().nBest() > 1);
            Object[] values = new Object[row.length() + 1];
            for (int c = 0; c < row.length(); c++) {
                values[c] = row.get(c);
            }
            values[row.length()] = value;
            out.add(RowFactory.create(values));
        }
        return out;
    }

    /** The output column's value for one non-null input: the best text, or with n-best all texts, best first. */
    static Object value(List<Translation> nBest, boolean array) {
        if (array) {
            return nBest.stream().map(Translation::text).toArray(String[]::new);
        }
        return nBest.isEmpty() ? "" : nBest.get(0).text();
    }

    private String where(long row) {
        TaskContext task = TaskContext.get();
        return "column '" + inputName + "', row " + (row + 1) + " of partition "
                + (task == null ? "?" : String.valueOf(task.partitionId()));
    }
}
