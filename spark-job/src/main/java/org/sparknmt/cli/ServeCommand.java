package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.sparknmt.serve.ServeConfig;
import org.sparknmt.serve.TranslationServer;
import org.sparknmt.translate.OverlongPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code spark-nmt serve}: the HTTP translation service, until the process is stopped (SIGTERM / Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve translations over HTTP: POST /v1/translate, GET /v1/health, /v1/ready, /v1/model.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model directory: serves the bundle its CURRENT names and switches when CURRENT changes.")
    String modelDir;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Serve this one bundle instead (reloaded if the file is replaced).")
    String bundle;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind; 0.0.0.0 for all (the service has no authentication). Default: ${DEFAULT-VALUE}.")
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
    String overlong;

    @Option(names = "--poll-seconds", defaultValue = "5", description = "How often to check for a new bundle; 0 = only on POST /v1/admin/reload. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    @Option(names = "--request-timeout-seconds", defaultValue = "60", description = "Longest a request waits for its translations (then 503). Default: ${DEFAULT-VALUE}.")
    int requestTimeoutSeconds;

    @Option(names = "--handler-threads", defaultValue = "64", description = "HTTP threads (each holds one waiting request). Default: ${DEFAULT-VALUE}.")
    int handlerThreads;

    @Override
    public Integer call() throws Exception {
        OverlongPolicy policy;
        try {
            policy = OverlongPolicy.fromName(overlong);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("--overlong", overlong, "allowed: fail, truncate, skip");
        }
        ServeConfig cfg = new ServeConfig(host, port, modelDir, bundle, workers, batchSize, maxBatchSentences,
                maxWaitMillis, queueSentences, maxSentences, maxSentenceChars, maxBodyBytes, maxBeam, maxSourceTokens,
                policy, pollSeconds, requestTimeoutSeconds, handlerThreads);
        // the JDK server's own guards against clients that never finish a request or never read the response
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "120"));
        TranslationServer server = TranslationServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return 0;
    }
}
