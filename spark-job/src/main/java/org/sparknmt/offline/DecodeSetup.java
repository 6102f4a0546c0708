package org.sparknmt.offline;

import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.translate.SourceLimit;

import java.io.Serializable;

/**
 * What every translation task needs, whatever its input (text lines, DataFrame rows, a SQL function's argument):
 * the bundle, the search, the source limit and the batch size. Built on the driver, shipped with the tasks.
 *
 * @param bundle    where the tasks find the bundle ({@link BundleSource#prepare})
 * @param options   beam, n-best, length penalty, max output length
 * @param limit     the longest source fed to the network and what happens to longer ones
 * @param batchSize sentences per decoding pass
 */
public record DecodeSetup(BundleSource bundle, DecodeOptions options, SourceLimit limit, int batchSize)
        implements Serializable {
    public DecodeSetup {
        if (bundle == null || options == null || limit == null) {
            throw new IllegalArgumentException("bundle, decode options and source limit must be given");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /** This JVM's network copy for one task; close it to give it back. */
    ExecutorModels.Lease lease() throws java.io.IOException {
        return bundle.lease();
    }
}
