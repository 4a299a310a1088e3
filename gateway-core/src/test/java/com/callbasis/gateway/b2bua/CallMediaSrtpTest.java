package com.callbasis.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.MediaConfig;
import com.callbasis.gateway.e2e.Sipp;
import com.callbasis.gateway.media.MediaRelay;
import com.callbasis.gateway.media.Side;
import com.callbasis.gateway.media.sdp.MediaDescription;
import com.callbasis.gateway.media.sdp.Sdp;
import com.callbasis.gateway.media.srtp.SdesCrypto;
import com.callbasis.gateway.media.srtp.SrtpSuite;
import com.callbasis.gateway.media.srtp.SrtpTransform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SRTP terminated on each leg (RFC 3711 with SDES keys, RFC 4568): the caller's SRTP is decrypted
 * with the caller's key, recorded in the clear, and re-encrypted for the callee with keys the gateway
 * offered on that leg, over real sockets. The peers here are two SrtpTransforms driven by the keys
 * exchanged in the rewritten SDP.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallMediaSrtpTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MediaRelay relay;
    private DatagramSocket caller;
    private DatagramSocket callee;

    @BeforeEach
    void start() throws Exception {
        int min = 40000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 9000); // away from the default 30000-39999
        relay = new MediaRelay(new MediaConfig("127.0.0.1", min, min + 49), false, 1, registry);
        caller = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        caller.setSoTimeout(2000);
        callee.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        relay.close();
        caller.close();
        callee.close();
    }

    @Test
    void eachLegHasItsOwnKeysAndTheTapHearsPlainRtp() throws Exception {
        CallMedia media = new CallMedia(relay.open(), "127.0.0.1");
        List<byte[]> tapped = new CopyOnWriteArrayList<>();
        media.setTap((from, packet, at) -> tapped.add(ByteBufUtil.getBytes(packet)));

        SdesCrypto callerKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        byte[] offerOut = media.rewrite(Side.CALLER, sdp(caller.getLocalPort(), List.of(callerKey.toAttributeValue())));
        MediaDescription toCallee = Sdp.parse(new String(offerOut, StandardCharsets.UTF_8)).media().get(0);
        assertThat(toCallee.proto()).isEqualTo("RTP/SAVP");
        assertThat(toCallee.cryptos()).isNotEmpty().doesNotContain(callerKey.toAttributeValue());

        SdesCrypto gatewayToCallee = SdesCrypto.parse(toCallee.cryptos().get(0));
        SdesCrypto calleeKey = SdesCrypto.generate(gatewayToCallee.tag(), gatewayToCallee.suite(), RANDOM);
        byte[] answerOut = media.rewrite(Side.CALLEE, sdp(callee.getLocalPort(), List.of(calleeKey.toAttributeValue())));
        MediaDescription toCaller = Sdp.parse(new String(answerOut, StandardCharsets.UTF_8)).media().get(0);
        assertThat(toCaller.cryptos()).hasSize(1);
        SdesCrypto gatewayToCaller = SdesCrypto.parse(toCaller.cryptos().get(0));
        assertThat(gatewayToCaller.tag()).isEqualTo(1);
        assertThat(gatewayToCaller.toAttributeValue()).isNotEqualTo(callerKey.toAttributeValue());

        try (SrtpTransform callerPhone = new SrtpTransform(callerKey, gatewayToCaller);
                SrtpTransform calleePhone = new SrtpTransform(calleeKey, gatewayToCallee)) {
            InetSocketAddress gwForCaller = new InetSocketAddress("127.0.0.1", toCaller.port());
            InetSocketAddress gwForCallee = new InetSocketAddress("127.0.0.1", toCallee.port());
            for (int seq = 1; seq <= 20; seq++) {
                byte[] plain = rtp(seq, 0x1111);
                send(caller, callerPhone.protectRtp(Unpooled.copiedBuffer(plain)), gwForCaller);
                byte[] got = receive(callee);
                assertThat(got).isNotEqualTo(plain); // encrypted on the callee leg too
                ByteBuf in = Unpooled.copiedBuffer(got);
                assertThat(calleePhone.unprotectRtp(in)).as("callee decrypts packet %d", seq).isTrue();
                assertThat(ByteBufUtil.getBytes(in)).isEqualTo(plain);
                in.release();

                byte[] back = rtp(seq, 0x2222);
                send(callee, calleePhone.protectRtp(Unpooled.copiedBuffer(back)), gwForCallee);
                ByteBuf b = Unpooled.copiedBuffer(receive(caller));
                assertThat(callerPhone.unprotectRtp(b)).isTrue();
                assertThat(ByteBufUtil.getBytes(b)).isEqualTo(back);
                b.release();
            }
            assertThat(tapped).hasSize(40);
            assertThat(tapped.get(0)).isEqualTo(rtp(1, 0x1111)); // the recording hears plain RTP

            // A packet with a broken authentication tag is refused, not relayed, and counted.
            ByteBuf forged = callerPhone.protectRtp(Unpooled.copiedBuffer(rtp(21, 0x1111)));
            forged.setByte(forged.writerIndex() - 1, forged.getByte(forged.writerIndex() - 1) ^ 1);
            send(caller, forged, gwForCaller);
            send(caller, callerPhone.protectRtp(Unpooled.copiedBuffer(rtp(22, 0x1111))), gwForCaller);
            ByteBuf next = Unpooled.copiedBuffer(receive(callee));
            assertThat(calleePhone.unprotectRtp(next)).isTrue();
            assertThat(next.getUnsignedShort(2)).as("the forged packet never arrived").isEqualTo(22);
            next.release();
            assertThat(registry.find("media.packets.dropped").tag("reason", "srtp_auth").counter().count()).isEqualTo(1);
        }
        media.close();
    }

    @Test
    void anOfferWithoutUsableKeysIsDeclinedNotRelayedInTheClear() throws Exception {
        CallMedia media = new CallMedia(relay.open(), "127.0.0.1");
        byte[] out = media.rewrite(Side.CALLER, sdp(caller.getLocalPort(), List.of("1 F8_128_HMAC_SHA1_80 inline:" + "A".repeat(40))));
        assertThat(Sdp.parse(new String(out, StandardCharsets.UTF_8)).media().get(0).port()).isZero();
        media.close();
    }

    private static byte[] sdp(int port, List<String> cryptos) {
        StringBuilder s = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        s.append("m=audio ").append(port).append(" RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n");
        for (String c : cryptos) {
            s.append("a=crypto:").append(c).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] rtp(int seq, int ssrc) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        int ts = seq * 160;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        Arrays.fill(p, 12, p.length, (byte) (seq * 7));
        return p;
    }

    private static void send(DatagramSocket from, ByteBuf packet, InetSocketAddress to) throws Exception {
        byte[] b = ByteBufUtil.getBytes(packet);
        packet.release();
        from.send(new DatagramPacket(b, b.length, to));
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing relayed within 2 s");
        }
        return Arrays.copyOf(buf, p.getLength());
    }
}
