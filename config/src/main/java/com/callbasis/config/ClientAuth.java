package com.callbasis.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a TLS listener asks connecting peers for a certificate (RFC 5922 s.7.3: mutual
 * authentication between SIP servers). A certificate that is presented must chain to the listener's
 * {@code clientCas}, whatever the mode, or the handshake fails.
 */
public enum ClientAuth {
    /** No certificate is requested; peers are not identified by TLS. */
    NONE,
    /** A certificate is requested; peers without one are still accepted (and carry no TLS identity). */
    OPTIONAL,
    /** Peers without a certificate from {@code clientCas} are refused during the handshake. */
    REQUIRE;

    /** Lower-case name as written in config files. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ClientAuth> parse(String s) {
        for (ClientAuth a : values()) {
            if (a.token().equals(s)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
