package com.callbasis.recorder.codec;

import static com.callbasis.recorder.Fixtures.goertzel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** libjitsi's Opus natives, for real: this machine is linux-x86-64, whose libjnopus the jar carries. */
class OpusDecoderTest {
    private static short[] decodeAll(Decoder d, List<byte[]> packets) {
        short[] out = new short[packets.size() * 960];
        int o = 0;
        for (byte[] p : packets) {
            assertThat(d.samples(p, 0, p.length)).isEqualTo(960);
            o += d.decode(p, 0, p.length, out, o);
        }
        assertThat(o).isEqualTo(out.length);
        return out;
    }

    private static double amplitude(short[] x, int from, int n, double hz) {
        return 2 * Math.sqrt(goertzel(x, from, n, hz, 48000));
    }

    @Test
    void nativesLoadWithoutTheMediaStack() {
        assertThat(Decoders.opusAvailable()).isTrue();
        Decoder d = Decoders.opus();
        assertThat(d.encoding()).isEqualTo("opus");
        assertThat(d.clockRate()).isEqualTo(48000);
        assertThat(d.sampleRate()).isEqualTo(48000);
        assertThat(Decoders.forRtpmap("opus", 48000, 2)).containsSame(d);
        assertThat(Decoders.forRtpmap("OPUS", 48000, 1)).containsSame(d);
        assertThat(Decoders.forRtpmap("opus", 16000, 2)).isEmpty();
    }

    @Test
    void stereoPacketsDecodeToMonoWithBothChannelsTones() {
        Decoder d = Decoders.opus().newInstance();
        try {
            short[] pcm = decodeAll(d, CodecFixtures.opusPackets());
            int from = 4800; // past pre-skip and start-up
            int n = 4800 * 8; // 0.8 s
            // down-mixed: each channel's -12 dBFS tone at about half amplitude
            assertThat(amplitude(pcm, from, n, 440)).isBetween(0.25 * 32767 * 0.35, 0.25 * 32767 * 0.65);
            assertThat(amplitude(pcm, from, n, 1000)).isBetween(0.25 * 32767 * 0.35, 0.25 * 32767 * 0.65);
            assertThat(amplitude(pcm, from, n, 2500)).isLessThan(amplitude(pcm, from, n, 1000) / 100);
        } finally {
            d.close();
        }
    }

    @Test
    void concealsALostPacketWithTheToneNotSilence() {
        List<byte[]> packets = CodecFixtures.opusPackets();
        Decoder d = Decoders.opus().newInstance();
        try {
            short[] pcm = decodeAll(d, packets.subList(0, 20));
            short[] plc = new short[960];
            assertThat(d.conceal(plc, 0, 960)).isTrue();
            assertThat(amplitude(plc, 0, 960, 1000)).isGreaterThan(amplitude(pcm, 18 * 960, 960, 1000) / 4);
            short[] next = new short[960];
            assertThat(d.decode(packets.get(21), 0, packets.get(21).length, next, 0)).isEqualTo(960);
            assertThat(amplitude(next, 0, 960, 440)).isGreaterThan(1000);
        } finally {
            d.close();
        }
    }

    @Test
    void badPacketsAndClosedDecodersGiveSilenceNotExceptions() {
        Decoder d = Decoders.opus().newInstance();
        byte[] junk = {0x03}; // RFC 6716 s.3.2.5: code 3 without its frame count octet is invalid
        short[] out = new short[5760];
        assertThat(d.decode(junk, 0, junk.length, out, 0)).isZero();
        d.close();
        d.close();
        byte[] p = CodecFixtures.opusPackets().get(5);
        assertThat(d.decode(p, 0, p.length, out, 0)).isZero();
        assertThat(d.conceal(out, 0, 960)).isFalse();
    }

    @Test
    void instancesAreIndependent() {
        List<byte[]> packets = CodecFixtures.opusPackets();
        Decoder a = Decoders.opus().newInstance();
        Decoder b = Decoders.opus().newInstance();
        try {
            short[] x = decodeAll(a, packets.subList(0, 10));
            decodeAll(b, packets.subList(20, 30));
            Decoder c = Decoders.opus().newInstance();
            short[] y = decodeAll(c, packets.subList(0, 10));
            c.close();
            assertThat(y).containsExactly(x);
        } finally {
            a.close();
            b.close();
        }
    }
}
