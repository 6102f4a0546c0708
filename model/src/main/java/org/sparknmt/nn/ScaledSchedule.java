package org.sparknmt.nn;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A schedule times a constant: {@code factor·base(iteration, epoch)}. The plateau rule's decay
 * ({@code validation.plateauDecay}) scales the running schedule with it, so warm-up, exponential or inverse-square-root
 * decay go on after a halving instead of stopping at a fixed rate. The saved network JSON names this class: keep its
 * name and package stable.
 */
public final class ScaledSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("base")
    private final ISchedule base;
    @JsonProperty("factor")
    private final double factor;

    @JsonCreator
    public ScaledSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
        if (base == null || !(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a scaled schedule needs a base schedule and a positive finite factor,"
                    + " got " + base + ", " + factor);
        }
        this.base = base;
        this.factor = factor;
    }

    /** {@code schedule} scaled by {@code factor}; a scaled schedule is scaled again by multiplying its factor. */
    public static ScaledSchedule of(ISchedule schedule, double factor) {
        return schedule instanceof ScaledSchedule s ? new ScaledSchedule(s.base, s.factor * factor)
                : new ScaledSchedule(schedule, factor);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return factor * base.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new ScaledSchedule(base.clone(), factor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && s.factor == factor && s.base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + Double.hashCode(factor);
    }

    @Override
    public String toString() {
        return factor + " x " + base;
    }
}
