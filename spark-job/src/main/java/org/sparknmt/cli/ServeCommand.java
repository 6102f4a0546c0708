package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.serve.Connections;
import org.sparknmt.serve.Security;
import org.sparknmt.serve.ServeConfig;
import org.sparknmt.serve.TlsConfig;
import org.sparknmt.serve.TranslationServer;
import org.sparknmt.translate.OverlongPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code spark-nmt serve}: the HTTP translation service, until SIGTERM or Ctrl-C; then it stops accepting, lets
 * accepted requests finish (at most {@code --drain-seconds}) and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve translations over HTTP: POST /v1/translate, GET /v1/health, /v1/ready, /v1/model.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model directory: serves the bundle its CURRENT names and switches when CURRENT changes.")
    String modelDir;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Serve this one bundle instead (reloaded if the file is replaced).")
    String bundle;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind; 0.0.0.0 for all (then --auth-token-file, or --allow-unauthenticated). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0 = any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--workers", defaultValue = "1", description = "Decoding threads, each with its own network copy. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "Dynamic batching: how long a batch waits for more requests; 0 = off. Default: ${DEFAULT-VALUE}.")
    int maxWaitMillis;

    @Option(names = "--max-batch-sentences", defaultValue = "64", description = "Most sentences in one dynamic batch. Default: ${DEFAULT-VALUE}.")
    int maxBatchSentences;

    @Option(names = "--batch-size", defaultValue = "64", description = "Sentences per decoding pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--queue-sentences", defaultValue = "1024", description = "Sentences waiting at most; beyond, 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    int queueSentences;

    @Option(names = "--max-sentences", defaultValue = "64", description = "Sentences per request. Default: ${DEFAULT-VALUE}.")
    int maxSentences;

    @Option(names = "--max-sentence-chars", defaultValue = "1000", description = "Characters per sentence. Default: ${DEFAULT-VALUE}.")
    int maxSentenceChars;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Request body size. Default: ${DEFAULT-VALUE}.")
    int maxBodyBytes;

    @Option(names = "--max-beam", defaultValue = "10", description = "Largest beam a request may ask for. Default: ${DEFAULT-VALUE}.")
    int maxBeam;

    @Option(names = "--max-source-tokens", defaultValue = "0", description = "Source limit in subwords; 0 = the longest the model was trained on. Default: ${DEFAULT-VALUE}.")
    int maxSourceTokens;

    @Option(names = "--overlong", defaultValue = "fail", description = "A source over the limit: fail (422), truncate or skip. Default: ${DEFAULT-VALUE}.")
    OverlongPolicy overlong;

    @Option(names = "--poll-seconds", defaultValue = "5", description = "How often to check for a new bundle; 0 = only on POST /v1/admin/reload. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    @Option(names = "--request-timeout-seconds", defaultValue = "60", description = "Longest a request waits for its translations (then 503). Default: ${DEFAULT-VALUE}.")
    int requestTimeoutSeconds;

    @Option(names = "--handler-threads", defaultValue = "64", description = "HTTP server threads at most (reading a request and waiting for its batch take none). Default: ${DEFAULT-VALUE}.")
    int handlerThreads;

    @Option(names = "--max-connections", defaultValue = "2048", description = "Open connections at most; beyond, new ones wait to be accepted. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--header-timeout-ms", defaultValue = "10000", description = "Time to send a request's headers, from connecting or from the previous response. Default: ${DEFAULT-VALUE}.")
    int headerTimeoutMillis;

    @Option(names = "--body-timeout-ms", defaultValue = "30000", description = "Time to send a request's body once its headers are in (then 408). Default: ${DEFAULT-VALUE}.")
    int bodyTimeoutMillis;

    @Option(names = "--idle-timeout-ms", defaultValue = "30000", description = "Longest silence on a connection before it is closed. Default: ${DEFAULT-VALUE}.")
    int idleTimeoutMillis;

    @Option(names = "--drain-seconds", defaultValue = "30", description = "On SIGTERM: how long accepted requests may take to finish before exiting. Default: ${DEFAULT-VALUE}.")
    int drainSeconds;

    @Option(names = "--auth-token-file", paramLabel = "FILE", description = "Bearer tokens, one per line, required on /v1/translate, /v1/model, /v1/admin/reload and /metrics; re-read when the file changes.")
    String authTokenFile;

    @Option(names = "--allow-unauthenticated", description = "Serve on a non-loopback --host without --auth-token-file (behind a gateway that authenticates).")
    boolean allowUnauthenticated;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM); with --tls-key. Enables HTTPS and HTTP/2.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's unencrypted private key (PEM: PKCS#8, PKCS#1 RSA or EC).")
    String tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "TLS from a PKCS#12 or JKS keystore instead; with --tls-keystore-password-file.")
    String tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File whose first line is the keystore password.")
    String tlsKeystorePasswordFile;

    @Override
    public Integer call() throws Exception {
        ServeConfig cfg = new ServeConfig(host, port, modelDir, bundle, workers, batchSize, maxBatchSentences,
                maxWaitMillis, queueSentences, maxSentences, maxSentenceChars, maxBodyBytes, maxBeam, maxSourceTokens,
                overlong, pollSeconds, requestTimeoutSeconds, handlerThreads,
                new Connections(maxConnections, headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, drainSeconds),
                new Security(authTokenFile, TlsConfig.ofOptions(tlsCert, tlsKey, tlsKeystore, tlsKeystorePasswordFile),
                        allowUnauthenticated));
        Termination termination = Termination.onSignals();
        try (TranslationServer server = TranslationServer.start(cfg)) {
            String signal = termination.await();
            LOG.info("{}: no new requests; finishing accepted ones (at most {} s)", signal, drainSeconds);
        }
        LOG.info("stopped");
        return 0;
    }
}
