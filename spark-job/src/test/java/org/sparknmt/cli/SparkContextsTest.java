package org.sparknmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class SparkContextsTest {
    @Test
    void consoleProgressBarIsOffByDefault() {
        SparkConf conf = SparkContexts.configure(new SparkConf(false), "test", "local[1]");
        assertEquals("false", conf.get(SparkContexts.CONSOLE_PROGRESS));
    }

    @Test
    void anExplicitUserSettingWins() {
        SparkConf user = new SparkConf(false).set(SparkContexts.CONSOLE_PROGRESS, "true");
        assertEquals("true", SparkContexts.configure(user, "test", "local[1]").get(SparkContexts.CONSOLE_PROGRESS));
    }

    @Test
    void theContextOfACommandResolvesItFalse() {
        try (JavaSparkContext sc = SparkContexts.create("spark-contexts-test", "local[1]")) {
            assertFalse(sc.getConf().getBoolean(SparkContexts.CONSOLE_PROGRESS, true));
            assertFalse(sc.sc().progressBar().isDefined(), "no console progress bar is created");
        }
    }
}
