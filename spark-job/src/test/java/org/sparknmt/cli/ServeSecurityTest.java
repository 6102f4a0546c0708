package org.sparknmt.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.config.ConfigException;
import org.sparknmt.serve.Connections;
import org.sparknmt.serve.Security;
import org.sparknmt.serve.ServeConfig;
import org.sparknmt.serve.TlsConfig;
import org.sparknmt.serve.TranslationServer;
import org.sparknmt.translate.OverlongPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens (missing, wrong, right, changed in the file while serving; health and readiness stay open),
 * the refusal to serve a reachable address openly by accident, and a TLS round trip over HTTP/2 with a test
 * certificate — all against the real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSecurityTest {
    private ServedBundle served;
    private final HttpClient http = Served.client();

    @BeforeAll
    void train(@TempDir Path tmp) throws IOException {
        served = ServedBundle.train(tmp, 3);
    }

    @AfterEach
    void stop() {
        served.stop();
    }

    @Test
    void tokensAreRequiredCheckedAndReloadedWhileHealthStaysOpen() throws Exception {
        Path tokens = Files.writeString(served.dir.resolve("tokens"), "# team A\nalpha-token-1\n\n  beta-token-2  \n",
                StandardCharsets.UTF_8);
        served.serve(Served.config(served.bundle, Connections.defaults(),
                new Security(tokens.toString(), null, false)));
        String base = "http://127.0.0.1:" + served.port();

        HttpResponse<String> missing = Served.translate(http, base, served.sentences, null);
        assertEquals(401, missing.statusCode(), missing.body());
        assertEquals("unauthorized", Served.code(missing));
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = Served.translate(http, base, served.sentences, "alpha-token-2");
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals("forbidden", Served.code(wrong));
        assertFalse(wrong.body().contains("alpha-token-2"), "a token is never echoed");
        assertEquals(200, Served.translate(http, base, served.sentences, "alpha-token-1").statusCode());
        assertEquals(200, Served.translate(http, base, served.sentences, "beta-token-2").statusCode());
        assertEquals(401, Served.get(http, base + "/metrics", null).statusCode());
        assertEquals(401, Served.get(http, base + "/v1/model", null).statusCode());
        assertEquals(200, Served.get(http, base + "/metrics", "beta-token-2").statusCode());
        assertEquals(200, Served.get(http, base + "/v1/health", null).statusCode());
        assertEquals(200, Served.get(http, base + "/v1/ready", null).statusCode());
        HttpResponse<String> reload = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, reload.statusCode(), "the admin endpoint needs a token too");

        Files.writeString(served.dir.resolve("tokens.new"), "beta-token-2\ngamma-token-3\n", StandardCharsets.UTF_8);
        Files.move(served.dir.resolve("tokens.new"), tokens, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Served.translate(http, base, served.sentences, "gamma-token-3").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(200, Served.translate(http, base, served.sentences, "gamma-token-3").statusCode(), "a new token is taken");
        assertEquals(403, Served.translate(http, base, served.sentences, "alpha-token-1").statusCode(), "a removed one is revoked");
        assertEquals(200, Served.translate(http, base, served.sentences, "beta-token-2").statusCode());
    }

    @Test
    void aReachableAddressNeedsTokensOrAnExplicitChoice() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> new ServeConfig("0.0.0.0", 0, null,
                served.bundle.toString(), 1, 64, 64, 5, 1024, 64, 300, 1 << 16, 10, 0, OverlongPolicy.FAIL, 0, 60, 64,
                Connections.defaults(), Security.none()));
        assertTrue(e.getMessage().contains("--auth-token-file") && e.getMessage().contains("--allow-unauthenticated"),
                e.getMessage());
        new ServeConfig("0.0.0.0", 0, null, served.bundle.toString(), 1, 64, 64, 5, 1024, 64, 300, 1 << 16, 10, 0,
                OverlongPolicy.FAIL, 0, 60, 64, Connections.defaults(), new Security(null, null, true));
        Path empty = Files.writeString(served.dir.resolve("empty-tokens"), "# nothing yet\n", StandardCharsets.UTF_8);
        ConfigException none = assertThrows(ConfigException.class, () -> TranslationServer.start(Served.config(served.bundle,
                Connections.defaults(), new Security(empty.toString(), null, false))));
        assertTrue(none.getMessage().contains("holds no token"), none.getMessage());
    }

    @Test
    void theCommandLineRefusesAnOpenReachableBindingAndAPemKeyWithoutItsCertificate() {
        Cli.Run open = Cli.run("serve", "--bundle", served.bundle.toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, open.code(), open.err());
        assertTrue(open.err().contains("--allow-unauthenticated"), open.err());
        Cli.Run halfTls = Cli.run("serve", "--bundle", served.bundle.toString(), "--port", "0", "--tls-key", "server.key");
        assertEquals(2, halfTls.code(), halfTls.err());
        assertTrue(halfTls.err().contains("--tls-cert and --tls-key go together"), halfTls.err());
    }

    @Test
    void tlsFromAPkcs12KeystoreWithItsPasswordInAFile() throws Exception {
        TestCertificates certs = TestCertificates.create(served.dir);
        Path store = certs.pkcs12(served.dir.resolve("server.p12"), "s3cret");
        Path password = Files.writeString(served.dir.resolve("pw"), "s3cret\n", StandardCharsets.UTF_8);
        served.serve(Served.config(served.bundle, Connections.defaults(), new Security(null,
                new TlsConfig(null, null, store.toString(), password.toString()), false)));
        HttpClient tls = HttpClient.newBuilder().sslContext(certs.trustingClient()).build();
        HttpResponse<String> r = Served.translate(tls, "https://localhost:" + served.port(), served.sentences, null);
        assertEquals(200, r.statusCode(), r.body());
        Path wrong = Files.writeString(served.dir.resolve("pw-wrong"), "guess\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> TranslationServer.start(Served.config(served.bundle,
                Connections.defaults(), new Security(null, new TlsConfig(null, null, store.toString(), wrong.toString()), false))));
        assertTrue(e.getMessage().contains("--tls-keystore"), e.getMessage());
    }

    @Test
    void tlsRoundTripOverHttp2WithAPemCertificateAndKey() throws Exception {
        TestCertificates certs = TestCertificates.create(served.dir);
        served.serve(Served.config(served.bundle, Connections.defaults(), new Security(null,
                new TlsConfig(certs.certPem().toString(), certs.keyPem().toString(), null, null), false)));
        HttpClient tls = HttpClient.newBuilder().sslContext(certs.trustingClient()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String base = "https://127.0.0.1:" + served.port();
        HttpResponse<String> r = Served.translate(tls, base, served.sentences, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version(), "HTTP/2 negotiated by ALPN");
        assertEquals(served.sentences.size(), Served.tree(r.body()).get("translations").size());
        HttpResponse<String> h1 = Served.translate(HttpClient.newBuilder().sslContext(certs.trustingClient())
                .version(HttpClient.Version.HTTP_1_1).build(), base, served.sentences, null);
        assertEquals(200, h1.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertEquals(r.body(), h1.body(), "the same answer over both protocols");
        assertThrows(IOException.class, () -> Served.translate(http, "http://127.0.0.1:" + served.port(), served.sentences, null),
                "plain HTTP to the TLS port is refused");
    }
}
