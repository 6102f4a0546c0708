package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** NCW sequence batches {@code [mb, features, T]} as 2-D rows for one matrix multiply over all steps (one copy). */
final class Rows {
    private Rows() {
    }

    /** Row {@code t·mb + b}: each step's rows form one contiguous block (the LSTM's recurrence walks them). */
    static INDArray timeMajor(INDArray a, LayerWorkspaceMgr mgr, ArrayType type, DataType dataType) {
        return copy(a, mgr, type, dataType, true);
    }

    /** Row {@code b·T + t}: the order of C-order labels {@code [mb,1,T]} and masks {@code [mb,T]}. */
    static INDArray sequenceMajor(INDArray a, LayerWorkspaceMgr mgr, ArrayType type, DataType dataType) {
        return copy(a, mgr, type, dataType, false);
    }

    private static INDArray copy(INDArray a, LayerWorkspaceMgr mgr, ArrayType type, DataType dataType, boolean timeMajor) {
        long mb = a.size(0);
        long features = a.size(1);
        long steps = a.size(2);
        long[] shape = timeMajor ? new long[]{steps, mb, features} : new long[]{mb, steps, features};
        INDArray rows = mgr.createUninitialized(type, dataType, shape, 'c');
        rows.assign(timeMajor ? a.permute(2, 0, 1) : a.permute(0, 2, 1));
        return rows.reshape('c', mb * steps, features);
    }
}
