package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: an INVITE flood had no brake. New calls are limited per source; the calls over
 * the limit get a stateless 503 with Retry-After (no transaction, no media), and other sources still call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InviteFloodTest {
    @TempDir
    Path dir;

    static byte[] invite(int port, String callId, int localPort) {
        return ("INVITE sip:100@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId
                + "\r\nMax-Forwards: 70\r\nFrom: <sip:flood@127.0.0.1>;tag=f" + callId + "\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: " + callId
                + "\r\nCSeq: 1 INVITE\r\nContact: <sip:flood@127.0.0.1:" + localPort + ">\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anInviteFloodFromOneSourceIsAnsweredStatelesslyAndOthersStillCall() throws Exception {
        String yaml = """
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]
                  admission: {newCallsPerSecond: 2, burst: 10, retryAfter: 7s}
                  timers: {t1: 100ms}
                routes:
                  - {id: agents, target: "sip:127.0.0.1:9"}
                media: {address: 127.0.0.1, portMin: 46000, portMax: 46399}
                http: {enabled: false}
                """;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SipServer server = new SipServer(GatewayConfigLoader.loadString(yaml, "flood.yaml", dir), registry);
             DatagramSocket flood = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            server.start();
            int port = server.port(Transport.UDP);
            InetSocketAddress gw = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            int n = 200;
            for (int i = 0; i < n; i++) {
                byte[] m = invite(port, "flood-" + i, flood.getLocalPort());
                flood.send(new DatagramPacket(m, m.length, gw));
            }
            // Collect the first response to each call: 100 Trying (admitted) or 503 (refused).
            Map<String, String> first = new HashMap<>();
            flood.setSoTimeout(5000);
            byte[] buf = new byte[65536];
            while (first.size() < n) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    flood.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                String callId = text.lines().filter(l -> l.startsWith("Call-ID: ")).findFirst().orElseThrow().substring(9);
                first.putIfAbsent(callId, text);
            }
            assertThat(first).hasSize(n);
            long refused = first.values().stream().filter(t -> t.startsWith("SIP/2.0 503 Overloaded")).count();
            // the burst of 10, plus the few tokens that refill while 200 datagrams are handled
            assertThat(refused).isBetween((long) n - 30, (long) n - 10);
            assertThat(first.values().stream().filter(t -> t.startsWith("SIP/2.0 503")).findFirst().orElseThrow())
                    .contains("Retry-After: 7");
            var c = registry.find("sip.calls.refused").tags("reason", "rate").counter();
            assertThat(c.count()).isGreaterThanOrEqualTo(refused);
            // no state for the refused: only the admitted calls hold transactions
            assertThat(server.activeTransactions()).isLessThanOrEqualTo(2 * (int) (n - refused) + 2);

            // another source is not braked by the flood
            byte[] m = invite(port, "other-1", other.getLocalPort());
            other.send(new DatagramPacket(m, m.length, gw));
            other.setSoTimeout(5000);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            other.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).startsWith("SIP/2.0 100");
        }
    }

    @Test
    void callsAdmittedButNeverCompletedAreBoundedPerSource() throws Exception {
        String yaml = """
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]
                  admission: {newCallsPerSecond: 1000, maxCallsPerSource: 5}
                  timers: {t1: 100ms}
                routes:
                  - {id: agents, target: "sip:127.0.0.1:9"}
                media: {address: 127.0.0.1, portMin: 46400, portMax: 46799}
                http: {enabled: false}
                """;
        try (SipServer server = new SipServer(GatewayConfigLoader.loadString(yaml, "calls.yaml", dir), new SimpleMeterRegistry());
             DatagramSocket flood = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            server.start();
            int port = server.port(Transport.UDP);
            InetSocketAddress gw = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < 20; i++) {
                byte[] m = invite(port, "held-" + i, flood.getLocalPort());
                flood.send(new DatagramPacket(m, m.length, gw));
            }
            int refused = 0;
            flood.setSoTimeout(3000);
            byte[] buf = new byte[65536];
            while (refused < 15) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    flood.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 503 Too Many Calls From Source")) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(15);
            assertThat(server.activeCalls()).isEqualTo(5);
            assertThat(server.media().portsInUse()).as("no port for a refused call").isLessThanOrEqualTo(5 * 4);
            byte[] m = invite(port, "other-2", other.getLocalPort());
            other.send(new DatagramPacket(m, m.length, gw));
            other.setSoTimeout(3000);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            other.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).startsWith("SIP/2.0 100");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.activeCalls() != 6 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(server.activeCalls()).isEqualTo(6);
        }
    }
}
