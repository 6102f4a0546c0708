package org.sparknmt.prep;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.spark.KryoSetup;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real {@code local[2]} Spark context shared by every test class in the JVM (Spark allows one per JVM), with
 * the same serializer settings as the product. Injected as a test parameter; stopped when the run ends.
 */
public final class LocalSpark implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalSpark.class, k -> new Holder(), Holder.class).sc;
    }

    static final class Holder implements ExtensionContext.Store.CloseableResource {
        final JavaSparkContext sc = new JavaSparkContext(KryoSetup.apply(new SparkConf())
                .setMaster("local[2]")
                .setAppName("spark-nmt tests")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1"));

        @Override
        public void close() {
            sc.close();
        }
    }
}
