package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.serde.JsonMappers;

import java.util.Collection;
import java.util.Map;

/**
 * DL4J's LSTM configuration with {@link FusedLstmLayer} as its runtime layer: every setting, the parameter
 * initializer and layout, the memory report and the serialized fields are DL4J's own; only how a whole sequence
 * batch is computed differs. Made from a built stock configuration with {@link #of(LSTM)} (DL4J's LSTM builder
 * cannot be extended), through DL4J's own JSON mapper, so no field can be missed.
 */
public class FusedLstm extends LSTM {
    private static final long serialVersionUID = 1L;

    /** For Jackson (the network's JSON). */
    public FusedLstm() {
        super();
    }

    /** The same configuration, fused. */
    public static FusedLstm of(LSTM stock) {
        ObjectMapper json = JsonMappers.getMapper();
        try {
            Map<String, Object> fields = json.convertValue(stock, Map.class);
            fields.put("@class", FusedLstm.class.getName());
            return json.convertValue(fields, FusedLstm.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot convert " + stock + " to FusedLstm", e);
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray params, boolean initializeParams, DataType dataType) {
        org.deeplearning4j.nn.conf.layers.LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), index,
                getNIn(), getNOut());
        FusedLstmLayer layer = new FusedLstmLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
