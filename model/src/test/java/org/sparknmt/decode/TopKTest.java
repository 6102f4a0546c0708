package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TopKTest {
    private record Candidate(double logProb, int token, int position) {
    }

    private static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::logProb).reversed()
            .thenComparingInt(Candidate::token)
            .thenComparingInt(Candidate::position);

    @Test
    void keepsTheBestInCandidateOrderIncludingTies() {
        Random random = new Random(42);
        for (int capacity = 1; capacity <= 7; capacity++) {
            TopK topK = new TopK(capacity);
            for (int trial = 0; trial < 50; trial++) {
                int count = random.nextInt(30);
                List<Candidate> all = new ArrayList<>();
                topK.clear();
                for (int i = 0; i < count; i++) {
                    // few distinct values, tokens and positions: many ties at every level
                    double lp = random.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : -random.nextInt(3);
                    Candidate c = new Candidate(lp, random.nextInt(4), random.nextInt(3));
                    all.add(c);
                    topK.offer(c.logProb(), c.token(), c.position());
                }
                all.sort(ORDER);
                List<Candidate> expected = all.subList(0, Math.min(capacity, count));
                assertEquals(expected.size(), topK.size());
                double[] lps = new double[capacity];
                int[] tokens = new int[capacity];
                int[] positions = new int[capacity];
                int n = topK.drainBestFirst(lps, tokens, positions);
                List<Candidate> actual = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    actual.add(new Candidate(lps[i], tokens[i], positions[i]));
                }
                assertEquals(expected, actual);
                assertEquals(0, topK.size());
            }
        }
    }

    @Test
    void smallExample() {
        TopK topK = new TopK(3);
        topK.offer(-2.0, 7, 0);
        topK.offer(-1.0, 9, 1);
        topK.offer(-2.0, 5, 1);
        topK.offer(-2.0, 5, 0);
        topK.offer(-3.0, 4, 0);
        double[] lps = new double[3];
        int[] tokens = new int[3];
        int[] positions = new int[3];
        assertEquals(3, topK.drainBestFirst(lps, tokens, positions));
        assertArrayEquals(new double[] {-1.0, -2.0, -2.0}, lps);
        assertArrayEquals(new int[] {9, 5, 5}, tokens);
        assertArrayEquals(new int[] {1, 0, 1}, positions);
    }

    @Test
    void rejectsZeroCapacity() {
        assertEquals("capacity must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new TopK(0)).getMessage());
    }
}
