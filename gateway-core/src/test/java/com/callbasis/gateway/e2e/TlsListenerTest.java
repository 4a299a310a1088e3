package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS listener configured from PEM files answers SIP over TLS; the client trusts only that certificate. */
class TlsListenerTest {
    @TempDir
    Path work;

    @Test
    void optionsOverTlsIsAnswered() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("gateway.test");
        try {
            String yaml = """
                    sip:
                      listeners:
                        - {transport: tls, address: 127.0.0.1, port: 0, certificate: "%s", privateKey: "%s"}
                    routes: []
                    http: {enabled: false}
                    """.formatted(cert.certificate().getAbsolutePath(), cert.privateKey().getAbsolutePath());
            try (SipServer server = new SipServer(GatewayConfigLoader.loadString(yaml, "tls.yaml", work), new SimpleMeterRegistry())) {
                server.start();
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("gw", (X509Certificate) cert.cert());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.port(Transport.TLS))) {
                    s.setSoTimeout(5000);
                    String req = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls1\r\n"
                            + "From: <sip:mon@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: tls-1\r\nCSeq: 1 OPTIONS\r\n"
                            + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                    OutputStream out = s.getOutputStream();
                    out.write(req.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    StringBuilder sb = new StringBuilder();
                    while (!sb.toString().contains("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        sb.append((char) c);
                    }
                    assertThat(sb.toString()).startsWith("SIP/2.0 200 OK\r\n").contains("Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls1");
                    assertThat(s.getSession().getProtocol()).startsWith("TLSv1.");
                }
            }
        } finally {
            cert.delete();
        }
    }
}
