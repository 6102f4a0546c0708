package org.sparknmt.prep;

import org.sparknmt.subword.Subwords;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.List;

/** Executor code: splits each word token into BPE pieces (the models cache frequent words) and flags long pairs. */
public final class ApplySubwords implements Function<CleanPair, SubwordPair> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Subwords> subwords;
    private final int maxSubwords;

    public ApplySubwords(Broadcast<Subwords> subwords, int maxSubwords) {
        this.subwords = subwords;
        this.maxSubwords = maxSubwords;
    }

    @Override
    public SubwordPair call(CleanPair p) {
        Subwords s = subwords.value();
        String[] src = pieces(s.source(), p.sourceTokens());
        String[] tgt = pieces(s.target(), p.targetTokens());
        boolean tooLong = src.length > maxSubwords || tgt.length > maxSubwords;
        return new SubwordPair(p.index(), p.origin(), p.split(), p.source(), p.target(), src, tgt, tooLong,
                p.rawSource(), p.rawTarget());
    }

    static String[] pieces(org.sparknmt.subword.BpeModel model, String[] words) {
        List<String> out = new ArrayList<>(words.length + words.length / 2);
        for (String w : words) {
            out.addAll(model.encode(w));
        }
        return out.toArray(new String[0]);
    }
}
