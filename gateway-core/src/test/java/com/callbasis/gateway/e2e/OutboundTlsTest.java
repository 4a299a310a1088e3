package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import com.callbasis.gateway.sip.transport.tls.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
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

    @Test
    void outboundTlsWithoutClientCertificateIsRefusedByAPeerThatRequiresOne() throws Exception {
        try (Kamailio peer = Kamailio.tls(work, ca.issue("peer", "localhost", "dns:localhost"), ca.caPem())) {
            TestUa.Message r = call(peer, "{trustedCas: " + ca.caPem() + "}");
            assertThat(r.status()).isEqualTo(503);
            awaitFailures("outbound", "no_certificate", 1);
            assertThat(peer.received("INVITE")).isZero();
        }
    }

    /** One INVITE through a gateway routing everything to the Kamailio {@code peer}; {@code tls} is the sip.tls section. */
    private TestUa.Message call(Kamailio peer, String tls) throws Exception {
        String yaml = """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: 0}
                  tls: %s
                  timers: {t1: 100ms}
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
