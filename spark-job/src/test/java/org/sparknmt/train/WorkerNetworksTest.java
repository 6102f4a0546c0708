package org.sparknmt.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A worker network is reused only in a later round and for the same configuration, and then holds exactly the
 * round's parameters, updater state and zero counters, like a network built anew from the broadcast.
 */
class WorkerNetworksTest {
    @AfterEach
    void clear() {
        WorkerNetworks.clear();
    }

    private static ComputationGraph network(int hidden) {
        ComputationGraph g = Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=" + hidden)
                .bind(ModelConfig.class), 12, 12);
        g.getConfiguration().setIterationCount(7);
        g.getConfiguration().setEpochCount(2);
        return g;
    }

    private static NetBroadcastTuple round(ComputationGraph driver) {
        return new NetBroadcastTuple(driver.getConfiguration(), driver.params().dup(),
                driver.getUpdater().getStateViewArray().dup());
    }

    private static String key(NetBroadcastTuple tuple) {
        return WorkerNetworks.key(tuple.getGraphConfiguration());
    }

    @Test
    void aNetworkComesBackInALaterRoundLoadedWithThatRoundsState() {
        ComputationGraph driver = network(16);
        NetBroadcastTuple first = round(driver);
        assertNull(WorkerNetworks.lease(key(first), first, 1), "nothing idle yet");
        ComputationGraph used = network(16);
        WorkerNetworks.giveBack(key(first), used, 1);
        assertNull(WorkerNetworks.lease(key(first), first, 1), "not again in the round whose result still views it");

        driver.params().assign(Nd4j.rand(driver.params().dataType(), driver.params().shape()));
        driver.getUpdater().getStateViewArray().assign(0.25);
        NetBroadcastTuple second = round(driver);
        ComputationGraph leased = WorkerNetworks.lease(key(second), second, 2);
        assertSame(used, leased, "the idle network, not a new one");
        assertEquals(second.getParameters(), leased.params());
        assertEquals(second.getUpdaterState(), leased.getUpdater().getStateViewArray());
        assertEquals(0, leased.getConfiguration().getIterationCount(), "counters as on a new network");
        assertEquals(0, leased.getConfiguration().getEpochCount());
        assertNull(WorkerNetworks.lease(key(second), second, 2), "one idle network, leased once");
    }

    @Test
    void aNewConfigurationDropsTheIdleNetworksOfTheOld() {
        NetBroadcastTuple small = round(network(16));
        NetBroadcastTuple large = round(network(24));
        WorkerNetworks.giveBack(key(small), network(16), 1);
        assertNull(WorkerNetworks.lease(key(large), large, 2), "another configuration");
        assertNull(WorkerNetworks.lease(key(small), small, 3), "dropped when the other configuration came");
    }
}
