package com.callbasis.gateway.media;

import static com.callbasis.gateway.media.MediaRelayTest.await;
import static com.callbasis.gateway.media.UdpPeer.LO;
import static com.callbasis.gateway.media.UdpPeer.rtcpRr;
import static com.callbasis.gateway.media.UdpPeer.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.MediaConfig;
import com.callbasis.gateway.media.UdpPeer.Received;
import com.callbasis.gateway.media.srtp.SdesCrypto;
import com.callbasis.gateway.media.srtp.SrtpSuite;
import com.callbasis.gateway.media.srtp.SrtpTransform;
import com.callbasis.gateway.media.testing.RtpPacket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway as a media source: prompts played to one side over real UDP sockets on 127.0.0.1. */
class PromptPlaybackTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    @AutoClose
    private final TestResources closeables = new TestResources();
    private MediaRelay relay;
    private UdpPeer a;
    private UdpPeer b;
    private UdpPeer bRtcp;

    @BeforeEach
    void start() throws Exception {
        int base = PortAllocatorTest.freeEvenBase(LO, 40);
        a = peer();
        b = peer();
        bRtcp = peer();
        relay = new MediaRelay(new MediaConfig("127.0.0.1", base, base + 39), false, 1, registry);
        closeables.add(relay);
    }

    private UdpPeer peer() throws Exception {
        return closeables.add(new UdpPeer());
    }

    private MediaStream connected(MediaSession s) throws MediaException {
        MediaStream st = s.stream(0);
        st.setRemote(Side.CALLER, a.address(), null);
        st.setRemote(Side.CALLEE, b.address(), bRtcp.address());
        return st;
    }

    /** {@code n} frames of 160 bytes, frame i filled with a pattern starting at i. */
    static PromptFrames frames(int n) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[160];
            for (int j = 0; j < p.length; j++) {
                p[j] = (byte) (i + j);
            }
            payloads.add(p);
        }
        return new PromptFrames(0, 160, payloads);
    }

    private double counter(String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    private double activeGauge() {
        return registry.get("prompt.playbacks.active").gauge().value();
    }

    /** Remembers how a playback ended, and on which thread. */
    static final class Outcome implements PromptListener {
        final CompletableFuture<PromptResult> completed = new CompletableFuture<>();
        final CompletableFuture<PromptResult> cancelled = new CompletableFuture<>();
        volatile String thread;

        @Override
        public void completed(PromptResult result) {
            thread = Thread.currentThread().getName();
            completed.complete(result);
        }

        @Override
        public void cancelled(PromptResult result) {
            thread = Thread.currentThread().getName();
            cancelled.complete(result);
        }

        PromptResult awaitCompleted() throws Exception {
            return completed.get(5, TimeUnit.SECONDS);
        }

        PromptResult awaitCancelled() throws Exception {
            return cancelled.get(5, TimeUnit.SECONDS);
        }
    }

    private static RtpPacket parse(byte[] datagram) {
        return RtpPacket.parse(datagram, 0, datagram.length).orElseThrow();
    }

    /** The RTP rules of the task: payloads in order, consecutive sequence numbers, exact steps, one SSRC, one marker. */
    private static void assertPlayed(List<RtpPacket> got, PromptFrames frames) {
        assertThat(got).hasSize(frames.frameCount());
        RtpPacket first = got.get(0);
        for (int i = 0; i < got.size(); i++) {
            RtpPacket p = got.get(i);
            assertThat(p.payload()).as("payload %d", i).isEqualTo(frames.payload(i));
            assertThat(p.payloadType()).isEqualTo(frames.payloadType());
            assertThat(p.ssrc()).isEqualTo(first.ssrc());
            assertThat(p.seq()).isEqualTo((first.seq() + i) & 0xFFFF);
            assertThat(p.timestamp()).isEqualTo((first.timestamp() + (long) i * frames.timestampStep()) & 0xFFFFFFFFL);
            assertThat(p.marker()).as("marker on packet %d", i).isEqualTo(i == 0);
        }
    }

    @Test
    void peerReceivesTheFramesPacedAsOneRtpStreamFromTheSocketItSendsTo() throws Exception {
        MediaSession s = relay.open();
        MediaStream st = connected(s);
        PromptFrames frames = frames(50);
        Outcome outcome = new Outcome();
        long t0 = System.nanoTime();
        PromptPlayback pb = st.playPrompt(Side.CALLEE, frames, outcome);
        assertThat(s.playing()).isTrue();
        assertThat(st.playing(Side.CALLEE)).isTrue();
        assertThat(st.playing(Side.CALLER)).isFalse();

        List<RtpPacket> got = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Received r = b.receive();
            assertThat(r.from()).isEqualTo(st.localRtp(Side.CALLEE)); // symmetric RTP (RFC 4961)
            got.add(parse(r.data()));
        }
        PromptResult result = outcome.awaitCompleted();
        long elapsed = System.nanoTime() - t0;
        assertPlayed(got, frames);
        // 50 frames 20 ms apart: about a second; loose bounds, the machines are noisy
        assertThat(elapsed).isBetween(800_000_000L, 3_000_000_000L);
        assertThat(result.framesSent()).isEqualTo(50);
        assertThat(result.framesNotSent()).isZero();
        assertThat(result.framesLate()).isBetween(0L, 50L);
        assertThat(result.nanos()).isBetween(900_000_000L, 3_000_000_000L);
        assertThat(result.end()).isAfterOrEqualTo(result.start());
        assertThat(outcome.thread).startsWith("media-relay");
        assertThat(pb.isDone()).isTrue();
        assertThat(pb.framesSent()).isEqualTo(50);
        assertThat(s.playing()).isFalse();
        assertThat(s.packetsSent()).isEqualTo(50);
        assertThat(s.packetsRelayed()).isEqualTo(50); // activity for the media timeout
        assertThat(st.relayed(Side.CALLER)).isZero();
        assertThat(counter("prompt.frames", "result", "sent") + counter("prompt.frames", "result", "late")).isEqualTo(50);
        assertThat(counter("prompt.frames", "result", "late")).isEqualTo(result.framesLate());
        assertThat(activeGauge()).isZero();
        assertThat(s.ticker().active()).isZero();
    }

    @Test
    void srtpPeerUnprotectsThePromptBesideRelayedMedia() throws Exception {
        SrtpTransform.preload(); // not on the event loop, where it would hold up the prompt for seconds
        SecureRandom random = new SecureRandom();
        SdesCrypto gatewayKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        SdesCrypto phoneKey = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        SrtpTransform gateway = new SrtpTransform(gatewayKey, phoneKey);
        SrtpTransform phone = new SrtpTransform(phoneKey, gatewayKey);
        closeables.add(phone);
        MediaStream st = connected(relay.open());
        st.setTransform(Side.CALLEE, gateway);
        PromptFrames frames = frames(20);
        Outcome outcome = new Outcome();
        st.playPrompt(Side.CALLEE, frames, outcome);
        a.send(rtp(7, 160), st.localRtp(Side.CALLER)); // the caller's own stream, relayed meanwhile

        List<RtpPacket> prompt = new ArrayList<>();
        List<byte[]> relayed = new ArrayList<>();
        while (prompt.size() < 20 || relayed.isEmpty()) {
            byte[] srtp = b.receive().data();
            var buf = Unpooled.wrappedBuffer(srtp);
            assertThat(phone.unprotectRtp(buf)).as("phone authenticates the packet").isTrue();
            byte[] plain = ByteBufUtil.getBytes(buf);
            buf.release();
            if (parse(plain).ssrc() == 0x11223344L) {
                relayed.add(plain);
            } else {
                prompt.add(parse(plain));
            }
        }
        assertPlayed(prompt, frames);
        assertThat(relayed).containsExactly(rtp(7, 160));
        assertThat(outcome.awaitCompleted().framesSent()).isEqualTo(20);
    }

    @Test
    void withoutForwardingTheTapHearsTheCallerButTheCalleeDoesNot() throws Exception {
        MediaSession s = relay.open();
        Queue<byte[]> tapped = new ConcurrentLinkedQueue<>();
        s.setTap((side, p, t) -> tapped.add(ByteBufUtil.getBytes(p)));
        UdpPeer aRtcp = peer();
        MediaStream st = connected(s);
        st.setRemote(Side.CALLER, a.address(), aRtcp.address());

        s.setForwarding(Side.CALLER, false);
        assertThat(st.forwarding(Side.CALLER)).isFalse();
        assertThat(st.forwarding(Side.CALLEE)).isTrue();
        a.send(rtp(1, 160), st.localRtp(Side.CALLER)); // a consent digit, say
        aRtcp.send(rtcpRr(1), st.localRtcpPort(Side.CALLER));
        await("withheld", () -> st.withheld(Side.CALLER) == 2);
        assertThat(tapped).hasSize(1);
        assertThat(tapped.peek()).isEqualTo(rtp(1, 160));
        assertThat(st.relayed(Side.CALLER)).isZero();
        assertThat(st.dropped(Side.CALLER)).isZero();
        assertThat(s.packetsRelayed()).isEqualTo(2); // the call is alive for the media timeout
        await("withheld meter", () -> counter("media.packets.withheld", "kind", "rtp") == 1
                && counter("media.packets.withheld", "kind", "rtcp") == 1);
        b.send(rtp(50, 10), st.localRtp(Side.CALLEE)); // the other way is still bridged
        assertThat(a.receive().data()).isEqualTo(rtp(50, 10));

        s.setForwarding(Side.CALLER, true);
        a.send(rtp(2, 160), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(2, 160)); // the first B hears: nothing withheld leaked
        aRtcp.send(rtcpRr(2), st.localRtcpPort(Side.CALLER));
        assertThat(bRtcp.receive().data()).isEqualTo(rtcpRr(2));
        assertThat(st.relayed(Side.CALLER)).isEqualTo(2);

        // a stream opened while the session withholds a side starts withheld
        s.setForwarding(Side.CALLEE, false);
        assertThat(s.stream(1).forwarding(Side.CALLEE)).isFalse();
        assertThat(s.stream(1).forwarding(Side.CALLER)).isTrue();
    }

    @Test
    void cancelStopsSendingAndTellsTheListener() throws Exception {
        MediaSession s = relay.open();
        MediaStream st = connected(s);
        Outcome outcome = new Outcome();
        PromptPlayback pb = st.playPrompt(Side.CALLEE, frames(250), outcome);
        for (int i = 0; i < 5; i++) {
            b.receive();
        }
        pb.cancel();
        PromptResult result = outcome.awaitCancelled();
        assertThat(outcome.completed).isNotDone();
        assertThat(pb.isDone()).isTrue();
        assertThat(result.framesSent()).isBetween(5L, 249L);
        assertThat(pb.framesSent()).isEqualTo(result.framesSent());
        int after = b.drain(200);
        assertThat(5 + after).isEqualTo(result.framesSent()); // nothing went out after the listener was told
        assertThat(s.playing()).isFalse();
        pb.cancel(); // idempotent
        await("no active playback", () -> activeGauge() == 0);
    }

    @Test
    void closingTheSessionCancelsItsPlaybacks() throws Exception {
        MediaSession s = relay.open();
        MediaStream st = connected(s);
        Outcome toCallee = new Outcome();
        Outcome toCaller = new Outcome();
        st.playPrompt(Side.CALLEE, frames(250), toCallee);
        st.playPrompt(Side.CALLER, frames(250), toCaller);
        b.receive();
        a.receive();
        s.close();
        assertThat(toCallee.awaitCancelled().framesSent()).isBetween(1L, 249L);
        assertThat(toCaller.awaitCancelled().framesSent()).isBetween(1L, 249L);
        await("no active playback", () -> activeGauge() == 0);
        await("ticker stopped", () -> s.ticker().active() == 0);

        // a prompt on a closed stream is cancelled at once
        Outcome late = new Outcome();
        PromptPlayback pb = st.playPrompt(Side.CALLEE, frames(5), late);
        assertThat(late.awaitCancelled().framesSent()).isZero();
        assertThat(pb.isDone()).isTrue();
    }

    @Test
    void noBufferLeaksOnAnyPath() throws Exception {
        LeakWatch.start();
        SrtpTransform.preload();
        SecureRandom random = new SecureRandom();
        SdesCrypto key = SdesCrypto.generate(1, SrtpSuite.AEAD_AES_128_GCM, random);
        MediaSession s = relay.open();
        MediaStream st = connected(s);
        st.setTransform(Side.CALLEE, closeables.add(new SrtpTransform(key, key)));
        st.setTransform(Side.CALLER, new XorTransform(1) {
            @Override
            public ByteBuf protectRtp(ByteBuf packet) { // SRTP refusing: the frame is not sent
                packet.release();
                return null;
            }
        });
        Outcome sent = new Outcome();
        Outcome refused = new Outcome();
        st.playPrompt(Side.CALLEE, frames(10), sent);
        st.playPrompt(Side.CALLER, frames(10), refused);
        assertThat(sent.awaitCompleted().framesSent()).isEqualTo(10);
        assertThat(refused.awaitCompleted().framesNotSent()).isEqualTo(10);
        assertThat(counter("prompt.frames", "result", "send_failed")).isEqualTo(10);
        Outcome cancelled = new Outcome();
        st.playPrompt(Side.CALLEE, frames(100), cancelled);
        b.receive();
        s.close();
        cancelled.awaitCancelled();
        b.drain(100);
        assertThat(LeakWatch.leaks()).isEmpty();
    }

    @Test
    void aPromptAfterTheRelayClosedIsCancelledOnTheCallingThread() throws Exception {
        MediaStream st = connected(relay.open());
        relay.close();
        Outcome outcome = new Outcome();
        st.playPrompt(Side.CALLEE, frames(5), outcome);
        assertThat(outcome.awaitCancelled().framesSent()).isZero();
        assertThat(outcome.thread).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aSecondPromptToTheSameSideReplacesTheFirst() throws Exception {
        MediaStream st = connected(relay.open());
        Outcome first = new Outcome();
        Outcome second = new Outcome();
        st.playPrompt(Side.CALLEE, frames(250), first);
        long firstSsrc = parse(b.receive().data()).ssrc();
        st.playPrompt(Side.CALLEE, frames(10), second);
        assertThat(first.awaitCancelled().framesSent()).isBetween(1L, 249L);
        assertThat(second.awaitCompleted().framesSent()).isEqualTo(10);
        List<RtpPacket> tail = new ArrayList<>();
        while (tail.size() < 10) {
            RtpPacket p = parse(b.receive().data());
            if (p.ssrc() != firstSsrc) {
                tail.add(p);
            }
        }
        assertPlayed(tail, frames(10));
    }

    @Test
    void streamsOnOneLoopPlayAtTheSameTimeOnOneSharedTimer() throws Exception {
        MediaSession s1 = relay.open(); // one event loop: both sessions are on it
        MediaSession s2 = relay.open();
        assertThat(s1.ticker()).isSameAs(s2.ticker());
        MediaStream st1 = connected(s1);
        UdpPeer c = peer();
        MediaStream st2 = s2.stream(0);
        st2.setRemote(Side.CALLEE, c.address(), null);
        Outcome o1 = new Outcome();
        Outcome o2 = new Outcome();
        st1.playPrompt(Side.CALLEE, frames(30), o1);
        st2.playPrompt(Side.CALLEE, frames(30), o2);
        await("both playing on one ticker", () -> s1.ticker().active() == 2 || o1.completed.isDone());
        List<RtpPacket> atB = new ArrayList<>();
        List<RtpPacket> atC = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            atB.add(parse(b.receive().data()));
            atC.add(parse(c.receive().data()));
        }
        assertPlayed(atB, frames(30));
        assertPlayed(atC, frames(30));
        PromptResult r1 = o1.awaitCompleted();
        PromptResult r2 = o2.awaitCompleted();
        assertThat(r1.start()).isBefore(r2.end()); // they overlapped
        assertThat(r2.start()).isBefore(r1.end());
        assertThat(atB.get(0).ssrc()).isNotEqualTo(atC.get(0).ssrc());
        await("ticker stopped", () -> s1.ticker().active() == 0);
    }

    @Test
    void aPeerOnHoldGetsNothingButThePlaybackStillCompletes() throws Exception {
        MediaSession s = relay.open();
        MediaStream st = connected(s);
        st.setRemote(Side.CALLEE, null, null); // on hold
        Outcome outcome = new Outcome();
        long t0 = System.nanoTime();
        st.playPrompt(Side.CALLEE, frames(25), outcome);
        PromptResult result = outcome.awaitCompleted();
        assertThat(System.nanoTime() - t0).isGreaterThan(400_000_000L); // the clock went on: 25 x 20 ms
        assertThat(result.framesSent()).isZero();
        assertThat(result.framesNotSent()).isEqualTo(25);
        assertThat(counter("prompt.frames", "result", "no_destination")).isEqualTo(25);
        assertThat(b.drain(100)).isZero();

        // resumed: the next prompt is heard
        st.setRemote(Side.CALLEE, b.address(), null);
        Outcome again = new Outcome();
        st.playPrompt(Side.CALLEE, frames(3), again);
        List<RtpPacket> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(parse(b.receive().data()));
        }
        assertPlayed(got, frames(3));
        assertThat(again.awaitCompleted().framesSent()).isEqualTo(3);
    }

    @Test
    void aHoldInTheMiddleLeavesAGapAndTheNextPacketStartsATalkspurt() throws Exception {
        MediaStream st = connected(relay.open());
        Outcome outcome = new Outcome();
        PromptFrames frames = frames(150);
        st.playPrompt(Side.CALLEE, frames, outcome);
        RtpPacket first = parse(b.receive().data());
        for (int i = 1; i < 5; i++) {
            b.receive();
        }
        st.setRemote(Side.CALLEE, new java.net.InetSocketAddress("0.0.0.0", 4000), null); // RFC 3264 hold
        int before = 5 + b.drain(150);
        st.setRemote(Side.CALLEE, b.address(), null); // resumed while the prompt is still playing
        RtpPacket resumed = parse(b.receive().data());
        while (!resumed.marker()) { // a frame sent before the hold, held up on a busy machine
            before++;
            resumed = parse(b.receive().data());
        }
        PromptResult result = outcome.awaitCompleted();
        int frameIndex = (int) ((resumed.timestamp() - first.timestamp()) & 0xFFFFFFFFL) / 160;
        assertThat(frameIndex).isGreaterThan(before); // the timestamp jumped over the frames held
        assertThat(resumed.seq()).isEqualTo((first.seq() + before) & 0xFFFF); // sequence numbers did not
        assertThat(resumed.marker()).isTrue();
        assertThat(resumed.payload()).isEqualTo(frames.payload(frameIndex));
        assertThat(result.framesNotSent()).isPositive();
        assertThat(result.framesSent() + result.framesNotSent()).isEqualTo(150);
    }
}
