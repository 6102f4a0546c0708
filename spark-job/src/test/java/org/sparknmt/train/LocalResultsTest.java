package org.sparknmt.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A result stays in memory (as a copy) only when the worker runs in the driver's JVM; the round's average is the
 * mean of the workers' parameters, updater states and scores, whichever way they came, and leaves the workers' own
 * arrays unwritten.
 */
class LocalResultsTest {
    @AfterEach
    void clear() {
        LocalResults.clear();
    }

    private static ComputationGraph network() {
        return Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=16")
                .bind(ModelConfig.class), 12, 12);
    }

    private static ParameterAveragingTrainingResult result(ComputationGraph net, double fill, double score) {
        INDArray params = Nd4j.rand(net.params().dataType(), net.params().shape()).addi(fill);
        INDArray updater = Nd4j.rand(params.dataType(), net.getUpdater().getStateViewArray().shape()).addi(fill);
        return new ParameterAveragingTrainingResult(params, updater, score, null, null, null);
    }

    @Test
    void aResultStaysInMemoryOnlyInTheDriversJvm() {
        ParameterAveragingTrainingResult r = result(network(), 0, 1);
        LocalResults.Shipped here = LocalResults.ship(LocalResults.JVM, "round-1", 0, r);
        assertTrue(here.parked());
        assertEquals(1, LocalResults.parkedCount());
        ParameterAveragingTrainingResult parked = LocalResults.receive(here);
        assertNotSame(r.getParameters(), parked.getParameters(), "a copy, independent of the worker's network");
        assertEquals(r.getParameters(), parked.getParameters());
        assertEquals(r.getUpdaterState(), parked.getUpdaterState());
        assertEquals(0, LocalResults.parkedCount(), "taken out when received");

        LocalResults.Shipped elsewhere = LocalResults.ship("another-jvm", "round-1", 1, r);
        assertFalse(elsewhere.parked());
        assertEquals(0, LocalResults.parkedCount());
        assertSame(r, LocalResults.receive(elsewhere), "shipped through Spark: what it deserialized");
    }

    @Test
    void aRetriedAttemptReplacesTheEarlierOnesResultAndAClearedOneIsAClearError() {
        ComputationGraph net = network();
        LocalResults.ship(LocalResults.JVM, "round-2", 3, result(net, 0, 1));
        ParameterAveragingTrainingResult retry = result(net, 0, 2);
        LocalResults.Shipped shipped = LocalResults.ship(LocalResults.JVM, "round-2", 3, retry);
        assertEquals(1, LocalResults.parkedCount());
        assertEquals(2.0, LocalResults.receive(shipped).getScore(), "the retry's");

        LocalResults.Shipped lost = LocalResults.ship(LocalResults.JVM, "round-3", 0, retry);
        LocalResults.clear();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalResults.receive(lost));
        assertTrue(e.getMessage().contains("round-3/0"), e.getMessage());
    }

    @Test
    void theRoundsAverageIsTheMeanAndLeavesTheWorkersArraysAsTheyWere() {
        ComputationGraph net = network();
        INDArray before = net.params().dup();
        assertTrue(RoundAverage.apply(net, List.of()).isEmpty());
        assertEquals(before, net.params(), "no results: nothing changes");
        for (int round = 0; round < 2; round++) {
            ParameterAveragingTrainingResult a = result(net, round, 1.0);
            ParameterAveragingTrainingResult b = result(net, 2 * round, 3.0);
            INDArray aParams = a.getParameters().dup();
            INDArray params = a.getParameters().add(b.getParameters()).divi(2);
            INDArray updater = a.getUpdaterState().add(b.getUpdaterState()).divi(2);
            double score = RoundAverage.apply(net, List.of(LocalResults.ship(LocalResults.JVM, "r" + round, 0, a),
                    LocalResults.ship("another-jvm", "r" + round, 1, b))).orElseThrow();
            assertTrue(params.equalsWithEps(net.params(), 1e-6), "round " + round + ": mean parameters");
            assertTrue(updater.equalsWithEps(net.getUpdater().getStateViewArray(), 1e-6), "mean updater state");
            assertEquals(2.0, score, 1e-12, "mean score");
            assertEquals(aParams, a.getParameters(), "the worker's own arrays (parked as a copy) are not written");
        }
    }
}
