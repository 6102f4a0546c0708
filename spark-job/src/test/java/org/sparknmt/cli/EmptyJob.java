package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark harness, not a test: the memory baseline of a training run without the training. The JVM, a Spark
 * context made as the commands make it (Kryo, our registrators), ND4J's native backend loaded with one small array,
 * and one trivial job over {@code --master}'s task slots; then the same memory lines a training run prints. Run
 * with the launcher's classpath and JVM options (bench/memory does).
 */
public final class EmptyJob {
    private EmptyJob() {
    }

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        try (MemorySampler memory = MemorySampler.start();
             JavaSparkContext sc = SparkContexts.create("spark-nmt empty job", master)) {
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                numbers.add(i);
            }
            long sum = sc.parallelize(numbers, sc.defaultParallelism())
                    .map(i -> Nd4j.scalar((float) i).getFloat(0)).reduce(Float::sum).longValue();
            System.out.println("empty job: " + sum + " over " + sc.defaultParallelism() + " task slots");
            System.out.println(MemoryReport.line(sc));
            System.out.println(memory.line());
        }
    }
}
