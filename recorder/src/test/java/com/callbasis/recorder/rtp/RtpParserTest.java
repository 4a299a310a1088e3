package com.callbasis.recorder.rtp;

import static com.callbasis.recorder.Fixtures.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtpParserTest {
    final RtpParser parser = new RtpParser();

    @Test
    void parsesFixedHeader() {
        byte[] b = rtp(8, true, 0xABCD, 0xFEDCBA98L, 0x12345678, new byte[] {1, 2, 3});
        RtpPacket p = parser.parse(b, 0, b.length);
        assertThat(p).isNotNull();
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.padding()).isFalse();
        assertThat(p.extension()).isFalse();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(8);
        assertThat(p.sequence()).isEqualTo(0xABCD);
        assertThat(p.timestamp()).isEqualTo(0xFEDCBA98L);
        assertThat(p.ssrc()).isEqualTo(0x12345678);
        assertThat(p.payloadOffset()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(3);
        assertThat(parser.rejectedTotal()).isZero();
    }

    @Test
    void parsesAtAnOffsetWithCsrcsExtensionAndPadding() {
        // 2 CSRCs, one extension word, 3 bytes of padding
        byte[] pkt = {(byte) 0xB2, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            0, 0, 0, 10, 0, 0, 0, 11,
            (byte) 0xBE, (byte) 0xDE, 0, 1, 9, 9, 9, 9,
            42, 43,
            0, 0, 3};
        byte[] b = new byte[pkt.length + 7];
        System.arraycopy(pkt, 0, b, 5, pkt.length);
        RtpPacket p = parser.parse(b, 5, pkt.length);
        assertThat(p).isNotNull();
        assertThat(p.padding()).isTrue();
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.extension()).isTrue();
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(10);
        assertThat(p.csrc(1)).isEqualTo(11);
        assertThat(p.payloadOffset()).isEqualTo(5 + 28);
        assertThat(p.payloadLength()).isEqualTo(2);
        assertThat(b[p.payloadOffset()]).isEqualTo((byte) 42);
    }

    @Test
    void rejectsAndCountsBadPackets() {
        byte[] good = rtp(0, false, 1, 1, 1, new byte[4]);
        assertThat(parser.parse(good, 0, 11)).isNull(); // TOO_SHORT
        byte[] v1 = good.clone();
        v1[0] = 0x40;
        assertThat(parser.parse(v1, 0, v1.length)).isNull(); // BAD_VERSION
        byte[] cc = good.clone();
        cc[0] = (byte) 0x82; // 2 CSRCs = 8 bytes, only 4 there
        assertThat(parser.parse(cc, 0, cc.length)).isNull();
        byte[] x = good.clone();
        x[0] = (byte) 0x90;
        x[14] = 0;
        x[15] = 5; // 5 words of extension
        assertThat(parser.parse(x, 0, x.length)).isNull();
        byte[] xShort = Arrays.copyOf(good, 14);
        xShort[0] = (byte) 0x90;
        assertThat(parser.parse(xShort, 0, xShort.length)).isNull();
        byte[] pad0 = good.clone();
        pad0[0] = (byte) 0xA0;
        pad0[pad0.length - 1] = 0;
        assertThat(parser.parse(pad0, 0, pad0.length)).isNull();
        byte[] padBig = good.clone();
        padBig[0] = (byte) 0xA0;
        padBig[padBig.length - 1] = 5;
        assertThat(parser.parse(padBig, 0, padBig.length)).isNull();
        byte[] rtcp = rtp(72, true, 1, 1, 1, new byte[4]); // RTCP SR (200) read as M + PT 72
        assertThat(parser.parse(rtcp, 0, rtcp.length)).isNull();
        assertThat(parser.parse(null, 0, 0)).isNull();
        assertThat(parser.parse(good, 10, 100)).isNull();

        assertThat(parser.rejected()).isEqualTo(Map.of(
                RtpParseError.TOO_SHORT, 3L,
                RtpParseError.BAD_VERSION, 1L,
                RtpParseError.CSRC_OVERFLOW, 1L,
                RtpParseError.EXTENSION_OVERFLOW, 2L,
                RtpParseError.BAD_PADDING, 2L,
                RtpParseError.RTCP, 1L));
        assertThat(parser.rejectedTotal()).isEqualTo(10);
    }

    @Test
    void paddingMayConsumeTheWholePayload() {
        byte[] b = rtp(0, false, 1, 1, 1, new byte[] {0, 0, 0, 4});
        b[0] = (byte) 0xA0;
        RtpPacket p = parser.parse(b, 0, b.length);
        assertThat(p).isNotNull();
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void neverThrowsOnRandomBytes() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            RtpPacket p = parser.parse(b, 0, b.length);
            if (p != null) {
                assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(b.length);
                assertThat(p.payloadLength()).isNotNegative();
            }
        }
    }
}
