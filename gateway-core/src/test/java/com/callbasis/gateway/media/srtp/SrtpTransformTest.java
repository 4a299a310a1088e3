package com.callbasis.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.media.srtp.TestPackets.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two transforms with swapped keys, as the two ends of one SRTP session. */
class SrtpTransformTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SSRC = 0x01020304;

    private SrtpTransform alice;
    private SrtpTransform bob;

    private void pair(SrtpSuite suite) {
        SdesCrypto a = SdesCrypto.generate(1, suite, RANDOM);
        SdesCrypto b = SdesCrypto.generate(1, suite, RANDOM);
        alice = new SrtpTransform(a, b);
        bob = new SrtpTransform(b, a);
    }

    @AfterEach
    void close() {
        if (alice != null) {
            alice.close();
            bob.close();
        }
    }

    /** Alice protects; the returned SRTP bytes (the buffer is released). */
    private byte[] aliceSends(byte[] plain, Kind kind) {
        ByteBuf out = alice.protectRtp(kind.of(plain));
        assertThat(out).isNotNull();
        return TestPackets.drain(out);
    }

    /** Bob unprotects a copy of {@code srtp}; the plain bytes, or null if refused. */
    private byte[] bobReceives(byte[] srtp, Kind kind) {
        ByteBuf in = kind.of(srtp);
        boolean ok = bob.unprotectRtp(in);
        byte[] after = TestPackets.drain(in);
        if (!ok) {
            assertThat(after).as("a refused packet is left unchanged").isEqualTo(srtp);
            return null;
        }
        return after;
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rtpRoundTripBothWays(SrtpSuite suite) {
        pair(suite);
        for (int seq = 100; seq < 110; seq++) {
            byte[] plain = TestPackets.rtp(seq, SSRC, TestPackets.PAYLOAD_160);
            byte[] srtp = aliceSends(plain, Kind.POOLED_DIRECT);
            assertThat(srtp).hasSize(plain.length + suite.rtpTagLength());
            assertThat(bobReceives(srtp, Kind.POOLED_DIRECT)).isEqualTo(plain);

            ByteBuf back = bob.protectRtp(Kind.POOLED_HEAP.of(plain));
            assertThat(alice.unprotectRtp(back)).isTrue();
            assertThat(TestPackets.drain(back)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rtcpRoundTripReplayAndTamper(SrtpSuite suite) {
        pair(suite);
        byte[] plain = TestPackets.rtcp(SSRC);
        for (int i = 0; i < 3; i++) {
            byte[] srtcp = TestPackets.drain(alice.protectRtcp(Kind.POOLED_DIRECT.of(plain)));
            assertThat(srtcp).hasSize(plain.length + suite.rtcpOverhead());
            assertThat(srtcp[srtcp.length - suite.rtcpOverhead() + (suite.isAead() ? 16 : 0)] & 0x80)
                    .as("E flag (RFC 3711 s.3.4)").isEqualTo(0x80);

            byte[] tampered = srtcp.clone();
            tampered[12] ^= 1;
            ByteBuf bad = Kind.POOLED_HEAP.of(tampered);
            assertThat(bob.unprotectRtcp(bad)).isFalse();
            assertThat(TestPackets.drain(bad)).isEqualTo(tampered);

            ByteBuf good = Kind.POOLED_HEAP.of(srtcp);
            assertThat(bob.unprotectRtcp(good)).isTrue();
            assertThat(TestPackets.drain(good)).isEqualTo(plain);

            ByteBuf replay = Kind.POOLED_DIRECT.of(srtcp);
            assertThat(bob.unprotectRtcp(replay)).as("replayed SRTCP").isFalse();
            replay.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tamperedPacketIsRefusedAndLeavesNoTrace(Kind kind) {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = TestPackets.rtp(7, SSRC, TestPackets.PAYLOAD_160);
        byte[] srtp = aliceSends(plain, kind);
        for (int pos : new int[] {1, 3, 9, 12, 100, srtp.length - 1}) {
            byte[] bad = srtp.clone();
            bad[pos] ^= 0x40;
            assertThat(bobReceives(bad, kind)).as("flipped byte %d", pos).isNull();
        }
        assertThat(bobReceives(srtp, kind)).as("the genuine packet still passes").isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM"})
    void tamperedPacketIsRefusedForOtherSuites(SrtpSuite suite) {
        pair(suite);
        byte[] plain = TestPackets.rtp(7, SSRC, TestPackets.PAYLOAD_160);
        byte[] srtp = aliceSends(plain, Kind.POOLED_HEAP);
        byte[] bad = srtp.clone();
        bad[50] ^= 1;
        assertThat(bobReceives(bad, Kind.POOLED_HEAP)).isNull();
        assertThat(bobReceives(srtp, Kind.POOLED_HEAP)).isEqualTo(plain);
    }

    @Test
    void replayedAndTooOldPacketsAreRefused() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[][] sent = new byte[200][];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = aliceSends(TestPackets.rtp(1000 + i, SSRC, 20), Kind.POOLED_HEAP);
        }
        assertThat(bobReceives(sent[0], Kind.POOLED_DIRECT)).isNotNull();
        assertThat(bobReceives(sent[0], Kind.POOLED_DIRECT)).as("replay").isNull();
        assertThat(bobReceives(sent[150], Kind.POOLED_DIRECT)).isNotNull();
        assertThat(bobReceives(sent[120], Kind.POOLED_DIRECT)).as("late but inside the window").isNotNull();
        assertThat(bobReceives(sent[120], Kind.POOLED_DIRECT)).as("replay inside the window").isNull();
        assertThat(bobReceives(sent[50], Kind.POOLED_DIRECT)).as("older than 64 packets").isNull();
        assertThat(bobReceives(sent[199], Kind.POOLED_DIRECT)).isNotNull();
    }

    @Test
    void sendingTheSameIndexTwiceIsRefused() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = TestPackets.rtp(5, SSRC, 20);
        aliceSends(plain, Kind.POOLED_HEAP);
        ByteBuf again = Kind.POOLED_HEAP.of(plain);
        assertThat(alice.protectRtp(again)).as("would reuse keystream").isNull();
        assertThat(again.refCnt()).isZero();
    }

    @Test
    void sequenceWrapCarriesTheRolloverCounter() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        for (int i = 0; i < 10; i++) {
            int seq = (65530 + i) & 0xffff;
            byte[] plain = TestPackets.rtp(seq, SSRC, 40);
            assertThat(bobReceives(aliceSends(plain, Kind.POOLED_DIRECT), Kind.POOLED_DIRECT)).isEqualTo(plain);
        }
    }

    @Test
    void eachSsrcHasItsOwnContextAndForgedSsrcsLeaveNone() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        for (int seq = 0; seq < 5; seq++) {
            for (int ssrc : new int[] {SSRC, 0x7777, -5}) {
                byte[] plain = TestPackets.rtp(seq, ssrc, 30);
                assertThat(bobReceives(aliceSends(plain, Kind.POOLED_HEAP), Kind.POOLED_HEAP)).isEqualTo(plain);
            }
        }
        assertThat(bob.receivingRtpContexts()).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            byte[] forged = TestPackets.rtp(50_000 + i, 0x10000 + i, 30 + 10);
            assertThat(bobReceives(forged, Kind.POOLED_DIRECT)).isNull();
        }
        assertThat(bob.receivingRtpContexts()).isEqualTo(3);

        // The context tried on the forgeries carries nothing over to a genuine new stream, whose
        // sequence numbers are far from theirs (a leftover guess would shift its ROC).
        for (int seq = 100; seq < 103; seq++) {
            byte[] plain = TestPackets.rtp(seq, 0x4242, 30);
            assertThat(bobReceives(aliceSends(plain, Kind.POOLED_HEAP), Kind.POOLED_HEAP)).isEqualTo(plain);
        }
        assertThat(bob.receivingRtpContexts()).isEqualTo(4);
    }

    @Test
    void forgedSrtcpFromNewSsrcsLeavesNothingBehind() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        for (int i = 0; i < 50; i++) {
            byte[] forged = new byte[32 + 14];
            System.arraycopy(TestPackets.rtcp(0x9000 + i), 0, forged, 0, 32);
            forged[35] = (byte) i; // an SRTCP index
            ByteBuf in = Kind.POOLED_HEAP.of(forged);
            assertThat(bob.unprotectRtcp(in)).isFalse();
            in.release();
        }
        byte[] plain = TestPackets.rtcp(0x9001);
        ByteBuf srtcp = alice.protectRtcp(Kind.POOLED_HEAP.of(plain));
        assertThat(bob.unprotectRtcp(srtcp)).isTrue();
        assertThat(TestPackets.drain(srtcp)).isEqualTo(plain);
    }

    @Test
    void manySsrcsAreBounded() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        for (int ssrc = 1; ssrc <= SrtpTransform.MAX_SSRCS + 10; ssrc++) {
            byte[] plain = TestPackets.rtp(1, ssrc, 20);
            assertThat(bobReceives(aliceSends(plain, Kind.POOLED_HEAP), Kind.POOLED_HEAP)).isEqualTo(plain);
        }
        assertThat(bob.receivingRtpContexts()).isEqualTo(SrtpTransform.MAX_SSRCS);
    }

    @Test
    void wrongKeyIsRefused() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SdesCrypto stranger = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        try (SrtpTransform eve = new SrtpTransform(stranger, stranger)) {
            byte[] srtp = TestPackets.drain(eve.protectRtp(Kind.POOLED_HEAP.of(TestPackets.rtp(1, SSRC, 50))));
            assertThat(bobReceives(srtp, Kind.POOLED_HEAP)).isNull();
        }
    }

    @Test
    void heapBufferWithRoomIsProtectedInPlace() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(512).writeBytes(TestPackets.rtp(1, SSRC, 160));
        ByteBuf out = alice.protectRtp(buf);
        assertThat(out).isSameAs(buf);
        assertThat(out.readableBytes()).isEqualTo(172 + 10);
        out.release();
    }

    @Test
    void bufferWithoutRoomIsCopiedAndReleased() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] first = TestPackets.rtp(1, SSRC, 160);
        byte[] second = TestPackets.rtp(2, SSRC, 160);
        ByteBuf tight = Kind.TIGHT_HEAP.of(first);
        ByteBuf readOnly = Kind.POOLED_DIRECT.of(second).asReadOnly();
        for (ByteBuf in : List.of(tight, readOnly)) {
            byte[] plain = in == tight ? first : second;
            ByteBuf out = alice.protectRtp(in);
            assertThat(out).isNotNull().isNotSameAs(in);
            assertThat(in.refCnt()).isZero();
            assertThat(bobReceives(TestPackets.drain(out), Kind.POOLED_HEAP)).isEqualTo(plain);
        }
    }

    @Test
    void readerIndexIsRespected() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = TestPackets.rtp(1, SSRC, 160);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(512).writeBytes(new byte[] {9, 9, 9}).writeBytes(plain);
        buf.skipBytes(3);
        ByteBuf out = alice.protectRtp(buf);
        ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(512).writeZero(5).writeBytes(out);
        out.release();
        in.skipBytes(5);
        assertThat(bob.unprotectRtp(in)).isTrue();
        assertThat(in.readerIndex()).isEqualTo(5);
        assertThat(ByteBufUtil.getBytes(in)).isEqualTo(plain);
        in.release();
    }

    @Test
    void malformedPacketsAreRefused() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        ByteBuf tooShort = Kind.POOLED_HEAP.of(new byte[] {(byte) 0x80, 0, 0, 1});
        assertThat(alice.protectRtp(tooShort)).isNull();
        assertThat(tooShort.refCnt()).isZero();

        byte[] badExtension = TestPackets.rtp(1, SSRC, 8);
        badExtension[0] |= 0x10; // extension header claims more than the packet holds
        badExtension[14] = 0x7f;
        ByteBuf ext = Kind.POOLED_HEAP.of(badExtension);
        assertThat(alice.protectRtp(ext)).isNull();
        assertThat(ext.refCnt()).isZero();

        byte[] version1 = TestPackets.rtp(1, SSRC, 40);
        version1[0] = 0x40;
        assertThat(bobReceives(version1, Kind.POOLED_HEAP)).isNull();
        assertThat(bobReceives(new byte[15], Kind.POOLED_HEAP)).isNull();
        ByteBuf rtcp = Kind.POOLED_HEAP.of(new byte[] {(byte) 0x81, (byte) 201, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThat(bob.unprotectRtcp(rtcp)).isFalse();
        rtcp.release();
    }

    @Test
    void keyLifetimeIsEnforced() {
        SdesCrypto a = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:"
                + SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM).masterKey().inlineBase64() + "|2^1");
        SdesCrypto b = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        alice = new SrtpTransform(a, b);
        bob = new SrtpTransform(b, a);
        try (SrtpTransform unlimitedAlice = new SrtpTransform(SdesCrypto.of(1, a.suite(), a.masterKey()), b)) {
            for (int seq = 0; seq < 3; seq++) {
                byte[] plain = TestPackets.rtp(seq, SSRC, 20);
                ByteBuf out = alice.protectRtp(Kind.POOLED_HEAP.of(plain));
                if (seq < 2) {
                    assertThat(out).isNotNull();
                    out.release();
                } else {
                    assertThat(out).as("lifetime 2^1 used up").isNull();
                }
                byte[] srtp = TestPackets.drain(unlimitedAlice.protectRtp(Kind.POOLED_HEAP.of(plain)));
                if (seq < 2) {
                    assertThat(bobReceives(srtp, Kind.POOLED_HEAP)).isEqualTo(plain);
                } else {
                    assertThat(bobReceives(srtp, Kind.POOLED_HEAP)).as("peer's key used up").isNull();
                }
            }
        }
    }

    @Test
    void mkiKeysAreRefused() {
        SdesCrypto withMki = SdesCrypto.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4");
        SdesCrypto plain = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        assertThatThrownBy(() -> new SrtpTransform(plain, withMki)).isInstanceOf(SdesException.class)
                .hasMessageContaining("MKI");
        assertThatThrownBy(() -> new SrtpTransform(withMki, plain)).isInstanceOf(SdesException.class);
    }

    @Test
    void closedTransformRefusesEverything() {
        pair(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = TestPackets.rtp(1, SSRC, 20);
        byte[] srtp = aliceSends(plain, Kind.POOLED_HEAP);
        bob.close();
        assertThat(bobReceives(srtp, Kind.POOLED_HEAP)).isNull();
        ByteBuf p = Kind.POOLED_HEAP.of(plain);
        assertThat(bob.protectRtp(p)).isNull();
        assertThat(p.refCnt()).isZero();
    }
}
