package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 1: idle and dripping TCP connections took the gateway down. Connections are capped
 * per source and in total, and a message (or a new connection's first one) must arrive within the
 * message timeout however steadily it drips. Real sockets from several loopback addresses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionFloodTest {
    @TempDir
    Path dir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private SipServer server;

    private void start(String connections) throws Exception {
        String yaml = """
                sip:
                  listeners:
                    - {transport: tcp, address: 127.0.0.1, port: 0}
                  connections: %s
                routes:
                  - {id: agents, target: "sip:127.0.0.1:9"}
                http: {enabled: false}
                """.formatted(connections);
        server = new SipServer(GatewayConfigLoader.loadString(yaml, "flood.yaml", dir), registry);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port(Transport.TCP)), 5000);
        return s;
    }

    /** True when the gateway closed the connection (end of stream) within {@code millis}. */
    private static boolean closedByGateway(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < end).as("within 20 s: " + what).isTrue();
            Thread.sleep(20);
        }
    }

    @Test
    void idleConnectionsAreCappedPerSourceAndInTotal() throws Exception {
        start("{max: 30, maxPerSource: 10, messageTimeout: 30s}");
        List<Socket> first = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            first.add(connect("127.0.0.1"));
        }
        await("4 refused from one source", () -> counter("sip.connections.refused", "reason", "per_source") == 4);
        assertThat(server.openConnections()).isEqualTo(10);
        int closed = 0;
        for (Socket s : first) { // which four lost the race is up to the event loops; the refused are closed already
            closed += closedByGateway(s, 200) ? 1 : 0;
        }
        assertThat(closed).isEqualTo(4);
        for (String from : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
            for (int i = 0; i < 10; i++) {
                connect(from);
            }
        }
        await("10 refused over the total", () -> counter("sip.connections.refused", "reason", "total") == 10);
        assertThat(server.openConnections()).isEqualTo(30);
        // a closed connection frees its place, for its source and in total
        first.stream().filter(s -> !s.isClosed()).findFirst().orElseThrow().close();
        await("a place freed", () -> server.openConnections() == 29);
        Socket again = connect("127.0.0.1");
        await("the new one counted", () -> server.openConnections() == 30);
        assertThat(closedByGateway(again, 300)).isFalse();
    }

    @Test
    void aDrippingConnectionIsClosedAtTheMessageTimeout() throws Exception {
        start("{messageTimeout: 1s}");
        Socket s = connect("127.0.0.1");
        OutputStream out = s.getOutputStream();
        byte[] invite = ("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-drip\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: drip\r\n"
                + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        int sent = 0;
        try {
            // a byte every 50 ms: an idle timer reset by each byte would never fire
            for (; sent < invite.length - 1 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15); sent++) {
                out.write(invite[sent]);
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException closed) {
            // the gateway closed it while we dripped: what we want
        }
        assertThat(sent).as("closed before the message was complete").isLessThan(invite.length - 1);
        assertThat(closedByGateway(s, 5000)).isTrue();
        assertThat(counter("sip.connections.closed", "reason", "message_timeout")).isEqualTo(1);
        await("connection released", () -> server.openConnections() == 0);
    }

    @Test
    void aConnectionThatNeverSendsIsClosedAtTheMessageTimeout() throws Exception {
        start("{messageTimeout: 1s}");
        Socket s = connect("127.0.0.1");
        assertThat(closedByGateway(s, 10_000)).isTrue();
        assertThat(counter("sip.connections.closed", "reason", "message_timeout")).isEqualTo(1);
    }

    @Test
    void aConnectionKeptAliveWithPingsStaysOpen() throws Exception {
        start("{messageTimeout: 1s}");
        Socket s = connect("127.0.0.1");
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000);
        while (System.nanoTime() < end) {
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // RFC 5626 keep-alive, answered with CRLF
            out.flush();
            assertThat(in.read()).isEqualTo('\r');
            assertThat(in.read()).isEqualTo('\n');
            Thread.sleep(300);
        }
        assertThat(counter("sip.connections.closed", "reason", "message_timeout")).isZero();
        assertThat(server.openConnections()).isEqualTo(1);
    }
}
