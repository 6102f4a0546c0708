package org.sparknmt.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.spark.ArrayRegistrator;
import org.sparknmt.spark.KryoSetup;

/**
 * Creates the Spark context for a command. Under spark-submit the master and everything else come from
 * spark-submit; run directly, the config's {@code master} is used. Kryo is the serializer everywhere.
 */
final class SparkContexts {
    /** Spark's {@code [Stage 13:> (0 + 2) / 2]} bar: it breaks up our own progress lines and fills non-interactive logs. */
    static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";
    static final String MAX_DIRECT_RESULT = "spark.task.maxDirectResultSize";

    private SparkContexts() {
    }

    static JavaSparkContext create(String appName, String defaultMaster) {
        return new JavaSparkContext(configure(new SparkConf(), appName, defaultMaster));
    }

    /** Our settings on top of {@code conf} (which holds spark-submit's and the user's); an explicit user value wins. */
    static SparkConf configure(SparkConf conf, String appName, String defaultMaster) {
        conf.setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
        }
        conf.setIfMissing("spark.kryo.registrator", ArrayRegistrator.class.getName()); // ND4J arrays in DL4J's jobs
        KryoSetup.apply(conf);
        conf.setIfMissing(CONSOLE_PROGRESS, "false");
        // Task results up to this size come back with the task's status instead of through the block manager, which
        // stores, fetches (over the network service, even in local mode) and copies them: an averaging round's worker
        // results (parameters + Adam state, tens of MB each) were copied ~5 times on the heap. Spark caps it at
        // spark.rpc.message.maxSize (128 MiB by default); larger results still go through the block manager.
        conf.setIfMissing(MAX_DIRECT_RESULT, "1g");
        return conf;
    }
}
