package org.sparknmt.serve;

import org.sparknmt.config.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may call the service and over what.
 *
 * @param tokenFile          bearer tokens, one per line (re-read when the file changes), or null for no authentication
 * @param tls                the server's certificate and key, or null for plain HTTP
 * @param allowOpenRemote    serve without a token file on an address other hosts can reach (an explicit choice)
 */
public record Security(String tokenFile, TlsConfig tls, boolean allowOpenRemote) {

    /** Plain HTTP, no tokens: for loopback. */
    public static Security none() {
        return new Security(null, null, false);
    }

    /** Refuses a reachable address without tokens unless that was asked for. */
    void checkBinding(String host) {
        if (tokenFile != null || allowOpenRemote || isLoopback(host)) {
            return;
        }
        throw new ConfigException("--host " + host + " is reachable from other machines and no --auth-token-file is"
                + " given: anyone could translate and reload models; give a token file, or --allow-unauthenticated"
                + " to serve openly (behind a gateway that authenticates)");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("--host " + host + ": unknown host");
        }
    }
}
