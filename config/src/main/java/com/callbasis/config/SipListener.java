package com.callbasis.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One socket the gateway accepts SIP on.
 *
 * @param transport UDP, TCP or TLS
 * @param address IP address to bind (a literal; the gateway does not resolve names at bind time)
 * @param port port to bind; 0 asks the kernel for a free one (tests)
 * @param certificate PEM certificate chain, TLS only
 * @param privateKey PEM PKCS#8 private key, TLS only
 * @param clientAuth whether connecting peers must show a certificate, TLS only ({@link ClientAuth#NONE} otherwise)
 * @param clientCas PEM CA certificates a peer's certificate must chain to; present exactly when
 *                  {@code clientAuth} is not {@link ClientAuth#NONE}
 */
public record SipListener(Transport transport, String address, int port, Optional<Path> certificate, Optional<Path> privateKey,
                          ClientAuth clientAuth, Optional<Path> clientCas) {

    public SipListener {
        if ((clientAuth != ClientAuth.NONE) != clientCas.isPresent()) {
            throw new IllegalArgumentException("clientCas is needed exactly when clientAuth is not none");
        }
    }

    /** A listener that asks for no client certificate. */
    public SipListener(Transport transport, String address, int port, Optional<Path> certificate, Optional<Path> privateKey) {
        this(transport, address, port, certificate, privateKey, ClientAuth.NONE, Optional.empty());
    }

    public SipListener withEndpoint(String newAddress, int newPort) {
        return new SipListener(transport, newAddress, newPort, certificate, privateKey, clientAuth, clientCas);
    }
}
