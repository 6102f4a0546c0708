package org.sparknmt.offline;

import org.apache.spark.sql.api.java.UDF1;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.util.List;

/**
 * A SQL function that translates one value per call with the JVM's leased network copy (the bundle is read once
 * per executor, {@link ExecutorModels}). It does not batch: each call decodes one sentence, so a column translates
 * several times slower than with the {@code NmtTranslator} stage, which decodes a partition's rows in batches of
 * similar length. Null gives null; the result is a string, or with n-best an array of strings, best first.
 *
 * @param setup the bundle, search and source limit (the batch size is not used: one value per call)
 * @param name  the function's SQL name (for error messages)
 */
public record TranslateText(DecodeSetup setup, String name) implements UDF1<String, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object call(String text) throws IOException {
        if (text == null) {
            return null;
        }
        try (ExecutorModels.Lease lease = setup.lease()) {
            Translator translator = lease.translator(1, setup.limit());
            int[] ids = setup.limit().apply(translator.text().encodeSource(text), "the argument of " + name + "()");
            return TranslateRows.value(translator.translateEncoded(List.of(ids), setup.options()).get(0),
                    setup.options().nBest() > 1);
        }
    }
}
