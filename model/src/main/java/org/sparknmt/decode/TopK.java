package org.sparknmt.decode;

/**
 * Keeps the best {@code capacity} of a stream of candidates ({@code logProb, token, position}) in
 * {@link Candidates#before} order: a bounded min-heap whose root is the worst kept candidate, so a candidate that
 * does not make the cut costs one comparison, and {@code n} offers cost {@code O(n log capacity)} at worst.
 * Mutable and reusable via {@link #clear()}; confined to one decode call.
 */
final class TopK {
    private final int capacity;
    private final double[] logProbs;
    private final int[] tokens;
    private final int[] positions;
    private int size;

    TopK(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.logProbs = new double[capacity];
        this.tokens = new int[capacity];
        this.positions = new int[capacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    /**
     * A cheap pre-filter: a candidate with a log-probability below this cannot be kept (equal ones may, by the tie
     * rules); {@code -Infinity} until the heap is full.
     */
    double threshold() {
        return size < capacity ? Double.NEGATIVE_INFINITY : logProbs[0];
    }

    /** Offers one candidate; keeps it if it ranks among the best {@code capacity} seen since {@link #clear()}. */
    void offer(double logProb, int token, int position) {
        if (size < capacity) {
            int i = size++;
            set(i, logProb, token, position);
            siftUp(i);
        } else if (Candidates.before(logProb, token, position, logProbs[0], tokens[0], positions[0])) {
            set(0, logProb, token, position);
            siftDown(0);
        }
    }

    /**
     * Empties the heap into the given arrays, best first, and returns how many were written. Each array needs room
     * for {@link #size()} entries.
     */
    int drainBestFirst(double[] logProbsOut, int[] tokensOut, int[] positionsOut) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            logProbsOut[i] = logProbs[0];
            tokensOut[i] = tokens[0];
            positionsOut[i] = positions[0];
            size--;
            if (size > 0) {
                set(0, logProbs[size], tokens[size], positions[size]);
                siftDown(0);
            }
        }
        return n;
    }

    /** Whether slot i holds a worse candidate than slot j (the heap keeps the worst at the root). */
    private boolean worse(int i, int j) {
        return Candidates.before(logProbs[j], tokens[j], positions[j], logProbs[i], tokens[i], positions[i]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(right, left)) {
                worst = right;
            }
            if (!worse(worst, i)) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void set(int i, double logProb, int token, int position) {
        logProbs[i] = logProb;
        tokens[i] = token;
        positions[i] = position;
    }

    private void swap(int i, int j) {
        double lp = logProbs[i];
        logProbs[i] = logProbs[j];
        logProbs[j] = lp;
        int t = tokens[i];
        tokens[i] = tokens[j];
        tokens[j] = t;
        int p = positions[i];
        positions[i] = positions[j];
        positions[j] = p;
    }
}
