package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.transport.NettySipTransport;
import com.callbasis.gateway.sip.transport.tls.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners with {@code clientAuth}: who may connect, and the identities the transport hands up
 * with each message ({@link InboundSip#tlsPeerNames()}). Clients are plain JDK sockets and, for TLS 1.1,
 * {@code openssl s_client} (the JDK disables TLS 1.1 in its clients).
 */
class InboundTlsTest {
    @TempDir
    Path work;
    private TestPki serverCa;
    private TestPki clientCa;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LinkedBlockingQueue<InboundSip> received = new LinkedBlockingQueue<>();
    private NettySipTransport transport;

    @BeforeEach
    void pki() throws Exception {
        serverCa = TestPki.ca("gateway", work);
        clientCa = TestPki.ca("platform", work);
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    void inboundClientAuthRequireAcceptsACertificateFromClientCasAndExposesItsNames() throws Exception {
        int port = listen("require");
        TestPki.Issued client = clientCa.issue("pbx", "ignored-cn", "dns:pbx.example", "uri:sip:pbx.example", "ip:127.0.0.1");
        try (SSLSocket s = connect(port, client)) {
            send(s, "tls-ok");
            InboundSip in = received.poll(5, TimeUnit.SECONDS);
            assertThat(in).isNotNull();
            assertThat(in.message().callId()).isEqualTo("tls-ok");
            assertThat(in.tlsPeerNames()).containsExactly("pbx.example", "sip:pbx.example");
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThat(registry.find("sip.tls.handshake.failed").counters()).isEmpty();
    }

    @Test
    void inboundClientAuthRequireRefusesAClientWithoutCertificate() throws Exception {
        int port = listen("require");
        try (SSLSocket s = connect(port, null)) {
            assertThat(exchangeFails(s, "tls-anonymous")).isTrue();
        }
        awaitFailures("no_certificate", 1);
        assertThat(received).isEmpty();
    }

    @Test
    void inboundClientAuthRequireRefusesACertificateFromAnotherCa() throws Exception {
        int port = listen("require");
        TestPki.Issued stranger = serverCa.issue("stranger", "stranger", "dns:pbx.example");
        try (SSLSocket s = connect(port, stranger)) {
            assertThat(exchangeFails(s, "tls-stranger")).isTrue();
        }
        awaitFailures("untrusted", 1);
        assertThat(received).isEmpty();
    }

    @Test
    void inboundClientAuthOptionalAcceptsAClientWithoutCertificateWhichHasNoNames() throws Exception {
        int port = listen("optional");
        try (SSLSocket s = connect(port, null)) {
            send(s, "tls-optional");
            InboundSip in = received.poll(5, TimeUnit.SECONDS);
            assertThat(in).isNotNull();
            assertThat(in.tlsPeerNames()).isEmpty();
        }
    }

    @Test
    void inboundTls11ClientIsRefused() throws Exception {
        int port = listen("none");
        // SECLEVEL=0: OpenSSL 3 would not even offer TLS 1.1 otherwise.
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("alert protocol version");
        awaitFailures("protocol", 1);
    }

    /** Starts a transport with one TLS listener on a free port; returns the port. */
    private int listen(String clientAuth) throws Exception {
        TestPki.Issued gw = serverCa.issue("gw", "gateway.test", "dns:gateway.test", "ip:127.0.0.1");
        String cas = clientAuth.equals("none") ? "" : ", clientCas: " + clientCa.caPem();
        GatewayConfig cfg = GatewayConfigLoader.loadString("""
                sip:
                  listeners:
                    - {transport: tls, address: 127.0.0.1, port: 0, certificate: %s, privateKey: %s, clientAuth: %s%s}
                http: {enabled: false}
                """.formatted(gw.certificateFile(), gw.keyFile(), clientAuth, cas), "tls-in.yaml", work);
        transport = new NettySipTransport(cfg, new SipParser(cfg.limits()), new SipMetrics(registry), received::add);
        transport.start();
        return transport.boundPort(Transport.TLS);
    }

    /** A JDK client trusting the gateway's CA, offering {@code cert} (none when null); handshake done. */
    private SSLSocket connect(int port, TestPki.Issued cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", serverCa.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(cert == null ? null : new KeyManager[] {new AlwaysOffer(cert)}, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    /**
     * Offers its one certificate whatever CAs the server names: the JDK's own key manager would keep
     * quiet about a certificate from a CA the gateway does not list, and the test wants it refused.
     */
    private static final class AlwaysOffer extends X509ExtendedKeyManager {
        private final TestPki.Issued cert;

        AlwaysOffer(TestPki.Issued cert) {
            this.cert = cert;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"me"};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {cert.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return cert.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private static void send(SSLSocket s, String callId) throws IOException {
        String req = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:mon@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * True when the gateway refused the connection: in TLS 1.2 the handshake fails; in TLS 1.3 the
     * client's side completes first and the refusal arrives as an alert (or a close) on the first read.
     */
    private static boolean exchangeFails(SSLSocket s, String callId) {
        try {
            send(s, callId);
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (IOException refused) {
            return true;
        }
    }

    private void awaitFailures(String reason, double n) throws InterruptedException {
        await("sip.tls.handshake.failed{inbound," + reason + "} = " + n + " in " + registry.getMetersAsString(), () -> {
            Counter c = registry.find("sip.tls.handshake.failed").tags("direction", "inbound", "reason", reason).counter();
            return c != null && c.count() == n;
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
