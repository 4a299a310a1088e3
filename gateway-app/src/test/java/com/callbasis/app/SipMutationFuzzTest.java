package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import com.callbasis.gateway.e2e.Sipp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 16: the reliability probe's mutation fuzzing kept as a bounded, seeded test. A few
 * thousand mutated SIP messages over UDP and TCP; then the gateway must still complete a real call
 * (SIPp to SIPp through it), answer {@code /health}, and hold no call, transaction, media port or
 * descriptor more than before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SipMutationFuzzTest {
    static final long SEED = 20261203L;
    static final int UDP_MESSAGES = 3000;
    static final int TCP_MESSAGES = 400;

    @TempDir
    Path dir;

    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    static List<String> templates(int gwPort) {
        String via = "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-fuzz;rport\r\n";
        String dialog = "From: \"Fuzz\" <sip:+442071234567@127.0.0.1>;tag=ft\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: fuzz@127.0.0.1\r\n";
        return List.of(
                "INVITE sip:100@127.0.0.1:" + gwPort + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + dialog
                        + "CSeq: 1 INVITE\r\nContact: <sip:fuzz@127.0.0.1:5999>\r\nContent-Type: application/sdp\r\nContent-Length: "
                        + SDP.length() + "\r\n\r\n" + SDP,
                "OPTIONS sip:127.0.0.1:" + gwPort + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + dialog + "CSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n",
                "BYE sip:100@127.0.0.1:" + gwPort + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + dialog.replace("100@127.0.0.1>", "100@127.0.0.1>;tag=x")
                        + "CSeq: 3 BYE\r\nContent-Length: 0\r\n\r\n",
                "CANCEL sip:100@127.0.0.1:" + gwPort + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + dialog + "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n",
                "ACK sip:100@127.0.0.1:" + gwPort + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + dialog + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n",
                "SIP/2.0 200 OK\r\n" + via + dialog + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
    }

    /** One of a few kinds of damage a fuzzer does to a message. */
    static byte[] mutate(byte[] m, Random r) {
        byte[] b = m.clone();
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at); // truncated
                case 3 -> { // a range duplicated (repeated headers, doubled values)
                    int len = Math.min(b.length - at, 1 + r.nextInt(200));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                case 4 -> { // a range deleted
                    int len = Math.min(b.length - at, 1 + r.nextInt(40));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                case 5 -> b = replaceFirst(b, "Content-Length: ", "Content-Length: " + (r.nextBoolean() ? "-" : "") + r.nextInt(100000) + "0");
                case 6 -> b = replaceFirst(b, "CSeq: ", "CSeq: " + Long.toUnsignedString(r.nextLong()));
                default -> b = replaceFirst(b, "\r\n", "\r\n" + "X-Fuzz: " + "a".repeat(r.nextInt(20000)) + "\r\n");
            }
        }
        return b;
    }

    private static byte[] replaceFirst(byte[] b, String what, String with) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int i = s.indexOf(what);
        return i < 0 ? b : (s.substring(0, i) + with + s.substring(i + what.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static double sum(PrometheusMeterRegistry registry, String counter) {
        return registry.find(counter).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** Messages the gateway has dealt with: parsed (requests, responses) or refused as unparseable. */
    static int handled(PrometheusMeterRegistry registry) {
        return (int) (sum(registry, "sip.parse.errors") + sum(registry, "sip.requests.in") + sum(registry, "sip.responses.in"));
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static void await(String what, IntSupplier value, int expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int v;
        while ((v = value.getAsInt()) != expected) {
            assertThat(System.nanoTime() < end).as("%s: %d, expected %d within 30 s", what, v, expected).isTrue();
            Thread.sleep(50);
        }
    }

    @Test
    void afterThousandsOfMutatedMessagesTheGatewayStillCallsAnswersHealthAndLeaksNothing() throws Exception {
        Sipp uas = Sipp.uas("uas-answer", Transport.UDP, 1, dir);
        int uasPort = uas.port;
        String yaml = """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: 0}
                    - {transport: tcp, address: 127.0.0.1, port: 0}
                  timers: {t1: 50ms}
                  calls: {noAnswerTimeout: 2s}
                  admission: {newCallsPerSecond: 100000, burst: 100000}
                routes:
                  - {id: real, match: {userPrefix: "4402071230000"}, target: "sip:127.0.0.1:%d"}
                  - {id: fuzzed, target: "sip:127.0.0.1:9"}   # admitted fuzz calls go nowhere and must still end
                media: {address: 127.0.0.1, portMin: 47000, portMax: 47999}
                http: {enabled: false}
                """.formatted(uasPort);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SipServer server = new SipServer(GatewayConfigLoader.loadString(yaml, "fuzz.yaml", dir), registry);
             HttpApi http = new HttpApi("127.0.0.1", 0, registry)) {
            server.start();
            int port = server.port(Transport.UDP);
            long descriptorsBefore = openDescriptors();
            Random r = new Random(SEED);
            List<byte[]> templates = templates(port).stream().map(t -> t.getBytes(StandardCharsets.US_ASCII)).toList();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                InetSocketAddress gw = new InetSocketAddress("127.0.0.1", port);
                for (int i = 0; i < UDP_MESSAGES; i++) {
                    byte[] m = mutate(templates.get(r.nextInt(templates.size())), r);
                    udp.send(new DatagramPacket(m, Math.min(m.length, 65000), gw));
                    if (i % 100 == 99) { // a fuzzer, not a flood: let the gateway keep up so the kernel drops nothing
                        int sent = i + 1;
                        await("datagrams handled", () -> handled(registry) >= sent - sent / 20 ? 1 : 0, 1);
                    }
                }
            }
            List<Socket> tcp = new ArrayList<>();
            for (int i = 0; i < TCP_MESSAGES; i++) {
                if (tcp.isEmpty() || tcp.get(tcp.size() - 1).isClosed()) {
                    tcp.add(new Socket("127.0.0.1", server.port(Transport.TCP)));
                }
                Socket s = tcp.get(tcp.size() - 1);
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(mutate(templates.get(r.nextInt(templates.size())), r));
                    out.flush();
                } catch (IOException closedByGateway) {
                    s.close(); // a framing error closes the connection: the next message opens another
                }
            }
            for (Socket s : tcp) {
                s.close();
            }

            // not vacuous: the mutations reached the parser, and some still parsed into requests the B2BUA handled
            assertThat(sum(registry, "sip.parse.errors")).isGreaterThan(300);
            assertThat(registry.find("sip.requests.in").tags("method", "INVITE").counter().count()).isGreaterThan(30);

            // the gateway still completes a real call: SIPp UAC -> gateway -> SIPp UAS
            Sipp uac = Sipp.uac("uac-basic", Transport.UDP, port, 1, 1, dir);
            int uacExit = uac.await();
            assertThat(uacExit).as("the call through the gateway succeeded; SIPp said:%n%s%n%s", uac.output(), uas.output()).isZero();
            assertThat(uas.await()).as(uas.output()).isZero();

            // /health answers
            HttpURLConnection h = (HttpURLConnection) URI.create("http://127.0.0.1:" + http.port() + "/health").toURL().openConnection();
            h.setConnectTimeout(5000);
            h.setReadTimeout(5000);
            assertThat(h.getResponseCode()).isEqualTo(200);
            h.disconnect();

            // nothing leaked: calls, transactions, media ports, descriptors
            await("active calls", server::activeCalls, 0);
            await("active transactions", server::activeTransactions, 0);
            await("media ports in use", () -> server.media().portsInUse(), 0);
            await("open SIP connections", server::openConnections, 0);
            assertThat(openDescriptors()).as("descriptors").isLessThanOrEqualTo(descriptorsBefore + 16);
        } finally {
            uas.kill();
        }
    }
}
