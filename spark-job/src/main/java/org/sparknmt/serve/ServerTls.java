package org.sparknmt.serve;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.sparknmt.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * Jetty's TLS settings from a {@link TlsConfig}. PEM files are read with Bouncy Castle's PEM parser (the JDK 17 has
 * none; it also takes the PKCS#1 RSA and SEC1 EC keys that openssl writes, not only PKCS#8) into an in-memory
 * keystore. Protocols and cipher suites are Jetty's defaults (TLS 1.2 and 1.3, no weak suites).
 */
final class ServerTls {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ServerTls() {
    }

    static SslContextFactory.Server contextFactory(TlsConfig tls) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        if (tls.certPem() != null) {
            f.setKeyStore(fromPem(Path.of(tls.certPem()), Path.of(tls.keyPem())));
            f.setKeyStorePassword(new String(IN_MEMORY));
        } else {
            String password = password(Path.of(tls.keystorePasswordFile()));
            f.setKeyStore(keystore(Path.of(tls.keystore()), password));
            f.setKeyStorePassword(password);
        }
        f.setSniRequired(false);
        return f;
    }

    private static KeyStore fromPem(Path certFile, Path keyFile) {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("--tls-cert " + certFile + ": not a readable PEM certificate (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new ConfigException("--tls-cert " + certFile + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, IN_MEMORY, chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("--tls-key " + keyFile + " does not fit --tls-cert " + certFile + " (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey privateKey(Path keyFile) {
        Object pem;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8); PEMParser parser = new PEMParser(r)) {
            pem = parser.readObject();
        } catch (IOException e) {
            throw new ConfigException("--tls-key " + keyFile + ": not a readable PEM key (" + e.getMessage() + ")");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new ConfigException("--tls-key " + keyFile + ": unsupported key (" + e.getMessage() + ")");
        }
        throw new ConfigException("--tls-key " + keyFile + ": expected an unencrypted PEM private key (BEGIN PRIVATE KEY,"
                + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY), found " + (pem == null ? "nothing" : pem.getClass().getSimpleName())
                + "; decrypt it with: openssl pkey -in KEY -out plain.key");
    }

    private static KeyStore keystore(Path file, String password) {
        try {
            return KeyStore.getInstance(file.toFile(), password.toCharArray()); // PKCS#12 or JKS, by content
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("--tls-keystore " + file + ": cannot open it with the given password (" + e.getMessage() + ")");
        }
    }

    private static String password(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            return (eol < 0 ? text : text.substring(0, eol)).stripTrailing();
        } catch (IOException e) {
            throw new ConfigException("--tls-keystore-password-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
