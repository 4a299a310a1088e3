package com.callbasis.gateway.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.SipLimits;
import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.Fixtures;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipDatagramDecoderTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 5062);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5060);
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder(new SipParser(SipLimits.DEFAULT)));

    @AfterEach
    void nothingPending() {
        assertThat(channel.finish()).isFalse();
    }

    private DatagramPacket packet(byte[] b) {
        return new DatagramPacket(Unpooled.wrappedBuffer(b), LOCAL, PEER);
    }

    /** Writes a datagram, checks it was released, returns what came out (or null). */
    private InboundSip feed(byte[] b) {
        DatagramPacket p = packet(b);
        channel.writeInbound(p);
        if (b.length > 0) { // the shared empty buffer is never released
            assertThat(p.refCnt()).isZero();
        }
        return channel.readInbound();
    }

    @Test
    void wholeDatagramIsOneMessage() {
        InboundSip in = feed(Fixtures.own("options-compact"));
        assertThat(in.isFailure()).isFalse();
        assertThat(in.transport()).isEqualTo(Transport.UDP);
        assertThat(in.remote()).isEqualTo(PEER);
        assertThat(in.local()).isEqualTo(LOCAL);
        assertThat(in.channel()).isSameAs(channel);
        assertThat(((SipRequest) in.message()).method()).isEqualTo("OPTIONS");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void everyValidTortureMessageIsDecoded() {
        for (String name : Fixtures.RFC4475_VALID) {
            InboundSip in = feed(Fixtures.rfc4475(name));
            assertThat(in).as(name).isNotNull();
            assertThat(in.isFailure()).as(name).isFalse();
        }
    }

    /** Regression: RFC 4475 intmeth starts with '!' (0x21), whose top two bits are zero; it was taken for STUN. */
    @Test
    void methodStartingWithBangIsNotStun() {
        InboundSip in = feed(Fixtures.rfc4475("intmeth"));
        assertThat(in).isNotNull();
        assertThat(in.message().isRequest()).isTrue();
    }

    @Test
    void leadingCrlfBeforeAMessageIsNotAKeepAlive() {
        byte[] msg = Fixtures.own("options-compact");
        byte[] withCrlf = new byte[msg.length + 2];
        withCrlf[0] = '\r';
        withCrlf[1] = '\n';
        System.arraycopy(msg, 0, withCrlf, 2, msg.length);
        assertThat(feed(withCrlf).isFailure()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "\r\n\r\n", "\n", "\r"})
    void keepAlivesYieldNothing(String s) {
        assertThat(feed(s.getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void stunPacketsYieldNothing() {
        // RFC 5389 binding request: type 0x0001, length 0, magic cookie, 96-bit transaction id
        byte[] binding = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertThat(feed(binding)).isNull();
        byte[] response = binding.clone();
        response[0] = 0x01;
        assertThat(feed(response)).isNull();
    }

    @Test
    void malformedInputIsAFailureNeverAnException() {
        InboundSip clerr = feed(Fixtures.rfc4475("clerr"));
        assertThat(clerr.isFailure()).isTrue();
        assertThat(clerr.failure().status()).isEqualTo(400);
        assertThat(clerr.failure().replyTo()).isPresent();
        assertThat(clerr.maybeMessage()).isEmpty();
        assertThat(clerr.remote()).isEqualTo(PEER);

        InboundSip bigcode = feed(Fixtures.rfc4475("bigcode"));
        assertThat(bigcode.failure().status()).isZero();

        InboundSip garbage = feed("hello world\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.isFailure()).isTrue();

        Random rnd = new Random(5389);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[1 + rnd.nextInt(200)];
            rnd.nextBytes(b);
            feed(b); // whatever comes out, nothing is thrown
        }
        channel.checkException();
    }

    @Test
    void encoderWritesOneDatagramPerMessage() throws Exception {
        SipResponse ok = SipResponse.to((SipRequest) feed(Fixtures.own("options-compact")).message(), 200, null, "t").build();
        EmbeddedChannel out = new EmbeddedChannel(new SipDatagramEncoder());
        out.writeOutbound(new DefaultAddressedEnvelope<>(ok, PEER));
        DatagramPacket p = out.readOutbound();
        try {
            assertThat(p.recipient()).isEqualTo(PEER);
            ByteBuf content = p.content();
            assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo(new String(ok.encode(), StandardCharsets.UTF_8));
        } finally {
            p.release();
        }
        assertThat(out.finish()).isFalse();
    }
}
