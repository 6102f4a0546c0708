package org.sparknmt.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * For {@code bench/translate-throughput}: a text file's lines as a Parquet table with the columns {@code id} (the
 * line's 0-based position) and {@code text}, written in FILES files of contiguous lines (Spark {@code local[2]}).
 *
 * <pre>TextToTable INPUT OUTPUT FILES</pre>
 */
public final class TextToTable {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType)
            .add("text", DataTypes.StringType);

    private TextToTable() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[2].matches("[1-9]\\d*")) {
            System.err.println("usage: TextToTable INPUT OUTPUT FILES   (FILES: how many Parquet files, >= 1)");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder()
                .config(SparkContexts.configure(new SparkConf(), "text-to-table", "local[2]")).getOrCreate();
        try {
            JavaRDD<Row> rows = spark.read().text(args[0]).javaRDD().zipWithIndex()
                    .map(t -> RowFactory.create(t._2(), t._1().getString(0)));
            spark.createDataFrame(rows, SCHEMA).repartitionByRange(Integer.parseInt(args[2]), functions.col("id"))
                    .write().parquet(args[1]);
        } finally {
            spark.stop();
        }
    }
}
