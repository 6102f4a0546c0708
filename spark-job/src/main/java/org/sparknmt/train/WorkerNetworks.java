package org.sparknmt.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Executor code: this JVM's averaging-worker networks, kept from one round to the next. dl4j-spark's worker builds a
 * new network (parameters, gradients, Adam state: 16 bytes a parameter) from every round's broadcast, which cost each
 * round its construction and left the old one's native memory to a garbage collection (Multi30k, 300 steps on
 * {@code local[2]}: 2,666 target tokens/s with reuse against 2,491, the peak resident set within noise). A lease
 * instead loads the round's parameters and updater state into an idle network built earlier for the
 * same configuration, with its iteration and epoch counts at zero as on a new one ({@link CarryCounters} then moves
 * them to the driver's, exactly as for a new network).
 *
 * <p>A network used in a round is not leased again in that round: the task's result holds views of its parameters
 * until it is serialized, after the task's function returns, or copied ({@link LocalResults}); the next round starts
 * after the driver has every result.
 *
 * <p>JVM-wide on purpose: Spark has no executor-scoped object other than a static one. Bounded to one configuration
 * (a new one, e.g. after a plateau decay changed the learning-rate schedule, drops the idle networks of the old) and
 * to the tasks that ran at once; {@link #clear} drops them (the driver calls it when training ends, which frees them
 * in local mode, where the driver's JVM is the executor).
 */
final class WorkerNetworks {
    private static final Object LOCK = new Object();
    /** Guarded by LOCK: the configuration (counters at zero) the idle networks were built for, and the networks. */
    private static String configuration;
    private static final Deque<Idle> IDLE = new ArrayDeque<>();

    private record Idle(ComputationGraph network, long round) {
    }

    private WorkerNetworks() {
    }

    /**
     * An idle network built for {@code configuration} ({@link #key} of the tuple's) and not used in {@code round}
     * (the round's broadcast id), loaded with the tuple's parameters and updater state; or null when there is none
     * (build one the stock way).
     */
    static ComputationGraph lease(String configuration, NetBroadcastTuple tuple, long round) {
        ComputationGraph net = null;
        synchronized (LOCK) {
            if (!configuration.equals(WorkerNetworks.configuration)) {
                IDLE.clear();
                WorkerNetworks.configuration = configuration;
            }
            for (Iterator<Idle> it = IDLE.iterator(); it.hasNext(); ) {
                Idle idle = it.next();
                if (idle.round() != round) {
                    it.remove();
                    net = idle.network();
                    break;
                }
            }
        }
        if (net == null) {
            return null;
        }
        net.setParams(tuple.getParameters());
        if (tuple.getUpdaterState() != null) {
            net.getUpdater().getStateViewArray().assign(tuple.getUpdaterState());
        }
        net.getConfiguration().setIterationCount(0);
        net.getConfiguration().setEpochCount(0);
        net.clearLayersStates();
        return net;
    }

    /** Gives back a network built for {@code configuration} ({@link #key}) and used in {@code round}. */
    static void giveBack(String configuration, ComputationGraph net, long round) {
        synchronized (LOCK) {
            if (configuration.equals(WorkerNetworks.configuration) || WorkerNetworks.configuration == null) {
                WorkerNetworks.configuration = configuration;
                IDLE.push(new Idle(net, round));
            }
        }
    }

    /** Drops every idle network (their memory goes with the next collection). */
    static void clear() {
        synchronized (LOCK) {
            IDLE.clear();
            configuration = null;
        }
    }

    /**
     * The configuration's JSON with the counters at zero: what the network is built from, not where it is. Computed
     * once per task (a clone and a JSON write) and passed to both {@link #lease} and {@link #giveBack}.
     */
    static String key(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = conf.clone();
        c.setIterationCount(0);
        c.setEpochCount(0);
        return c.toJson();
    }
}
