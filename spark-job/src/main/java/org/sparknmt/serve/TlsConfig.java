package org.sparknmt.serve;

import org.sparknmt.config.ConfigException;

/**
 * The server's TLS identity: a PEM certificate chain and its PEM private key, or a PKCS#12/JKS keystore with its
 * password in a file (never on the command line, where {@code ps} shows it).
 *
 * @param certPem              PEM file with the certificate, then any intermediates, or null
 * @param keyPem               PEM file with the unencrypted private key (PKCS#8, or PKCS#1 RSA / SEC1 EC), or null
 * @param keystore             PKCS#12 or JKS file, or null
 * @param keystorePasswordFile file whose first line is the keystore password, or null
 */
public record TlsConfig(String certPem, String keyPem, String keystore, String keystorePasswordFile) {
    public TlsConfig {
        boolean pem = certPem != null || keyPem != null;
        boolean store = keystore != null || keystorePasswordFile != null;
        if (pem && store) {
            throw new ConfigException("give either --tls-cert and --tls-key (PEM) or --tls-keystore and"
                    + " --tls-keystore-password-file, not both");
        }
        if (pem && (certPem == null || keyPem == null)) {
            throw new ConfigException("--tls-cert and --tls-key go together: the certificate and its private key");
        }
        if (store && (keystore == null || keystorePasswordFile == null)) {
            throw new ConfigException("--tls-keystore needs --tls-keystore-password-file (and the other way round)");
        }
    }

    /** The TLS settings given on the command line, or null when none was (plain HTTP). */
    public static TlsConfig ofOptions(String certPem, String keyPem, String keystore, String keystorePasswordFile) {
        if (certPem == null && keyPem == null && keystore == null && keystorePasswordFile == null) {
            return null;
        }
        return new TlsConfig(certPem, keyPem, keystore, keystorePasswordFile);
    }
}
