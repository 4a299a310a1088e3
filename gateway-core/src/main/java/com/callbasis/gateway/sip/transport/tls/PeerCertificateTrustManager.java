package com.callbasis.gateway.sip.transport.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, with the verdicts typed for the metrics and the server name checked to
 * RFC 5922 s.7.2 on top of the JDK's "HTTPS" endpoint identification (which the engine's SSLParameters
 * switch on, see {@link TlsContexts#clientHandler}); the JDK check accepts wildcards and, for a
 * certificate with no dNSName SAN, the CN, both of which RFC 5922 rules out. Only SSLEngine
 * connections are verified: the socket and engine-less variants refuse every peer.
 */
final class PeerCertificateTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;

    PeerCertificateTrustManager(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            // The JDK checks chain and name in one call: check the chain alone to tell the two apart.
            TlsFailure reason = chainTrusted(chain, authType) ? TlsFailure.NAME_MISMATCH : TlsFailure.UNTRUSTED;
            throw new PeerCertificateException(reason, e.getMessage(), e);
        }
        String host = engine.getPeerHost();
        if (!PeerNames.matches(chain[0], host)) {
            throw new PeerCertificateException(TlsFailure.NAME_MISMATCH,
                    "certificate does not name " + host + " exactly in a subjectAltName (RFC 5922 s.7.2): " + PeerNames.of(chain[0]), null);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw new PeerCertificateException(TlsFailure.UNTRUSTED, e.getMessage(), e);
        }
    }

    private boolean chainTrusted(X509Certificate[] chain, String authType) {
        try {
            pkix.checkServerTrusted(chain, authType);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw engineOnly();
    }

    private static CertificateException engineOnly() {
        return new PeerCertificateException(TlsFailure.OTHER, "peers are verified on an SSLEngine that knows the peer host", null);
    }
}
