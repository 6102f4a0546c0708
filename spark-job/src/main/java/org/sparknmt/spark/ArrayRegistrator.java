package org.sparknmt.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's Kryo registrations ({@link Nd4jRegistrator}: arrays, its collections) with the backend's array class
 * serialized by {@link BulkArraySerializer} instead of ND4J's element-by-element serializer.
 */
public final class ArrayRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkArraySerializer());
    }
}
