package com.callbasis.gateway.sip.transport.tls;

import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake failed, as a metric tag of bounded cardinality. Certificate verdicts of our own
 * trust manager are typed ({@link PeerCertificateException}); the few the JDK decides by itself are
 * known only by its message, which the Kamailio and openssl interop tests pin down.
 */
enum TlsFailure {
    /** The peer's chain does not end in a trusted CA (or is expired, or badly signed). */
    UNTRUSTED("untrusted"),
    /** A trusted chain for another name than the host we connected to. */
    NAME_MISMATCH("name_mismatch"),
    /** Mutual TLS without a certificate: a client of ours showed none, or a server wanted ours and we have none. */
    NO_CERTIFICATE("no_certificate"),
    /** No common protocol version (the peer offers TLS 1.1 or older). */
    PROTOCOL("protocol"),
    OTHER("other");

    private final String tag;

    TlsFailure(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    static TlsFailure of(Throwable failure) {
        TlsFailure byMessage = OTHER;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerCertificateException p) {
                return p.reason();
            }
            if (byMessage == OTHER && t instanceof SSLException && t.getMessage() != null) {
                byMessage = byMessage(t.getMessage());
            }
        }
        return byMessage;
    }

    private static TlsFailure byMessage(String m) {
        if (m.contains("Empty client certificate chain") || m.contains("certificate_required")) {
            return NO_CERTIFICATE;
        }
        if (m.contains("protocol_version") || m.contains("No appropriate protocol")
                || m.contains("protocol") && m.contains("not enabled or supported")) {
            return PROTOCOL;
        }
        return OTHER;
    }
}
