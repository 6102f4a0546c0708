package org.sparknmt.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arrays through Spark's Kryo with {@link ArrayRegistrator}: every kind comes back equal (type, shape, values), views
 * and 'f'-order arrays as their 'c'-order copies, and numeric arrays take the bulk path: ~4 bytes a float plus a
 * short header, where ND4J's format spends more on its shape information.
 */
class BulkArraySerializerTest {
    private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", ArrayRegistrator.class.getName())).newInstance();

    @Test
    void everyKindOfArrayRoundTrips() {
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 37, 11);
        List<INDArray> arrays = List.of(matrix, Nd4j.rand(DataType.DOUBLE, 3, 4, 5),
                Nd4j.createFromArray(1, -2, 3), Nd4j.createFromArray(5L, 6L), Nd4j.createFromArray(true, false, true),
                Nd4j.scalar(2.5f), matrix.get(NDArrayIndex.interval(3, 9), NDArrayIndex.interval(2, 7)),
                Nd4j.rand(DataType.FLOAT, 'f', 6, 4), Nd4j.create(DataType.HALF, 4, 2).assign(1.5),
                Nd4j.empty(DataType.FLOAT), Nd4j.create(DataType.INT, 0, 3));
        for (INDArray a : arrays) {
            INDArray back = roundTrip(a);
            assertEquals(a.dataType(), back.dataType(), a.toString());
            assertArrayEquals(a.shape(), back.shape(), a.toString());
            assertEquals(a, back, "values of " + a.shapeInfoToString());
        }
    }

    @Test
    void numericArraysAreWrittenAsTheirBytes() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1000, 250);
        int bytes = kryo.serialize(a, ClassTag$.MODULE$.apply(INDArray.class)).remaining();
        assertTrue(bytes >= 1_000_000 && bytes < 1_000_100, "4 bytes a value and a short header, got " + bytes);
    }

    private INDArray roundTrip(INDArray a) {
        ByteBuffer bytes = kryo.serialize(a, ClassTag$.MODULE$.apply(INDArray.class));
        return kryo.deserialize(bytes, ClassTag$.MODULE$.apply(INDArray.class));
    }
}
