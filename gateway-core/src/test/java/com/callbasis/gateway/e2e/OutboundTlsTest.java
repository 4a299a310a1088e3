package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.transport.Destination;
import com.callbasis.gateway.sip.transport.NettySipTransport;
import com.callbasis.gateway.sip.transport.tls.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: outbound TLS checked nobody. A call routed to {@code sip:localhost:PORT;transport=tls}
 * meets a real Kamailio TLS peer; the gateway must verify its chain against {@code sip.tls.trustedCas}
 * and its certificate against the route's host name (the certificates below name only {@code localhost},
 * never 127.0.0.1, so a check against the resolved address would fail the good case).
 */
class OutboundTlsTest {
    @TempDir
    Path work;
    private TestPki ca;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void pki() throws Exception {
        ca = TestPki.ca("routes", work);
    }

    @Test
    void outboundTlsVerifiesThePeerAgainstTheRouteHostName() throws Exception {
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), null)) {
            assertThat(call(peer, "{trustedCas: " + ca.caPem() + "}").status()).as(peer.output()).isEqualTo(486);
            assertThat(peer.received("INVITE")).isEqualTo(1);
            assertThat(registry.find("sip.tls.handshake.failed").counters()).isEmpty();
        }
    }

    @Test
    void outboundTlsRefusesWrongName() throws Exception {
        try (Kamailio peer = Kamailio.tls(work, ca.issue("other", "localhost", "dns:other.example", "ip:127.0.0.1"), null)) {
            TestUa.Message r = call(peer, "{trustedCas: " + ca.caPem() + "}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.startLine()).contains("Target Unreachable");
            awaitFailures("outbound", "name_mismatch", 1);
            assertThat(peer.received("INVITE")).isZero();
        }
    }

    @Test
    void outboundTlsRefusesUnknownCa() throws Exception {
        TestPki stranger = TestPki.ca("stranger", work);
        try (Kamailio peer = Kamailio.tls(work, stranger.issue("peer", "localhost", "dns:localhost"), null)) {
            TestUa.Message r = call(peer, "{trustedCas: " + ca.caPem() + "}");
            assertThat(r.status()).isEqualTo(503);
            awaitFailures("outbound", "untrusted", 1);
            assertThat(peer.received("INVITE")).isZero();
        }
    }

    @Test
    void outboundTlsWithoutTrustedCasUsesTheJdkTrustStoreAndRefusesAPrivateCa() throws Exception {
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), null)) {
            assertThat(call(peer, "{}").status()).isEqualTo(503);
            awaitFailures("outbound", "untrusted", 1);
        }
    }

    @Test
    void outboundTlsOffersTheClientCertificateToAPeerThatRequiresOne() throws Exception {
        TestPki.Issued gw = ca.issue("gateway", "gateway.test", "dns:gateway.test");
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), ca.caPem())) {
            TestUa.Message r = call(peer, "{trustedCas: %s, certificate: %s, privateKey: %s}".formatted(ca.caPem(), gw.certificateFile(), gw.keyFile()));
            assertThat(r.status()).as(peer.output()).isEqualTo(486);
            assertThat(peer.received("INVITE")).isEqualTo(1);
        }
    }

    /**
     * In TLS 1.3 the server judges our (missing) certificate after our side of the handshake is done, so
     * the INVITE has left when the refusal arrives: the call fails on Timer B (64*T1, 3.2 s here), not
     * at once as a send error.
     */
    @Test
    void outboundTlsWithoutClientCertificateIsRefusedByAPeerThatRequiresOne() throws Exception {
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), ca.caPem())) {
            TestUa.Message r = call(peer, "{trustedCas: " + ca.caPem() + "}");
            assertThat(r.status()).isEqualTo(503);
            awaitFailures("outbound", "no_certificate", 1);
            assertThat(peer.received("INVITE")).isZero();
        }
    }

    @Test
    void aConnectionVerifiedForOneNameDoesNotCarryAnother() throws Exception {
        // Before, connections were pooled by address alone: whatever name a request was for, it went
        // over any open connection to that address.
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), null)) {
            LinkedBlockingQueue<InboundSip> responses = new LinkedBlockingQueue<>();
            GatewayConfig cfg = GatewayConfigLoader.loadString("""
                    sip:
                      listeners: [{transport: udp, address: 127.0.0.1, port: 0}]
                      tls: {trustedCas: %s}
                    http: {enabled: false}
                    """.formatted(ca.caPem()), "pool.yaml", work);
            try (NettySipTransport t = new NettySipTransport(cfg, new SipParser(cfg.limits()), new SipMetrics(registry), responses::add)) {
                t.start();
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", peer.port);
                t.send(options("pool-1"), Destination.to(Transport.TLS, "localhost", address)).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(responses.poll(5, TimeUnit.SECONDS)).isNotNull().satisfies(r -> assertThat(r.tlsPeerNames()).containsExactly("localhost"));

                assertThatThrownBy(() -> t.send(options("pool-2"), Destination.to(Transport.TLS, "other.example", address))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(CertificateException.class);
                awaitFailures("outbound", "name_mismatch", 1);

                // An IP literal names no one but the address: the connection verified for localhost carries it.
                t.send(options("pool-3"), Destination.to(Transport.TLS, "127.0.0.1", address)).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(responses.poll(5, TimeUnit.SECONDS)).isNotNull();
                assertThat(peer.received("OPTIONS")).isEqualTo(2);
            }
        }
    }

    private static SipRequest options(String callId) {
        return SipRequest.builder("OPTIONS", "sip:localhost")
                .add(HeaderNames.VIA, "SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-" + callId + ";rport")
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, "<sip:gw@127.0.0.1>;tag=" + callId)
                .add(HeaderNames.TO, "<sip:localhost>")
                .add(HeaderNames.CALL_ID, callId)
                .add(HeaderNames.CSEQ, "1 OPTIONS")
                .build();
    }

    /** One INVITE through a gateway routing everything to the Kamailio {@code peer}; {@code tls} is the sip.tls section. */
    private TestUa.Message call(Kamailio peer, String tls) throws Exception {
        String yaml = """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: 0}
                  tls: %s
                  timers: {t1: 50ms}
                routes:
                  - id: tls-peer
                    target: sip:localhost:%d;transport=tls
                http: {enabled: false}
                """.formatted(tls, peer.port);
        try (SipServer gw = new SipServer(GatewayConfigLoader.loadString(yaml, "tls-out.yaml", work), registry)) {
            gw.start();
            try (TestUa ua = TestUa.caller(gw.port(Transport.UDP))) {
                return ua.invite("4402071230000", "", null);
            }
        }
    }

    private void awaitFailures(String direction, String reason, double n) throws InterruptedException {
        await("sip.tls.handshake.failed{" + direction + "," + reason + "} = " + n + " in " + registry.getMetersAsString(),
                () -> count(direction, reason) == n);
    }

    private double count(String direction, String reason) {
        Counter c = registry.find("sip.tls.handshake.failed").tags("direction", direction, "reason", reason).counter();
        return c == null ? 0 : c.count();
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
