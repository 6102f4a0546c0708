package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written {@link StepScorer} for decoder tests, with no network: next-token log-probabilities come from a
 * {@link Table} keyed by (source, history), where the history is what the row has been fed after BOS. Each row
 * carries its source index and history as its "state", so {@link #select} is observable.
 *
 * <p>It also checks the decoder's side of the contract, failing the test with an {@link AssertionError} on: a call
 * with zero rows or the wrong number of tokens; a first token other than BOS; a later token that is PAD, BOS, EOS or
 * out of range (a finished row was stepped instead of being dropped); a select row out of range. Every call is
 * recorded: {@link #calls()} holds, per {@code logProbs} call, the source of each row, and {@link #selects()} the
 * argument of each {@code select}.
 *
 * <p>The default vocabulary has {@link #VOCAB} ids: the specials PAD 0, UNK 1, BOS 2, EOS 3, then words A-D.
 */
final class TableScorer implements StepScorer {
    static final int PAD = 0;
    static final int UNK = 1;
    static final int BOS = 2;
    static final int EOS = 3;
    static final int A = 4;
    static final int B = 5;
    static final int C = 6;
    static final int D = 7;
    static final int VOCAB = 8;

    /** Next-token log-probabilities, shape {@code [vocabSize]}, of {@code source} after {@code history}. */
    @FunctionalInterface
    interface Table {
        float[] next(int source, int[] history);
    }

    private record Row(int source, int[] history, boolean started) {
    }

    private final int vocabSize;
    private final Table table;
    private List<Row> rows = new ArrayList<>();
    private final List<int[]> calls = new ArrayList<>();
    private final List<int[]> selects = new ArrayList<>();

    TableScorer(int vocabSize, int sources, Table table) {
        this.vocabSize = vocabSize;
        this.table = table;
        for (int s = 0; s < sources; s++) {
            rows.add(new Row(s, new int[0], false));
        }
    }

    TableScorer(int sources, Table table) {
        this(VOCAB, sources, table);
    }

    /** A table giving source {@code s} the answers of {@code tables[s]}. */
    static Table perSource(Table... tables) {
        return (source, history) -> tables[source].next(0, history);
    }

    /** The float log-probability the tables use for probability {@code p}, widened as the decoders widen it. */
    static double lp(double p) {
        return (float) Math.log(p);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        if (lastTokens.length == 0) {
            throw new AssertionError("logProbs called with zero rows");
        }
        if (lastTokens.length != rows.size()) {
            throw new AssertionError("logProbs got " + lastTokens.length + " tokens for " + rows.size() + " rows");
        }
        float[] out = new float[rows.size() * vocabSize];
        int[] sources = new int[rows.size()];
        List<Row> next = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int token = lastTokens[r];
            Row fed;
            if (!row.started()) {
                if (token != BOS) {
                    throw new AssertionError("row " + r + " (source " + row.source() + ") first fed " + token
                            + ", expected BOS");
                }
                fed = new Row(row.source(), row.history(), true);
            } else {
                if (token < 0 || token >= vocabSize || token == PAD || token == BOS || token == EOS) {
                    throw new AssertionError("row " + r + " (source " + row.source() + ", history "
                            + Arrays.toString(row.history()) + ") fed " + token
                            + ": finished rows must be dropped by select, never stepped");
                }
                int[] history = Arrays.copyOf(row.history(), row.history().length + 1);
                history[history.length - 1] = token;
                fed = new Row(row.source(), history, true);
            }
            float[] dist = table.next(fed.source(), fed.history());
            if (dist.length != vocabSize) {
                throw new AssertionError("table gave " + dist.length + " entries, expected " + vocabSize);
            }
            System.arraycopy(dist, 0, out, r * vocabSize, vocabSize);
            sources[r] = fed.source();
            next.add(fed);
        }
        rows = next;
        calls.add(sources);
        return out;
    }

    @Override
    public void select(int[] selected) {
        List<Row> next = new ArrayList<>(selected.length);
        for (int old : selected) {
            if (old < 0 || old >= rows.size()) {
                throw new AssertionError("select row " + old + " outside [0, " + rows.size() + ")");
            }
            next.add(rows.get(old));
        }
        rows = next;
        selects.add(selected.clone());
    }

    /** Per logProbs call, the source index of each row, in row order. */
    List<int[]> calls() {
        return calls;
    }

    /** The argument of every select call, in order. */
    List<int[]> selects() {
        return selects;
    }

    /** The current rows' histories (ids fed after BOS), in row order. */
    List<int[]> histories() {
        List<int[]> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(row.history().clone());
        }
        return out;
    }
}
