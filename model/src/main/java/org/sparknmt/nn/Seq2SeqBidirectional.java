package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;

/**
 * DL4J's Bidirectional wrapper with a deep {@code clone()}. The stock one inherits {@code Layer.clone()}, which
 * copies only array fields, so every clone shares the wrapped forward and backward layer configurations and with
 * them their dropout objects, which hold the last dropout mask. Spark workers in one JVM ({@code local[N]}, or
 * several task slots per executor) build their networks from clones of one configuration, so one thread's backward
 * pass read another's mask ("MULTIPLY OP: the shapes of x [64, 256, 13] and y [64, 256, 21] are not suitable for
 * broadcast"). The saved network JSON names this class, so its name and package must stay stable.
 */
public class Seq2SeqBidirectional extends Bidirectional {
    private static final long serialVersionUID = 1L;

    public Seq2SeqBidirectional() {
        super();
    }

    Seq2SeqBidirectional(Mode mode, Layer layer) {
        super(mode, layer);
    }

    @Override
    public Seq2SeqBidirectional clone() {
        Seq2SeqBidirectional copy = (Seq2SeqBidirectional) super.clone();
        copy.setFwd(getFwd().clone());
        copy.setBwd(getBwd().clone());
        return copy;
    }
}
