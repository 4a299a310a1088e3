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
 */
public record SipListener(Transport transport, String address, int port, Optional<Path> certificate, Optional<Path> privateKey) {
    public SipListener withEndpoint(String newAddress, int newPort) {
        return new SipListener(transport, newAddress, newPort, certificate, privateKey);
    }
}
