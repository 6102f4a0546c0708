package org.sparknmt.prep;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.vocab.Specials;
import org.sparknmt.vocab.Vocabulary;

import java.util.Arrays;

/** Executor code: maps subword pieces to vocabulary ids and counts unknowns. */
public final class EncodeIds implements Function<SubwordPair, EncodedRow> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Vocabulary> source;
    private final Broadcast<Vocabulary> target;

    public EncodeIds(Broadcast<Vocabulary> source, Broadcast<Vocabulary> target) {
        this.source = source;
        this.target = target;
    }

    @Override
    public EncodedRow call(SubwordPair p) {
        int[] s = source.value().encode(Arrays.asList(p.sourcePieces()));
        int[] t = target.value().encode(Arrays.asList(p.targetPieces()));
        return new EncodedRow(p.split(), new EncodedPair(p.index(), s, t), unknowns(s), unknowns(t));
    }

    private static int unknowns(int[] ids) {
        int n = 0;
        for (int id : ids) {
            if (id == Specials.UNK_ID) {
                n++;
            }
        }
        return n;
    }
}
