package org.sparknmt.nn;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Transformer's learning rate: a linear warm-up to {@code peak} over {@code warmup} iterations, then
 * {@code peak·√(warmup / step)} (step = iteration + 1), as fairseq's and the PyTorch peer's {@code inverse_sqrt}.
 * The saved network JSON names this class: keep its name and package stable.
 */
public final class InverseSqrtSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("peak")
    private final double peak;
    @JsonProperty("warmup")
    private final int warmup;

    @JsonCreator
    public InverseSqrtSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmup") int warmup) {
        if (warmup < 1 || !(peak > 0)) {
            throw new IllegalArgumentException("inverse-sqrt schedule needs warmup >= 1 and a positive peak, got "
                    + warmup + ", " + peak);
        }
        this.peak = peak;
        this.warmup = warmup;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double step = iteration + 1.0;
        return peak * Math.min(step / warmup, Math.sqrt(warmup / step));
    }

    @Override
    public ISchedule clone() {
        return new InverseSqrtSchedule(peak, warmup);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InverseSqrtSchedule s && s.peak == peak && s.warmup == warmup;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(peak) * 31 + warmup;
    }
}
