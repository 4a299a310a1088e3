package com.callbasis.gateway.sip.transport.tls;

import com.callbasis.config.ClientAuth;
import com.callbasis.config.SipListener;
import com.callbasis.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS contexts of the SIP transport: one for every outbound connection ({@code sip.tls}) and one
 * per TLS listener. Both speak TLS 1.3 and 1.2 only (RFC 8996 deprecates 1.0 and 1.1).
 */
public final class TlsContexts {
    /** Newest first; anything older is refused in both directions. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * Outbound: peers' chains must end in {@code trustedCas} (the JDK's default trust store when absent),
     * and {@code certificate}, when configured, is offered to peers that ask for one.
     */
    public static SslContext client(TlsConfig tls) throws IOException, GeneralSecurityException {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK) // the trust manager below is the JDK's; OpenSSL would bypass its engine checks
                .protocols(PROTOCOLS)
                .trustManager(new PeerCertificateTrustManager(pkix(tls.trustedCas())));
        if (tls.certificate().isPresent()) {
            b.keyManager(tls.certificate().get().toFile(), tls.privateKey().orElseThrow().toFile());
        }
        return b.build();
    }

    /** A TLS listener's context from its PEM certificate chain and PKCS#8 key, asking for client certificates as configured. */
    public static SslContext server(SipListener l) throws IOException, GeneralSecurityException {
        SslContextBuilder b = SslContextBuilder.forServer(l.certificate().orElseThrow().toFile(), l.privateKey().orElseThrow().toFile())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .clientAuth(switch (l.clientAuth()) {
                    case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                    case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                    case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                });
        if (l.clientAuth() != ClientAuth.NONE) {
            b.trustManager(new PeerCertificateTrustManager(pkix(l.clientCas())));
        }
        return b.build();
    }

    /**
     * The handler of one outbound connection to {@code host}, the name (or IP literal) the route or URI
     * gave, not the address it resolved to: the engine knows it as its peer host (it goes in the SNI for
     * a name), and the JDK's endpoint identification checks the certificate against it.
     */
    public static SslHandler clientHandler(SslContext client, ByteBufAllocator alloc, String host, int port) {
        SslHandler h = client.newHandler(alloc, host, port);
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return h;
    }

    /** The JDK's PKIX trust manager over the CAs in a PEM file, or over the JDK's default trust store. */
    private static X509ExtendedTrustManager pkix(Optional<Path> pem) throws IOException, GeneralSecurityException {
        KeyStore store = null;
        if (pem.isPresent()) {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream in = Files.newInputStream(pem.get())) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
            }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
    }
}
