package org.sparknmt.prep;

import java.io.Serializable;

/** The train/validation/test split, decided by a salted hash of the cleaned pair: deterministic on any cluster. */
public enum Split {
    TRAIN, VALID, TEST;

    public String dirName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Assigns pairs to splits; identical pairs always land in the same split, so duplicates never leak. */
    public record Assigner(double valid, double test, long seed) implements Serializable {
        private static final int RESOLUTION = 1_000_000;

        public Split of(String source, String target) {
            // String.hashCode is fixed by the Java spec, so the split is the same on every JVM; fmix64 spreads it.
            long h = mix(((long) source.hashCode() << 32) ^ (target.hashCode() & 0xffffffffL) ^ mix(seed));
            double u = Long.remainderUnsigned(h, RESOLUTION) / (double) RESOLUTION;
            if (u < valid) {
                return VALID;
            }
            return u < valid + test ? TEST : TRAIN;
        }

        /** MurmurHash3's 64-bit finaliser. */
        private static long mix(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            k ^= k >>> 33;
            k *= 0xc4ceb9fe1a85ec53L;
            k ^= k >>> 33;
            return k;
        }
    }
}
