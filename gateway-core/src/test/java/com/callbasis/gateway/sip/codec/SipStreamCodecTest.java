package com.callbasis.gateway.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.SipLimits;
import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.Fixtures;
import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SipStreamFramer + SipStreamDecoder over EmbeddedChannel: whole, split, concatenated input and every limit. */
class SipStreamCodecTest {
    private static final SipLimits SMALL = new SipLimits(100, 200, 10, 2000);

    private static EmbeddedChannel channel(SipLimits limits) {
        SipParser parser = new SipParser(limits);
        return new EmbeddedChannel(new SipStreamFramer(limits), new SipStreamDecoder(parser, Transport.TCP), new SipStreamEncoder());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Feeds the chunks and returns everything that came out. The framer keeps a partial message in its
     * cumulation buffer until it is complete or the channel closes; {@code finish()} at the end of every
     * test releases it, and paranoid leak detection reports any buffer that was not.
     */
    private static List<Object> feed(EmbeddedChannel ch, byte[]... chunks) {
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c));
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    private static SipMessage message(Object o) {
        assertThat(o).isInstanceOf(InboundSip.class);
        InboundSip in = (InboundSip) o;
        assertThat(in.isFailure()).as(() -> String.valueOf(in.failure())).isFalse();
        assertThat(in.transport()).isEqualTo(Transport.TCP);
        return in.message();
    }

