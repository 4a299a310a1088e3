package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written datagrams at a running gateway: each bad or unsupported request gets its answer. */
class RawSipTest {
    @TempDir
    Path work;
    private GatewayUnderTest gw;
    private DatagramSocket socket;

    @BeforeEach
    void start() throws Exception {
        gw = new GatewayUnderTest(Transport.UDP, Sipp.freePort(), work, 0, "", "500ms", 30_000, "1h");
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        socket.close();
        gw.close();
    }

    private String request(String method, String extraHeaders, String toTag, int maxForwards) {
        int port = socket.getLocalPort();
        return method + " sip:4402071230000@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + System.nanoTime() + "\r\n"
                + "From: <sip:+442071234567@127.0.0.1>;tag=f1\r\n"
                + "To: <sip:4402071230000@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: raw-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + port + ">\r\n"
                + "Max-Forwards: " + maxForwards + "\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
    }

    private String exchange(String message) throws Exception {
        send(message.getBytes(StandardCharsets.UTF_8));
        while (true) {
            String reply = receive();
            if (!reply.startsWith("SIP/2.0 100 ")) {
                return reply;
            }
        }
    }

    private void send(byte[] b) throws Exception {
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), gw.port(Transport.UDP)));
    }

    private String receive() throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        assertThat(exchange(request("INVITE", "", null, 0))).startsWith("SIP/2.0 483 Too Many Hops\r\n");
    }

    @Test
    void unsupportedRequireGets420WithUnsupported() throws Exception {
        String r = exchange(request("INVITE", "Require: 100rel, precondition\r\n", null, 70));
        assertThat(r).startsWith("SIP/2.0 420 Bad Extension\r\n").contains("Unsupported: 100rel, precondition\r\n");
    }

    @Test
    void registerGets405WithAllow() throws Exception {
        assertThat(exchange(request("REGISTER", "", null, 70))).startsWith("SIP/2.0 405 ").contains("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS");
    }

    @Test
    void byeForAnUnknownDialogGets481() throws Exception {
        assertThat(exchange(request("BYE", "", "nosuchtag", 70))).startsWith("SIP/2.0 481 ");
    }

    @Test
    void cancelWithoutInviteGets481() throws Exception {
        assertThat(exchange(request("CANCEL", "", null, 70))).startsWith("SIP/2.0 481 ");
    }

    @Test
    void unknownMethodGets501() throws Exception {
        assertThat(exchange(request("FROBNICATE", "", null, 70))).startsWith("SIP/2.0 501 ");
    }

    @Test
    void cseqMismatchGets400WithReason() throws Exception {
        String bad = request("OPTIONS", "", null, 70).replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        String r = exchange(bad);
        assertThat(r).startsWith("SIP/2.0 400 CSeq Method Does Not Match\r\n");
        assertThat(gw.counter("sip.parse.errors", "kind", "header", "action", "answered")).isEqualTo(1.0);
    }

    /** Larger than Netty's default 2 KiB datagram buffer, within our 30,000-byte limit: read whole and answered. */
    @Test
    void twentyKilobyteDatagramIsReadWhole() throws Exception {
        String big = request("OPTIONS", "X-Padding: " + "a".repeat(7000) + "\r\n", null, 70)
                .replace("Content-Length: 0\r\n\r\n", "Content-Type: text/plain\r\nContent-Length: 13000\r\n\r\n" + "b".repeat(13000));
        assertThat(exchange(big)).startsWith("SIP/2.0 200 OK\r\n");
    }

    @Test
    void oversizeDatagramGets513() throws Exception {
        String big = request("OPTIONS", "X-Padding: " + "a".repeat(40_000) + "\r\n", null, 70);
        assertThat(exchange(big)).startsWith("SIP/2.0 513 ");
        assertThat(gw.counter("sip.parse.errors", "kind", "limit", "action", "answered")).isEqualTo(1.0);
    }

    @Test
    void garbageIsDroppedAndCountedAndTheGatewayKeepsServing() throws Exception {
        send("\u0016\u0003\u0001garbage that is not SIP at all".getBytes(StandardCharsets.ISO_8859_1));
        send("HELLO WORLD\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(300);
        boolean replied = true;
        try {
            receive();
        } catch (SocketTimeoutException expected) {
            replied = false;
        }
        assertThat(replied).isFalse();
        socket.setSoTimeout(2000);
        assertThat(exchange(request("OPTIONS", "", null, 70))).startsWith("SIP/2.0 200 OK\r\n");
        assertThat(gw.counter("sip.parse.errors", "kind", "start_line", "action", "dropped")
                + gw.counter("sip.parse.errors", "kind", "header", "action", "dropped")).isGreaterThanOrEqualTo(1.0);
    }
}
