package org.sparknmt.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.sparknmt.decode.Cooccurrences;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.vocab.Vocabulary;

/**
 * Kryo for every spark-nmt job: records get {@link RecordSerializer}. Set with {@link #apply(SparkConf)}, which
 * keeps any registrator the user configured (e.g. ND4J's, added by the trainer).
 */
public final class KryoSetup implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
        // These rebuild their lookup tables in readResolve and hold immutable lists, which Kryo's field serializer
        // can neither fill (List.copyOf rejects add) nor rebuild: Java serialization through Kryo does both. Local
        // mode never serializes broadcasts, so only a real cluster shows the difference (ClusterIT, KryoSetupTest).
        kryo.addDefaultSerializer(BpeModel.class, JavaSerializer.class);
        kryo.addDefaultSerializer(Vocabulary.class, JavaSerializer.class);
        // Its writeObject folds the pair buffer into the sorted counts first: the field serializer would skip it.
        kryo.addDefaultSerializer(Cooccurrences.class, JavaSerializer.class);
    }

    /** Kryo as serializer, with this registrator appended to {@code spark.kryo.registrator}. */
    public static SparkConf apply(SparkConf conf) {
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        String existing = conf.get("spark.kryo.registrator", "");
        if (!existing.contains(KryoSetup.class.getName())) {
            conf.set("spark.kryo.registrator", existing.isEmpty() ? KryoSetup.class.getName()
                    : existing + "," + KryoSetup.class.getName());
        }
        return conf;
    }
}
