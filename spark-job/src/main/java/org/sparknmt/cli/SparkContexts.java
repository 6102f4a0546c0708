package org.sparknmt.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.spark.KryoSetup;

/**
 * Creates the Spark context for a command. Under spark-submit the master and everything else come from
 * spark-submit; run directly, the config's {@code master} is used. Kryo is the serializer everywhere.
 */
final class SparkContexts {
    private SparkContexts() {
    }

    static JavaSparkContext create(String appName, String defaultMaster) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
        }
        conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"); // ND4J arrays in DL4J's jobs
        KryoSetup.apply(conf);
        conf.setIfMissing("spark.ui.showConsoleProgress", "true");
        return new JavaSparkContext(conf);
    }
}
