package com.callbasis.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the gateway authenticates the TLS peers it connects to, and itself to them ({@code sip.tls}).
 * Paths only: the key material is read by the transport when it starts.
 *
 * @param trustedCas PEM file with the CA certificates a peer's chain must end in; empty means the
 *                   JDK's default trust store, which suits peers with public certificates
 * @param certificate PEM certificate chain offered as client certificate on outbound connections, for
 *                    peers that require mutual TLS; present exactly when {@code privateKey} is
 * @param privateKey PEM PKCS#8 key of {@code certificate}
 */
public record TlsConfig(Optional<Path> trustedCas, Optional<Path> certificate, Optional<Path> privateKey) {
    /** No private CA, no client certificate. */
    public static final TlsConfig DEFAULT = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty());

    public TlsConfig {
        if (certificate.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("certificate and privateKey go together");
        }
    }
}
