package org.sparknmt.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.sparknmt.hadoop.SourcedLine;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Merge;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;
import scala.reflect.ClassTag$;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the jobs broadcast and shuffle survives Spark's Kryo serializer as configured by {@link KryoSetup}. Local
 * mode never serializes broadcasts, so without this (and the cluster test) a class that Kryo cannot rebuild would
 * only fail on a real cluster, as BpeModel's immutable merge list once did.
 */
class KryoSetupTest {
    private final SerializerInstance kryo = new KryoSerializer(KryoSetup.apply(new SparkConf(false))).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        Object back = kryo.deserialize(kryo.serialize(value, ClassTag$.MODULE$.Object()), ClassTag$.MODULE$.Object());
        return (T) back;
    }

    @Test
    void subwordsAndVocabulariesComeBackWorking() {
        BpeModel bpe = new BpeModel(List.of(new Merge("l", "o"), new Merge("lo", "w")));
        Subwords subwords = roundTrip(new Subwords(bpe, bpe, true));
        assertEquals(bpe.encode("lower"), subwords.source().encode("lower"));
        assertEquals(bpe.encode("lowest"), subwords.target().encode("lowest"));

        Vocabulary v = Vocabulary.build(Map.of("▁a", 5L, "b", 3L), 1, 0);
        Vocabulary back = roundTrip(v);
        assertEquals(v, back);
        assertArrayEquals(v.encode(List.of("▁a", "b", "zzz")), back.encode(List.of("▁a", "b", "zzz")));
    }

    @Test
    void recordsComeBackEqual() {
        SourcedLine line = new SourcedLine(7, "hdfs://nn/corpus.txt", 8, "你好 world", true);
        assertEquals(line, roundTrip(line));
    }
}
