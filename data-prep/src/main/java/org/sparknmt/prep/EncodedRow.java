package org.sparknmt.prep;

import org.sparknmt.batch.EncodedPair;

import java.io.Serializable;

/** A pair as ids, with its split and how many of its pieces fell out of the vocabulary. */
public record EncodedRow(Split split, EncodedPair pair, int sourceUnknown, int targetUnknown) implements Serializable {
}
