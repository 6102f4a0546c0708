package org.sparknmt.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparknmt.train.Plateau.Action.DECAY;
import static org.sparknmt.train.Plateau.Action.HOLD;
import static org.sparknmt.train.Plateau.Action.IMPROVED;
import static org.sparknmt.train.Plateau.Action.STOP;

class PlateauTest {
    private static List<Plateau.Action> run(Plateau p, double... scores) {
        List<Plateau.Action> out = new ArrayList<>();
        for (double s : scores) {
            out.add(p.observe(s));
        }
        return out;
    }

    @Test
    void oneNoisyValidationDoesNotDecay() {
        // the Multi30k run's first epoch: 1.5, 5.1, then 3.8 two steps later (noise), then rising again
        assertEquals(List.of(IMPROVED, IMPROVED, HOLD, IMPROVED),
                run(new Plateau(4, 2, Double.NaN, 0), 1.5, 5.1, 3.8, 9.9));
    }

    @Test
    void decaysEveryDecayPatienceAndStopsAtPatience() {
        Plateau p = new Plateau(5, 2, Double.NaN, 0);
        assertEquals(List.of(IMPROVED, HOLD, DECAY, HOLD, DECAY, STOP), run(p, 20, 19, 20, 18, 19.5, 19.9));
        assertEquals(20, p.best());
        assertEquals(5, p.sinceBest());
    }

    @Test
    void zeroMeansNeverAndAResumedRunContinuesItsCount() {
        assertEquals(List.of(HOLD, HOLD, HOLD), run(new Plateau(0, 0, 30, 0), 29, 28, 27));
        assertEquals(List.of(STOP), run(new Plateau(3, 2, 30, 2), 29), "two misses before the resume, one after");
        assertEquals(List.of(IMPROVED), run(new Plateau(3, 2, Double.NaN, 0), Double.NEGATIVE_INFINITY));
        assertEquals(List.of(HOLD), run(new Plateau(3, 2, 1.0, 0), Double.NaN), "NaN never improves");
    }
}
