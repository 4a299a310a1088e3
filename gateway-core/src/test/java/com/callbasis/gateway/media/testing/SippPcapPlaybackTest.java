package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.e2e.Sipp;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What SIPp does with the fixtures, measured against a minimal SIP peer written here so the RTP lands
 * on a socket the test owns: SIPp's play_pcap_audio sends every pcap packet unchanged (RTP header and
 * payload byte for byte), 20 ms apart, from the port its own SDP announced ([media_port] = -mp), to
 * the c=/m= address and port of the peer's SDP. (SIPp sends from a raw socket, so it must run as root.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SippPcapPlaybackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {RtpFixture.CALLER_PCMA, RtpFixture.DTMF_PCMU})
    void uacPlaysThePcapFromItsAnnouncedPortToTheAnsweredOne(String fixture) throws Exception {
        RtpFixture f = RtpFixture.load(fixture);
        int mediaPort = Sipp.freePort();
        try (DatagramSocket sip = socket(); DatagramSocket rtp = socket()) {
            Process sipp = sipp("rtp-uac", mediaPort, f.copyPcapTo(dir), "127.0.0.1:" + sip.getLocalPort(), "-s", "100");
            try {
                Message invite = receiveRequest(sip, "INVITE");
                assertThat(invite.text).contains("m=audio " + mediaPort + " RTP/AVP 0 8 101", "a=fmtp:101 0-16");
                reply(sip, invite, "200 OK", ";tag=uas1", sdp(rtp.getLocalPort()));
                receiveRequest(sip, "ACK");

                List<DatagramPacket> got = receiveAll(rtp, (int) f.fact("packets"));
                Message bye = receiveRequest(sip, "BYE");
                reply(sip, bye, "200 OK", "", "");

                assertPlayedExactly(f, got, mediaPort);
                assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(sipp.exitValue()).as(output()).isZero();
            } finally {
                sipp.destroyForcibly();
            }
        }
    }

    @Test
    void uasPlaysThePcapAfterTheAckTowardsTheOfferedPort() throws Exception {
        RtpFixture f = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        int mediaPort = Sipp.freePort();
        int sippPort = Sipp.freePort();
        try (DatagramSocket sip = socket(); DatagramSocket rtp = socket()) {
            Process sipp = sipp("rtp-uas", mediaPort, f.copyPcapTo(dir), "-p", Integer.toString(sippPort));
            try {
                InetSocketAddress uas = new InetSocketAddress(LOOPBACK, sippPort);
                String common = "From: <sip:caller@127.0.0.1:" + sip.getLocalPort() + ">;tag=uac1\r\nCall-ID: media-test-1\r\n"
                        + "Contact: <sip:caller@127.0.0.1:" + sip.getLocalPort() + ">\r\nMax-Forwards: 70\r\n";
                String body = sdp(rtp.getLocalPort());
                Message ok = null;
                for (int attempt = 0; attempt < 20 && ok == null; attempt++) { // SIPp may not be listening yet
                    send(sip, uas, "INVITE sip:agent@127.0.0.1:" + sippPort + " SIP/2.0\r\n" + via(sip, "inv") + common
                            + "To: <sip:agent@127.0.0.1>\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                    ok = receive(sip, 500);
                }
                assertThat(ok).isNotNull();
                assertThat(ok.text).startsWith("SIP/2.0 200").contains("m=audio " + mediaPort + " RTP/AVP 0 8 101");
                String to = ok.header("To");
                send(sip, uas, "ACK sip:agent@127.0.0.1:" + sippPort + " SIP/2.0\r\n" + via(sip, "ack") + common
                        + "To: " + to + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");

                List<DatagramPacket> got = receiveAll(rtp, (int) f.fact("packets"));
                send(sip, uas, "BYE sip:agent@127.0.0.1:" + sippPort + " SIP/2.0\r\n" + via(sip, "bye") + common
                        + "To: " + to + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
                Message byeOk = receive(sip, 5000);

                assertPlayedExactly(f, got, mediaPort);
                assertThat(byeOk).isNotNull();
                assertThat(byeOk.text).startsWith("SIP/2.0 200").contains("CSeq: 2 BYE");
                assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(sipp.exitValue()).as(output()).isZero();
            } finally {
                sipp.destroyForcibly();
            }
        }
    }

    private static void assertPlayedExactly(RtpFixture f, List<DatagramPacket> got, int mediaPort) {
        List<RtpPacket> sent = f.pcap().packets();
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < got.size(); i++) {
            DatagramPacket d = got.get(i);
            assertThat(d.getPort()).as("source port of packet %d", i).isEqualTo(mediaPort);
            assertThat(d.getAddress()).isEqualTo(LOOPBACK);
            assertThat(RtpPacket.parse(d.getData(), d.getOffset(), d.getLength())).contains(sent.get(i));
        }
    }

    private Process sipp(String scenario, int mediaPort, Path pcap, String... args) throws IOException {
        Path sf = dir.resolve(scenario + ".xml");
        try (var in = getClass().getResourceAsStream("/sipp/" + scenario + ".xml")) {
            Files.write(sf, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", sf.toString(), "-i", "127.0.0.1", "-mi", "127.0.0.1",
                "-mp", Integer.toString(mediaPort), "-key", "pcap", pcap.toString(), "-m", "1", "-t", "u1",
                "-timeout", "20s", "-timeout_error", "-nostdin"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String sdp(int rtpPort) {
        return "v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtpPort
                + " RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
    }

    private static String via(DatagramSocket s, String branch) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-" + branch + "\r\n";
    }

    private static DatagramSocket socket() throws IOException {
        return new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    }

    private record Message(String text, InetSocketAddress from) {
        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*?)\\r?$").matcher(text);
            return m.find() ? m.group(1) : "";
        }
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static Message receive(DatagramSocket s, int timeoutMs) throws IOException {
        byte[] buf = new byte[8192];
        DatagramPacket d = new DatagramPacket(buf, buf.length);
        s.setSoTimeout(timeoutMs);
        try {
            s.receive(d);
        } catch (SocketTimeoutException none) {
            return null;
        }
        return new Message(new String(buf, 0, d.getLength(), StandardCharsets.US_ASCII), (InetSocketAddress) d.getSocketAddress());
    }

    /** The next request of that method, skipping retransmissions of earlier ones. */
    private static Message receiveRequest(DatagramSocket s, String method) throws IOException {
        for (int i = 0; i < 20; i++) {
            Message m = receive(s, 10_000);
            assertThat(m).as("waiting for " + method).isNotNull();
            if (m.text.startsWith(method + " ")) {
                return m;
            }
        }
        throw new AssertionError("no " + method);
    }

    private static void reply(DatagramSocket s, Message request, String status, String toTag, String body) throws IOException {
        send(s, request.from, "SIP/2.0 " + status + "\r\nVia: " + request.header("Via") + "\r\nFrom: " + request.header("From")
                + "\r\nTo: " + request.header("To") + toTag + "\r\nCall-ID: " + request.header("Call-ID") + "\r\nCSeq: "
                + request.header("CSeq") + "\r\nContact: <sip:uas@127.0.0.1:" + s.getLocalPort() + ">\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n") + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** Datagrams until {@code expected} arrived, or none came for 2 s (then the size shows what was lost). */
    private static List<DatagramPacket> receiveAll(DatagramSocket s, int expected) throws IOException {
        List<DatagramPacket> out = new ArrayList<>();
        s.setSoTimeout(2000);
        while (out.size() < expected) {
            DatagramPacket d = new DatagramPacket(new byte[2048], 2048);
            try {
                s.receive(d);
            } catch (SocketTimeoutException quiet) {
                break;
            }
            out.add(d);
        }
        return out;
    }
}
