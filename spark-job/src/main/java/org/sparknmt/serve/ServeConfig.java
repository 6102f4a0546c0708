package org.sparknmt.serve;

import org.sparknmt.config.Checks;
import org.sparknmt.config.ConfigException;
import org.sparknmt.translate.OverlongPolicy;

/**
 * How the translation service runs.
 *
 * @param host              interface to bind (127.0.0.1 by default: reachable from this machine only)
 * @param port              TCP port; 0 picks a free one
 * @param modelDir          a model directory served through its {@code CURRENT} pointer (hot reload), or null
 * @param bundle            one bundle file served as is, or null (exactly one of modelDir and bundle)
 * @param workers           decoding threads, each with its own copy of the network
 * @param batchSize         sentences per decoding pass inside a batch
 * @param maxBatchSentences the most sentences one dynamic batch gathers from queued requests
 * @param maxWaitMillis     how long a batch waits for more requests once it has one; 0 = no dynamic batching
 * @param queueSentences    sentences waiting at most; more get 503 with Retry-After
 * @param maxSentences      sentences per request
 * @param maxSentenceChars  characters per sentence
 * @param maxBodyBytes      request body size
 * @param maxBeam           largest beam a request may ask for
 * @param maxSourceTokens   source limit in subwords; 0 = the longest the model was trained on
 * @param overlong          what happens to a longer source: fail (422, the default for a service), truncate, skip
 * @param pollSeconds       how often {@code CURRENT} is checked for a new bundle; 0 = only on POST /v1/admin/reload
 * @param requestTimeoutSeconds how long a request may wait for its translations before a 503
 * @param handlerThreads    the HTTP server's threads at most (reading and waiting take none: both are asynchronous)
 * @param connections       connection limits and timeouts
 * @param security          tokens and TLS
 */
public record ServeConfig(String host, int port, String modelDir, String bundle, int workers, int batchSize,
                          int maxBatchSentences, int maxWaitMillis, int queueSentences, int maxSentences,
                          int maxSentenceChars, int maxBodyBytes, int maxBeam, int maxSourceTokens,
                          OverlongPolicy overlong, int pollSeconds, int requestTimeoutSeconds, int handlerThreads,
                          Connections connections, Security security) {
    public ServeConfig {
        Checks.notBlank("--host", host);
        if (port < 0 || port > 65535) {
            throw ConfigException.invalid("--port", port, "must be between 0 and 65535");
        }
        if ((modelDir == null) == (bundle == null)) {
            throw new ConfigException("give exactly one of --model-dir (serves its CURRENT bundle, reloads on change)"
                    + " and --bundle (serves one file)");
        }
        Checks.atLeast("--workers", workers, 1);
        Checks.atLeast("--batch-size", batchSize, 1);
        Checks.atLeast("--max-batch-sentences", maxBatchSentences, 1);
        Checks.atLeast("--max-wait-ms", maxWaitMillis, 0);
        Checks.atLeast("--max-sentences", maxSentences, 1);
        Checks.atLeast("--queue-sentences", queueSentences, maxSentences);
        Checks.atLeast("--max-sentence-chars", maxSentenceChars, 1);
        Checks.atLeast("--max-body-bytes", maxBodyBytes, 64);
        Checks.atLeast("--max-beam", maxBeam, 1);
        Checks.atLeast("--max-source-tokens", maxSourceTokens, 0);
        Checks.atLeast("--poll-seconds", pollSeconds, 0);
        Checks.atLeast("--request-timeout-seconds", requestTimeoutSeconds, 1);
        Checks.atLeast("--handler-threads", handlerThreads, 8);
        if (overlong == null) {
            throw new ConfigException("--overlong: is required");
        }
        if (connections == null || security == null) {
            throw new ConfigException("connection limits and security settings are required");
        }
        security.checkBinding(host);
    }
}
