package com.callbasis.gateway.sip.transport.tls;

import java.security.cert.CertificateException;

/** A peer certificate this gateway refused, with the reason counted in {@code sip.tls.handshake.failed}. */
final class PeerCertificateException extends CertificateException {
    private final TlsFailure reason;

    PeerCertificateException(TlsFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    TlsFailure reason() {
        return reason;
    }
}
