package com.callbasis.gateway.media;

import static com.callbasis.gateway.media.UdpPeer.LO;
import static com.callbasis.gateway.media.UdpPeer.rtcpRr;
import static com.callbasis.gateway.media.UdpPeer.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.MediaConfig;
import com.callbasis.gateway.media.UdpPeer.Received;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against real UDP sockets on 127.0.0.1: a caller phone A and a callee phone B. */
class MediaRelayTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private int base;
    private MediaRelay relay;
    private UdpPeer a;
    private UdpPeer aRtcp;
    private UdpPeer b;
    private UdpPeer bRtcp;

    @BeforeEach
    void peers() throws Exception {
        base = PortAllocatorTest.freeEvenBase(LO, 40);
        a = peer();
        aRtcp = peer();
        b = peer();
        bRtcp = peer();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private UdpPeer peer() throws Exception {
        UdpPeer p = new UdpPeer();
        closeables.add(p);
        return p;
    }

    private MediaRelay relay(boolean latching, int ports) {
        relay = new MediaRelay(new MediaConfig("127.0.0.1", base, base + ports - 1), latching, 1, registry);
        closeables.add(relay);
        return relay;
    }

    /** A stream whose caller is A and callee is B, each with a separate RTCP socket. */
    private MediaStream connected(MediaSession s) throws MediaException {
        MediaStream st = s.stream(0);
        st.setRemote(Side.CALLER, a.address(), aRtcp.address());
        st.setRemote(Side.CALLEE, b.address(), bRtcp.address());
        return st;
    }

    private double counter(String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private void awaitDropped(String reason, double n) throws InterruptedException {
        await(n + " drops " + reason, () -> counter("media.packets.dropped", "reason", reason) == n);
    }

    @Test
    void relaysRtpBothWaysFromTheSocketEachPeerSendsTo() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        InetSocketAddress toCaller = st.localRtp(Side.CALLER);
        InetSocketAddress toCallee = st.localRtp(Side.CALLEE);
        assertThat(toCaller.getPort() % 2).isZero();
        assertThat(toCallee.getPort()).isNotEqualTo(toCaller.getPort());

        for (int seq = 1; seq <= 20; seq++) {
            byte[] up = rtp(seq, 160);
            a.send(up, toCaller);
            Received atB = b.receive();
            assertThat(atB.data()).isEqualTo(up);
            assertThat(atB.from()).isEqualTo(toCallee); // symmetric RTP (RFC 4961)

            byte[] down = rtp(1000 + seq, 20);
            b.send(down, toCallee);
            Received atA = a.receive();
            assertThat(atA.data()).isEqualTo(down);
            assertThat(atA.from()).isEqualTo(toCaller);
        }
        assertThat(st.relayed(Side.CALLER)).isEqualTo(20);
        assertThat(st.relayed(Side.CALLEE)).isEqualTo(20);
        assertThat(st.dropped(Side.CALLER)).isZero();
        await("relayed meter", () -> counter("media.packets.relayed", "kind", "rtp") == 40);
    }

    @Test
    void aStalledRelayDropsStaleMediaInsteadOfDeliveringItSecondsLate() throws Exception {
        MediaSession session = relay(false, 8).open();
        MediaStream st = connected(session);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        session.loop().execute(() -> { // the relay's thread is busy (overload, a long pause)
            stalled.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(stalled.await(3, TimeUnit.SECONDS)).isTrue();
        // 20 s of a 20 ms G.711 stream reach the socket meanwhile
        for (int seq = 1; seq <= 1000; seq++) {
            a.send(rtp(seq, 160), st.localRtp(Side.CALLER));
        }
        release.countDown();
        int delivered = b.drain(500);
        // what the socket held when the relay read again, about 0.8 s of audio, went through; the rest was
        // dropped by the kernel rather than queued (256 KiB buffers forwarded 630 of these, 12.6 s late)
        assertThat(delivered).isBetween(10, 100);
        assertThat(st.relayed(Side.CALLER)).isEqualTo(delivered);
    }

    @Test
    void relaysRtcpBetweenSeparateRtcpSockets() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        aRtcp.send(rtcpRr(7), st.localRtcpPort(Side.CALLER));
        Received atB = bRtcp.receive();
        assertThat(atB.data()).isEqualTo(rtcpRr(7));
        assertThat(atB.from().getPort()).isEqualTo(st.localRtcpPort(Side.CALLEE));

        bRtcp.send(rtcpRr(8), st.localRtcpPort(Side.CALLEE));
        Received atA = aRtcp.receive();
        assertThat(atA.data()).isEqualTo(rtcpRr(8));
        assertThat(atA.from().getPort()).isEqualTo(st.localRtcpPort(Side.CALLER));
        await("rtcp meter", () -> counter("media.packets.relayed", "kind", "rtcp") == 2);
    }

    @Test
    void rtcpMuxIsDemultiplexedByPacketType() throws Exception {
        MediaSession s = relay(false, 8).open();
        Queue<byte[]> tapped = new ConcurrentLinkedQueue<>();
        s.setTap((side, p, t) -> tapped.add(ByteBufUtil.getBytes(p)));
        MediaStream st = s.stream(0);
        st.setRemote(Side.CALLER, a.address(), a.address()); // caller muxes (RFC 5761)
        st.setRemote(Side.CALLEE, b.address(), bRtcp.address()); // callee does not

        // Muxed RTCP from A on the RTP port goes to B's RTCP socket, from our callee RTCP port.
        a.send(rtcpRr(1), st.localRtp(Side.CALLER));
        Received atBRtcp = bRtcp.receive();
        assertThat(atBRtcp.data()).isEqualTo(rtcpRr(1));
        assertThat(atBRtcp.from().getPort()).isEqualTo(st.localRtcpPort(Side.CALLEE));

        // B's RTCP goes to A's RTP port (A muxes), sent from our caller RTP port.
        bRtcp.send(rtcpRr(2), st.localRtcpPort(Side.CALLEE));
        Received atA = a.receive();
        assertThat(atA.data()).isEqualTo(rtcpRr(2));
        assertThat(atA.from()).isEqualTo(st.localRtp(Side.CALLER));

        // RTP on the same muxed port still goes to B's RTP socket and is the only thing tapped.
        a.send(rtp(5, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(5, 10));
        await("tap", () -> tapped.size() == 1);
        assertThat(tapped.peek()).isEqualTo(rtp(5, 10));
        await("rtcp meter", () -> counter("media.packets.relayed", "kind", "rtcp") == 2);
    }

    @Test
    void foreignSourceIsDroppedWithoutLatching() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        UdpPeer intruder = peer();
        intruder.send(rtp(666, 10), st.localRtp(Side.CALLER));
        intruder.send(rtcpRr(666), st.localRtcpPort(Side.CALLER));
        awaitDropped("foreign_source", 2);
        // A's RTCP socket may not send RTP either: each socket has its own source.
        aRtcp.send(rtp(667, 10), st.localRtp(Side.CALLER));
        awaitDropped("foreign_source", 3);

        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(1, 10)); // the next datagram is A's, not the intruder's
        assertThat(st.dropped(Side.CALLER)).isEqualTo(3);
        assertThat(st.relayed(Side.CALLER)).isEqualTo(1);
    }

    @Test
    void withoutLatchingNatedPeerIsNotAccepted() throws Exception {
        MediaStream st = relay(false, 8).open().stream(0);
        UdpPeer behindNat = peer();
        st.setRemote(Side.CALLER, a.address(), null);
        st.setRemote(Side.CALLEE, b.address(), null);
        behindNat.send(rtp(1, 10), st.localRtp(Side.CALLER));
        awaitDropped("foreign_source", 1);
        // And B's media goes to the announced address, not to whoever sent last.
        b.send(rtp(2, 10), st.localRtp(Side.CALLEE));
        assertThat(a.receive().data()).isEqualTo(rtp(2, 10));
    }

    @Test
    void latchingFollowsTheFirstSourceAndLocksOthersOut() throws Exception {
        MediaStream st = relay(true, 8).open().stream(0);
        UdpPeer announced = peer(); // what A wrote in SDP; NAT rewrote it to a.address()
        st.setRemote(Side.CALLER, announced.address(), null);
        st.setRemote(Side.CALLEE, b.address(), bRtcp.address());

        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(1, 10));
        b.send(rtp(2, 10), st.localRtp(Side.CALLEE));
        assertThat(a.receive().data()).isEqualTo(rtp(2, 10)); // to the latched source, not the SDP address

        UdpPeer intruder = peer();
        intruder.send(rtp(666, 10), st.localRtp(Side.CALLER));
        announced.send(rtp(667, 10), st.localRtp(Side.CALLER));
        awaitDropped("foreign_source", 2);
        a.send(rtp(3, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(3, 10));

        // A re-INVITE resets the latch: A's new socket takes over, the old one is locked out.
        UdpPeer a2 = peer();
        st.setRemote(Side.CALLER, announced.address(), null);
        a2.send(rtp(4, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(4, 10));
        a.send(rtp(5, 10), st.localRtp(Side.CALLER));
        awaitDropped("foreign_source", 3);
        b.send(rtp(6, 10), st.localRtp(Side.CALLEE));
        assertThat(a2.receive().data()).isEqualTo(rtp(6, 10));
    }

    @Test
    void latchingWaitsForTheFirstAnnouncement() throws Exception {
        MediaStream st = relay(true, 8).open().stream(0);
        st.setRemote(Side.CALLEE, b.address(), null);
        UdpPeer early = peer();
        early.send(rtp(1, 10), st.localRtp(Side.CALLER)); // before the offer was even seen
        awaitDropped("foreign_source", 1);
        st.setRemote(Side.CALLER, a.address(), null);
        a.send(rtp(2, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(2, 10));
        b.send(rtp(3, 10), st.localRtp(Side.CALLEE));
        assertThat(a.receive().data()).isEqualTo(rtp(3, 10)); // early did not latch
    }

    @Test
    void reInviteToANewPortMovesTheFlow() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(1, 10));

        UdpPeer b2 = peer();
        st.setRemote(Side.CALLEE, b2.address(), null);
        a.send(rtp(2, 10), st.localRtp(Side.CALLER));
        Received atB2 = b2.receive();
        assertThat(atB2.data()).isEqualTo(rtp(2, 10));
        assertThat(atB2.from()).isEqualTo(st.localRtp(Side.CALLEE));
        // B's old port is no longer the callee's source.
        b.send(rtp(3, 10), st.localRtp(Side.CALLEE));
        awaitDropped("foreign_source", 1);
        b2.send(rtp(4, 10), st.localRtp(Side.CALLEE));
        assertThat(a.receive().data()).isEqualTo(rtp(4, 10));
    }

    @Test
    void holdStopsSendingButTheTapStillHears() throws Exception {
        MediaSession s = relay(false, 8).open();
        Queue<Side> tapped = new ConcurrentLinkedQueue<>();
        s.setTap((side, p, t) -> tapped.add(side));
        MediaStream st = connected(s);

        st.setRemote(Side.CALLEE, new InetSocketAddress("0.0.0.0", 4000), null); // RFC 3264 old-style hold
        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        aRtcp.send(rtcpRr(1), st.localRtcpPort(Side.CALLER));
        awaitDropped("no_destination", 2);
        await("tap", () -> tapped.size() == 1);

        st.setRemote(Side.CALLEE, null, null); // unknown is the same as held
        a.send(rtp(2, 10), st.localRtp(Side.CALLER));
        awaitDropped("no_destination", 3);

        st.setRemote(Side.CALLEE, b.address(), bRtcp.address()); // resume
        a.send(rtp(3, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(3, 10)); // nothing held back was delivered late
        await("tap", () -> tapped.size() == 3);
        assertThat(tapped).containsOnly(Side.CALLER);
    }

    @Test
    void tapSeesEveryAcceptedRtpPacketWithItsSideAndNoForeignOne() throws Exception {
        MediaSession s = relay(false, 8).open();
        Queue<String> tapped = new ConcurrentLinkedQueue<>();
        s.setTap((side, p, t) -> {
            tapped.add(side + ":" + p.getUnsignedShort(p.readerIndex() + 2));
            p.skipBytes(p.readableBytes()); // a careless tap must not eat the forwarded packet
        });
        MediaStream st = connected(s);
        UdpPeer intruder = peer();
        List<String> expected = new ArrayList<>();
        for (int seq = 1; seq <= 10; seq++) {
            a.send(rtp(seq, 10), st.localRtp(Side.CALLER));
            intruder.send(rtp(500 + seq, 10), st.localRtp(Side.CALLER));
            assertThat(b.receive().data()).isEqualTo(rtp(seq, 10));
            b.send(rtp(100 + seq, 10), st.localRtp(Side.CALLEE));
            intruder.send(rtp(600 + seq, 10), st.localRtp(Side.CALLEE));
            assertThat(a.receive().data()).isEqualTo(rtp(100 + seq, 10));
            expected.add("CALLER:" + seq);
            expected.add("CALLEE:" + (100 + seq));
        }
        awaitDropped("foreign_source", 20);
        assertThat(tapped).containsExactlyElementsOf(expected);

        s.setTap(null);
        a.send(rtp(11, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(11, 10));
        assertThat(tapped).hasSize(20);
    }

    @Test
    void transformsUnprotectProtectAndRejectPerSide() throws Exception {
        MediaSession s = relay(false, 8).open();
        Queue<byte[]> tapped = new ConcurrentLinkedQueue<>();
        s.setTap((side, p, t) -> tapped.add(ByteBufUtil.getBytes(p)));
        MediaStream st = connected(s);
        XorTransform callerKey = new XorTransform(0x5A);
        XorTransform calleeKey = new XorTransform(0x33);
        st.setTransform(Side.CALLER, callerKey);
        st.setTransform(Side.CALLEE, calleeKey);

        byte[] plain = rtp(1, 160);
        a.send(callerKey.protect(plain), st.localRtp(Side.CALLER));
        Received atB = b.receive();
        assertThat(atB.data()).isEqualTo(calleeKey.protect(plain));
        await("tap", () -> tapped.size() == 1);
        assertThat(tapped.peek()).isEqualTo(plain); // the recorder hears plain RTP

        byte[] report = rtcpRr(9);
        bRtcp.send(calleeKey.protect(report), st.localRtcpPort(Side.CALLEE));
        assertThat(aRtcp.receive().data()).isEqualTo(callerKey.protect(report));

        // Wrong key (a forged or replayed packet): dropped, not tapped, not forwarded.
        a.send(calleeKey.protect(rtp(2, 160)), st.localRtp(Side.CALLER));
        awaitDropped("srtp_auth", 1);
        a.send(callerKey.protect(rtp(3, 160)), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(calleeKey.protect(rtp(3, 160)));
        assertThat(tapped).hasSize(2);

        // Back to plain RTP on the callee side (e.g. a re-INVITE without crypto).
        st.setTransform(Side.CALLEE, null);
        a.send(callerKey.protect(rtp(4, 10)), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(4, 10));
    }

    @Test
    void protectFailureCountsAsSendFailed() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        st.setTransform(Side.CALLEE, new XorTransform(1) {
            @Override
            public ByteBuf protectRtp(ByteBuf packet) {
                packet.release();
                return null;
            }
        });
        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        awaitDropped("send_failed", 1);
        assertThat(st.dropped(Side.CALLER)).isEqualTo(1);
    }

    @Test
    void malformedAndTruncatedPacketsAreDropped() throws Exception {
        MediaStream st = connected(relay(false, 8).open());
        a.send(new byte[] {(byte) 0x80, 0, 0, 1, 0}, st.localRtp(Side.CALLER)); // shorter than any header
        byte[] v1 = rtp(1, 10);
        v1[0] = 0x40;
        a.send(v1, st.localRtp(Side.CALLER)); // version 1
        a.send(java.util.Arrays.copyOf(rtp(2, 0), 10), st.localRtp(Side.CALLER)); // RTP needs 12 bytes
        awaitDropped("malformed", 3);
        a.send(rtp(3, 4000), st.localRtp(Side.CALLER)); // fills the 2 KiB receive buffer
        awaitDropped("truncated", 1);
        a.send(rtp(4, 1200), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(4, 1200));
        assertThat(st.dropped(Side.CALLER)).isEqualTo(4);
    }

    @Test
    void noDestinationBeforeTheAnswer() throws Exception {
        MediaStream st = relay(false, 8).open().stream(0);
        st.setRemote(Side.CALLER, a.address(), aRtcp.address());
        a.send(rtp(1, 10), st.localRtp(Side.CALLER));
        awaitDropped("no_destination", 1);
        st.setRemote(Side.CALLEE, b.address(), bRtcp.address());
        a.send(rtp(2, 10), st.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(2, 10));
    }

    @Test
    void streamsOfASessionShareOneLoopAndIndexesAreStable() throws Exception {
        MediaSession s = relay(false, 16).open();
        MediaStream audio = s.stream(0);
        MediaStream video = s.stream(1);
        assertThat(s.stream(0)).isSameAs(audio);
        assertThat(video.localRtp(Side.CALLER).getPort()).isNotIn(audio.localRtp(Side.CALLER).getPort(), audio.localRtp(Side.CALLEE).getPort());
        var loop = audio.leg(Side.CALLER).rtp.eventLoop();
        for (MediaStream st : List.of(audio, video)) {
            for (Side side : Side.values()) {
                assertThat(st.leg(side).rtp.eventLoop()).isSameAs(loop);
                assertThat(st.leg(side).rtcp.eventLoop()).isSameAs(loop);
                assertThat(st.localRtcpPort(side)).isEqualTo(st.localRtp(side).getPort() + 1);
                assertThat(st.localRtp(side).getAddress()).isEqualTo(LO);
            }
        }
        assertThat(relay.portsInUse()).isEqualTo(8);
        assertThatThrownBy(() -> s.stream(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.stream(MediaSession.MAX_STREAMS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeReturnsPortsAndExhaustionIsReported() throws Exception {
        relay(false, 4); // two pairs: exactly one stream
        MediaSession first = relay.open();
        MediaStream st = connected(first);
        int callerPort = st.localRtp(Side.CALLER).getPort();
        assertThat(relay.portsInUse()).isEqualTo(4);
        assertThat(relay.activeSessions()).isEqualTo(1);
        assertThat(registry.get("media.ports.in_use").gauge().value()).isEqualTo(4);

        MediaSession second = relay.open();
        assertThatThrownBy(() -> second.stream(0)).isInstanceOf(MediaException.class);
        assertThat(relay.portsInUse()).isEqualTo(4); // the failed attempt gave back its half

        first.close();
        first.close(); // idempotent
        assertThat(relay.portsInUse()).isZero();
        assertThat(relay.activeSessions()).isEqualTo(1);
        assertThatThrownBy(() -> first.stream(0)).isInstanceOf(MediaException.class);

        MediaStream reused = second.stream(0);
        assertThat(List.of(reused.localRtp(Side.CALLER).getPort(), reused.localRtp(Side.CALLEE).getPort())).contains(callerPort);
        reused.setRemote(Side.CALLER, a.address(), null);
        reused.setRemote(Side.CALLEE, b.address(), null);
        a.send(rtp(1, 10), reused.localRtp(Side.CALLER));
        assertThat(b.receive().data()).isEqualTo(rtp(1, 10));
        assertThat(registry.get("media.sessions.active").gauge().value()).isEqualTo(1);

        relay.close();
        assertThat(relay.activeSessions()).isZero();
        assertThat(relay.portsInUse()).isZero();
        assertThat(registry.find("media.sessions.active").gauge()).isNull();
        assertThatThrownBy(relay::open).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void portsHeldByAnotherProcessAreSkipped() throws Exception {
        try (java.net.DatagramSocket foreign = new java.net.DatagramSocket(new InetSocketAddress(LO, base + 1))) {
            relay(false, 6); // pairs base (RTCP port taken), base+2, base+4
            MediaStream st = relay.open().stream(0);
            assertThat(List.of(st.localRtp(Side.CALLER).getPort(), st.localRtp(Side.CALLEE).getPort()))
                    .containsExactlyInAnyOrder(base + 2, base + 4);
            assertThat(relay.portsInUse()).isEqualTo(4);
            assertThatThrownBy(() -> relay.open().stream(0)).isInstanceOf(MediaException.class);
            assertThat(relay.portsInUse()).isEqualTo(4);
            assertThat(foreign.isBound()).isTrue();
        }
    }

    @Test
    void badConfigurationFailsClearly() {
        assertThatThrownBy(() -> new MediaRelay(new MediaConfig("media.example.com", base, base + 9), false, 1, registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IP literal");
        assertThatThrownBy(() -> new MediaRelay(new MediaConfig("127.0.0.1", base + 1, base + 1), false, 1, registry))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaRelay(new MediaConfig("127.0.0.1", base, base + 9), false, 0, registry))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonLocalAddressFailsTheStreamWithoutScanningTheRange() throws Exception {
        MediaRelay r = new MediaRelay(new MediaConfig("192.0.2.1", base, base + 39), false, 1, registry); // TEST-NET-1
        closeables.add(r);
        assertThatThrownBy(() -> r.open().stream(0)).isInstanceOf(MediaException.class).hasMessageContaining("cannot bind");
        assertThat(r.portsInUse()).isZero();
    }
}
