package com.callbasis.recorder.codec;

import static com.callbasis.recorder.Fixtures.goertzel;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G722DecoderTest {
    private static short[] decode(Decoder d, byte[] g722) {
        short[] out = new short[g722.length * 2];
        assertThat(d.decode(g722, 0, g722.length, out, 0)).isEqualTo(out.length);
        return out;
    }

    @Test
    void describesRfc3551Quirk() {
        Decoder d = Decoders.g722();
        assertThat(d.encoding()).isEqualTo("G722");
        assertThat(d.clockRate()).isEqualTo(8000);
        assertThat(d.sampleRate()).isEqualTo(16000);
        assertThat(d.samples(160)).isEqualTo(320); // 20 ms: 160 octets, 160 clock ticks, 320 samples
    }

    @Test
    void agreesWithFfmpegsDecoderToWithin60Db() {
        short[] ours = decode(Decoders.g722().newInstance(), CodecFixtures.g722Tone());
        short[] ffmpeg = CodecFixtures.g722ToneByFfmpeg();
        assertThat(ours).hasSameSizeAs(ffmpeg);
        double signal = 0;
        double noise = 0;
        int same = 0;
        for (int i = 0; i < ours.length; i++) {
            signal += (double) ffmpeg[i] * ffmpeg[i];
            noise += Math.pow(ours[i] - ffmpeg[i], 2);
            same += ours[i] == ffmpeg[i] ? 1 : 0;
        }
        // Not bit-exact with ffmpeg (a few LSB after the first 228 samples, which are identical); no ITU
        // conformance vectors are available here to say which of the two departs from the Recommendation.
        assertThat(10 * Math.log10(signal / noise)).isGreaterThan(60);
        assertThat(java.util.Arrays.copyOf(ours, 228)).containsExactly(java.util.Arrays.copyOf(ffmpeg, 228));
        assertThat(same).isGreaterThan(ours.length / 3);
    }

    @Test
    void bothSubBandsCarryTheirTone() {
        short[] pcm = decode(Decoders.g722().newInstance(), CodecFixtures.g722Tone());
        int from = 1600; // skip the ADPCM's adaptation (0.1 s)
        int n = 12800; // 0.8 s: whole periods of 1 kHz and 5 kHz at 16 kHz
        double a1k = 2 * Math.sqrt(goertzel(pcm, from, n, 1000, 16000));
        double a5k = 2 * Math.sqrt(goertzel(pcm, from, n, 5000, 16000));
        double a3k = 2 * Math.sqrt(goertzel(pcm, from, n, 3000, 16000));
        assertThat(a1k).isCloseTo(0.25 * 32767, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(a5k).isCloseTo(0.125 * 32767, org.assertj.core.data.Percentage.withPercentage(8));
        assertThat(a3k).isLessThan(a1k / 300);
    }

    @Test
    void instancesHaveTheirOwnState() {
        byte[] g = CodecFixtures.g722Tone();
        Decoder a = Decoders.g722().newInstance();
        Decoder b = Decoders.g722().newInstance();
        assertThat(a).isNotSameAs(b);
        short[] first = decode(a, java.util.Arrays.copyOf(g, 160));
        decode(b, java.util.Arrays.copyOfRange(g, 1000, 1160)); // b somewhere else
        short[] again = decode(Decoders.g722().newInstance(), java.util.Arrays.copyOf(g, 160));
        assertThat(again).containsExactly(first);
        a.reset();
        assertThat(decode(a, java.util.Arrays.copyOf(g, 160))).containsExactly(first);
    }

    @Test
    void garbageDecodesWithoutException() {
        byte[] noise = new byte[8000];
        new java.util.Random(7).nextBytes(noise);
        short[] out = decode(Decoders.g722().newInstance(), noise);
        assertThat(out).hasSize(16000);
    }

    @Test
    void rtpmapNames() {
        assertThat(Decoders.forRtpmap("g722", 8000, 1)).containsSame(Decoders.g722());
        assertThat(Decoders.forRtpmap("G722", 16000, 1)).isEmpty(); // RFC 3551 registers 8000
        assertThat(Decoders.forRtpmap("PCMU", 8000, 2)).isEmpty();
        assertThat(Decoders.forRtpmap("speex", 8000, 1)).isEmpty();
        assertThat(Decoders.forRtpmap(null, 8000, 1)).isEmpty();
    }
}