    @Test
    void wholeMessage() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        byte[] invite = Fixtures.own("invite-sdp");
        List<Object> out = feed(ch, invite);
        assertThat(out).hasSize(1);
        SipRequest r = (SipRequest) message(out.get(0));
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.encode()).isEqualTo(invite);
        assertThat(ch.finish()).isFalse();
    }

    /** Every split point, on one connection: the framer must also be back in its initial state after each message. */
    @Test
    void everySplitPoint() {
        for (String name : List.of("invite-sdp", "ringing-180", "options-compact")) {
            byte[] msg = Fixtures.own(name);
            EmbeddedChannel ch = channel(SipLimits.DEFAULT);
            byte[] canonical = message(feed(ch, msg).get(0)).encode(); // "l: 0" is written back as Content-Length
            for (int cut = 1; cut < msg.length; cut++) {
                assertThat(feed(ch, Arrays.copyOfRange(msg, 0, cut))).as(name + " cut at " + cut).isEmpty();
                List<Object> out = feed(ch, Arrays.copyOfRange(msg, cut, msg.length));
                assertThat(out).as(name + " cut at " + cut).hasSize(1);
                assertThat(message(out.get(0)).encode()).isEqualTo(canonical);
            }
            assertThat(ch.finish()).isFalse();
        }
    }

    /**
     * wsinv (folding everywhere) at every split point; mpart01 (binary body with NULs and CRs) at every
     * split point around the end of its head and every seventh elsewhere, to keep the suite fast.
     */
    @Test
    void tortureMessagesSplitAcrossReads() {
        for (String name : List.of("wsinv", "mpart01")) {
            byte[] msg = Fixtures.rfc4475(name);
            int headEnd = new String(msg, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            EmbeddedChannel ch = channel(SipLimits.DEFAULT);
            byte[] expectedBody = message(feed(ch, msg).get(0)).body();
            for (int cut = 1; cut < msg.length; cut++) {
                if (name.equals("mpart01") && Math.abs(cut - headEnd) > 16 && cut % 7 != 0) {
                    continue;
                }
                List<Object> out = feed(ch, Arrays.copyOfRange(msg, 0, cut), Arrays.copyOfRange(msg, cut, msg.length));
                assertThat(out).as(name + " cut at " + cut).hasSize(1);
                assertThat(message(out.get(0)).body()).isEqualTo(expectedBody);
            }
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        byte[] msg = Fixtures.rfc4475("mpart01");
        List<Object> out = new ArrayList<>();
        for (byte b : msg) {
            out.addAll(feed(ch, new byte[] {b}));
        }
        assertThat(out).hasSize(1);
        assertThat(message(out.get(0)).bodyLength()).isEqualTo(553);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void twoMessagesInOneBuffer() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        byte[] a = Fixtures.own("invite-sdp");
        byte[] b = Fixtures.own("ringing-180");
        List<Object> out = feed(ch, concat(a, b, a));
        assertThat(out).hasSize(3);
        assertThat(message(out.get(0)).isRequest()).isTrue();
        assertThat(((SipResponse) message(out.get(1))).status()).isEqualTo(180);
        assertThat(message(out.get(2)).encode()).isEqualTo(a);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void bodySplitAcrossReads() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        byte[] msg = Fixtures.own("invite-sdp");
        int bodyAt = new String(msg, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        assertThat(feed(ch, Arrays.copyOfRange(msg, 0, bodyAt + 10))).isEmpty();
        assertThat(feed(ch, Arrays.copyOfRange(msg, bodyAt + 10, msg.length - 1))).isEmpty();
        List<Object> out = feed(ch, Arrays.copyOfRange(msg, msg.length - 1, msg.length));
        assertThat(out).hasSize(1);
        assertThat(message(out.get(0)).body()).isEqualTo(Arrays.copyOfRange(msg, bodyAt, msg.length));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void missingContentLengthIsAFramingErrorAndTheRestIsDiscarded() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        byte[] noLength = ascii(new String(Fixtures.own("ringing-180"), StandardCharsets.UTF_8).replace("Content-Length: 0\r\n", ""));
        List<Object> out = feed(ch, noLength);
        assertThat(out).hasSize(1);
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        assertThat(fe.status()).isEqualTo(400);
        assertThat(fe.reason()).isEqualTo("Missing Content-Length");
        assertThat(fe.kind()).isEqualTo("content_length");
        assertThat(SipParser.identify(fe.head())).isEmpty(); // a response: nobody to answer
        assertThat(feed(ch, Fixtures.own("invite-sdp"), Fixtures.own("invite-sdp"))).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void missingContentLengthOnARequestCanBeAnswered() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        List<Object> out = feed(ch, Fixtures.rfc4475("inv2543"));
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        SipRequest stub = SipParser.identify(fe.head()).orElseThrow();
        assertThat(stub.callId()).isEqualTo("inv2543.1717@ift.client.example.com");
        assertThat(SipResponse.to(stub, fe.status(), fe.reason(), null).build().startLine()).isEqualTo("SIP/2.0 400 Missing Content-Length");
        assertThat(ch.finish()).isFalse();
    }

    /** RFC 4475 ncl and mcl01 on a stream: the framing error "is not recoverable, and the connection should be closed". */
    @Test
    void badContentLengthIsAFramingError() {
        for (String name : List.of("ncl", "mcl01")) {
            EmbeddedChannel ch = channel(SipLimits.DEFAULT);
            List<Object> out = feed(ch, Fixtures.rfc4475(name));
            assertThat(out).hasSize(1);
            SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
            assertThat(fe.status()).isEqualTo(400);
            assertThat(fe.reason()).isEqualTo("Bad Content-Length");
            assertThat(SipParser.identify(fe.head())).isPresent();
            assertThat(ch.finish()).isFalse();
        }
    }

    /** RFC 4475 clerr on a stream: "not much the receiving party could do but wait for more data". */
    @Test
    void contentLengthLargerThanWhatArrivedWaits() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        assertThat(feed(ch, Fixtures.rfc4475("clerr"))).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void foldedCompactContentLength() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        String msg = new String(Fixtures.own("options-compact"), StandardCharsets.UTF_8).replace("l: 0\r\n", "L :\r\n  4\r\n") + "ping";
        List<Object> out = feed(ch, ascii(msg));
        assertThat(message(out.get(0)).body()).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void startLineOverTheLimit() {
        // complete and within the total size: refused while framing, answered with 414
        EmbeddedChannel ch = channel(SMALL);
        String msg = "OPTIONS sip:" + "u".repeat(100) + "@gw.example.net SIP/2.0\r\n" + headers("OPTIONS") + "Content-Length: 0\r\n\r\n";
        List<Object> out = feed(ch, ascii(msg));
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        assertThat(fe.status()).isEqualTo(414);
        assertThat(fe.kind()).isEqualTo("limit");
        assertThat(SipParser.identify(fe.head())).isPresent();
        assertThat(ch.finish()).isFalse();

        // a start line that never ends is refused as soon as it is too long
        EmbeddedChannel endless = channel(SMALL);
        assertThat(feed(endless, ascii("OPTIONS sip:" + "u".repeat(89)))).isEmpty();
        List<Object> out2 = feed(endless, ascii("uu"));
        assertThat(((SipStreamFramer.FramingError) out2.get(0)).status()).isEqualTo(414);
        assertThat(feed(endless, ascii("more\r\n\r\n"))).isEmpty();
        assertThat(endless.finish()).isFalse();
    }

    @Test
    void startLineAtTheLimit() {
        EmbeddedChannel ch = channel(SMALL);
        String start = "OPTIONS sip:" + "u".repeat(100 - 35) + "@gw.example.net SIP/2.0";
        assertThat(start).hasSize(100);
        List<Object> out = feed(ch, ascii(start + "\r\n" + headers("OPTIONS") + "Content-Length: 0\r\n\r\n"));
        assertThat(message(out.get(0)).isRequest()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void oneHeaderLineOverTheLimit() {
        EmbeddedChannel ch = channel(SMALL);
        String ok = "OPTIONS sip:gw.example.net SIP/2.0\r\n" + headers("OPTIONS") + "X-Long: " + "v".repeat(192) + "\r\nContent-Length: 0\r\n\r\n";
        assertThat(message(feed(ch, ascii(ok)).get(0)).header("X-Long")).hasValueSatisfying(v -> assertThat(v).hasSize(192));
        List<Object> out = feed(ch, ascii(ok.replace("X-Long: ", "X-Long: v")));
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        assertThat(fe.status()).isEqualTo(400);
        assertThat(fe.reason()).isEqualTo("Header Too Long");
        assertThat(SipParser.identify(fe.head())).isPresent();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void headerLineFoldedOverTheLimitIsCaughtByTheParser() {
        EmbeddedChannel ch = channel(SMALL);
        String msg = "OPTIONS sip:gw.example.net SIP/2.0\r\n" + headers("OPTIONS") + "X-Long: " + "v".repeat(150) + "\r\n "
                + "w".repeat(100) + "\r\nContent-Length: 0\r\n\r\n";
        InboundSip in = (InboundSip) feed(ch, ascii(msg)).get(0);
        assertThat(in.isFailure()).isTrue();
        assertThat(in.failure().status()).isEqualTo(400);
        assertThat(in.failure().getMessage()).isEqualTo("Header Too Long");
        assertThat(in.failure().replyTo()).isPresent();
        // framing was intact: the connection goes on
        assertThat(message(feed(ch, Fixtures.own("ringing-180")).get(0)).isRequest()).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void tooManyHeaders() {
        EmbeddedChannel ch = channel(SMALL);
        String ten = "OPTIONS sip:gw.example.net SIP/2.0\r\n" + headers("OPTIONS") + "X-A: 1\r\nX-B: 2\r\n folded\r\nX-D: 4\r\n"
                + "Content-Length: 0\r\n\r\n";
        assertThat(message(feed(ch, ascii(ten)).get(0)).headers()).hasSize(10);
        List<Object> out = feed(ch, ascii(ten.replace("X-A: 1\r\n", "X-A: 1\r\nX-C: 3\r\n")));
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        assertThat(fe.status()).isEqualTo(400);
        assertThat(fe.reason()).isEqualTo("Too Many Headers");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void totalSizeOverTheLimit() {
        EmbeddedChannel ch = channel(SMALL);
        String head = "INVITE sip:gw.example.net SIP/2.0\r\n" + headers("INVITE");
        // declared body pushes the message over: refused at once, before the body arrives
        List<Object> out = feed(ch, ascii(head + "Content-Length: 1900\r\n\r\n"));
        SipStreamFramer.FramingError fe = (SipStreamFramer.FramingError) out.get(0);
        assertThat(fe.status()).isEqualTo(513);
        assertThat(fe.reason()).isEqualTo("Message Too Large");
        SipRequest stub = SipParser.identify(fe.head()).orElseThrow();
        assertThat(SipResponse.to(stub, 513, fe.reason(), null).build().startLine()).isEqualTo("SIP/2.0 513 Message Too Large");
        assertThat(feed(ch, ascii("x".repeat(1900)))).isEmpty();
        assertThat(ch.finish()).isFalse();

        // a head that never ends but stays within the line limits
        EmbeddedChannel endless = channel(new SipLimits(100, 200, 1000, 2000));
        StringBuilder sb = new StringBuilder(head);
        while (sb.length() <= 2000) {
            sb.append("X-Pad: ").append("p".repeat(100)).append("\r\n");
        }
        List<Object> out2 = feed(endless, ascii(sb.toString()));
        assertThat(((SipStreamFramer.FramingError) out2.get(0)).status()).isEqualTo(513);
        assertThat(endless.finish()).isFalse();
    }

    /** Found by bench/fuzz: a head over the size limit that arrived in one segment was judged on its Content-Length or header count instead. */
    @Test
    void aHeadOverTheSizeLimitIsTooLargeHoweverItArrives() {
        SipLimits limits = new SipLimits(100, 200, 1000, 2000);
        StringBuilder sb = new StringBuilder("INVITE sip:gw.example.net SIP/2.0\r\n" + headers("INVITE"));
        while (sb.length() <= 2000) {
            sb.append("X-Pad: ").append("p".repeat(100)).append("\r\n");
        }
        byte[] head = ascii(sb.append("\r\n").toString()); // complete, without Content-Length
        SipStreamFramer.FramingError whole = (SipStreamFramer.FramingError) feed(channel(limits), head).get(0);
        assertThat(whole.status()).isEqualTo(513);
        assertThat(whole.reason()).isEqualTo("Message Too Large");
        EmbeddedChannel dripped = channel(limits);
        List<Object> out = new java.util.ArrayList<>();
        for (byte b : head) {
            out.addAll(feed(dripped, new byte[] {b}));
        }
        assertThat(((SipStreamFramer.FramingError) out.get(0)).status()).isEqualTo(513);

        // the first bound crossed is reported: the size (at about the 25th line), not the header count (the 31st)
        StringBuilder many = new StringBuilder("INVITE sip:gw.example.net SIP/2.0\r\n" + headers("INVITE"));
        for (int i = 0; i < 40; i++) {
            many.append("X-Pad: ").append("p".repeat(100)).append("\r\n");
        }
        byte[] manyHead = ascii(many.append("\r\n").toString());
        SipLimits fewHeaders = new SipLimits(100, 200, 30, 2000);
        assertThat(((SipStreamFramer.FramingError) feed(channel(fewHeaders), manyHead).get(0)).reason()).isEqualTo("Message Too Large");
        EmbeddedChannel drip = channel(fewHeaders);
        out.clear();
        for (byte b : manyHead) {
            out.addAll(feed(drip, new byte[] {b}));
        }
        assertThat(((SipStreamFramer.FramingError) out.get(0)).reason()).isEqualTo("Message Too Large");
    }

    @Test
    void crlfPingIsAnsweredWithCrlf() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        assertThat(feed(ch, ascii("\r\n\r\n"))).isEmpty();
        assertPong(ch, 1);
        // split ping, then two pings at once, then a ping before a message
        assertThat(feed(ch, ascii("\r\n"), ascii("\r"))).isEmpty();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(feed(ch, ascii("\n"))).isEmpty();
        assertPong(ch, 1);
        assertThat(feed(ch, ascii("\r\n\r\n\r\n\r\n"))).isEmpty();
        assertPong(ch, 2);
        List<Object> out = feed(ch, concat(ascii("\r\n\r\n"), Fixtures.own("options-compact")));
        assertThat(out).hasSize(1);
        assertPong(ch, 1);
        // a lone CRLF before a message is skipped (s.7.5), not answered
        assertThat(feed(ch, concat(ascii("\r\n"), Fixtures.own("options-compact")))).hasSize(1);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    private static void assertPong(EmbeddedChannel ch, int count) {
        for (int i = 0; i < count; i++) {
            ByteBuf pong = ch.readOutbound();
            assertThat(pong).isNotNull();
            try {
                assertThat(pong.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            } finally {
                pong.release();
            }
        }
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void malformedFrameIsAFailureAndTheStreamGoesOn() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        String bad = "OPTIONS  sip:gw.example.net SIP/2.0\r\n" + headers("OPTIONS") + "Content-Length: 0\r\n\r\n";
        List<Object> out = feed(ch, concat(ascii(bad), Fixtures.own("invite-sdp")));
        assertThat(out).hasSize(2);
        InboundSip failed = (InboundSip) out.get(0);
        assertThat(failed.isFailure()).isTrue();
        assertThat(failed.failure().status()).isEqualTo(400);
        assertThat(failed.remote()).isNull(); // EmbeddedChannel has no IP address; the decoder copes
        assertThat(message(out.get(1)).isRequest()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void randomInputNeverThrows() {
        java.util.Random rnd = new java.util.Random(5626);
        for (int i = 0; i < 300; i++) {
            EmbeddedChannel ch = channel(SMALL);
            byte[] b = new byte[rnd.nextInt(3000)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextInt(8) == 0 ? (byte) '\n' : (byte) (' ' + rnd.nextInt(95));
            }
            int cut = b.length == 0 ? 0 : rnd.nextInt(b.length);
            feed(ch, Arrays.copyOfRange(b, 0, cut), Arrays.copyOfRange(b, cut, b.length));
            ch.checkException();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ((ByteBuf) o).release();
            }
            ch.finishAndReleaseAll();
        }
    }

    /**
     * Leak check that does not wait for the GC-driven detector: every buffer written in and every frame
     * cut by the framer ends with refCnt 0.
     */
    @Test
    void framerReleasesEveryBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamFramer(SipLimits.DEFAULT));
        byte[] two = concat(Fixtures.own("invite-sdp"), Fixtures.own("ringing-180"));
        List<ByteBuf> in = new ArrayList<>();
        for (int at = 0; at < two.length; at += 97) {
            ByteBuf b = Unpooled.copiedBuffer(Arrays.copyOfRange(two, at, Math.min(two.length, at + 97)));
            in.add(b);
            ch.writeInbound(b);
        }
        ByteBuf partial = Unpooled.copiedBuffer(Arrays.copyOfRange(two, 0, 50)); // left pending at the end
        in.add(partial);
        ch.writeInbound(partial);
        List<ByteBuf> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            frames.add((ByteBuf) o);
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).toString(StandardCharsets.UTF_8)).isEqualTo(new String(Fixtures.own("invite-sdp"), StandardCharsets.UTF_8));
        frames.forEach(ByteBuf::release);
        assertThat(ch.finish()).isFalse(); // the pending partial message is discarded with the channel
        assertThat(frames).allSatisfy(f -> assertThat(f.refCnt()).isZero());
        assertThat(in).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void encoderWritesWireForm() {
        EmbeddedChannel ch = channel(SipLimits.DEFAULT);
        SipRequest r = (SipRequest) message(feed(ch, Fixtures.own("invite-sdp")).get(0));
        ch.writeOutbound(r);
        ByteBuf wire = ch.readOutbound();
        try {
            byte[] bytes = new byte[wire.readableBytes()];
            wire.readBytes(bytes);
            assertThat(bytes).isEqualTo(r.encode());
            assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("Content-Length: " + r.bodyLength() + "\r\n");
        } finally {
            wire.release();
        }
        assertThat(r.header(HeaderNames.CONTENT_LENGTH)).isPresent();
        assertThat(ch.finish()).isFalse();
    }

    private static String headers(String method) {
        return "Via: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK-s1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n"
                + "Call-ID: stream@192.0.2.10\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n";
    }
}
