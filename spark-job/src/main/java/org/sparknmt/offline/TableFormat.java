package org.sparknmt.offline;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * What {@code spark-nmt translate} reads and writes: text lines ({@link TranslateJob}) or a table in one of Spark's
 * built-in formats ({@link TranslateTableJob}). CSV is read and written with a header line.
 */
public enum TableFormat {
    TEXT, PARQUET, ORC, JSON, CSV;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A table rather than text lines. */
    public boolean isTable() {
        return this != TEXT;
    }

    /** Whether the format can hold an {@code array<string>} column (the n-best translations). */
    boolean holdsArrays() {
        return this != CSV;
    }

    DataFrameReader reader(SparkSession spark) {
        DataFrameReader r = spark.read().format(lowerName());
        return this == CSV ? r.option("header", true) : r;
    }

    DataFrameWriter<Row> writer(Dataset<Row> table) {
        DataFrameWriter<Row> w = table.write().format(lowerName());
        return this == CSV ? w.option("header", true) : w;
    }
}
