package com.callbasis.recorder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class G722EncoderTest {
    /** The input of the ffmpeg fixture: aevalsrc 0.25 sin(2 pi 1000 t) + 0.125 sin(2 pi 5000 t), 1 s at 16 kHz. */
    private static short[] fixtureInput() {
        short[] in = new short[16000];
        for (int i = 0; i < in.length; i++) {
            double t = i / 16000.0;
            double v = 0.25 * Math.sin(2 * Math.PI * 1000 * t) + 0.125 * Math.sin(2 * Math.PI * 5000 * t);
            in[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(v * 32768)));
        }
        return in;
    }

    private static byte[] encode(short[] pcm) {
        byte[] out = new byte[G722Encoder.octets(pcm.length)];
        assertThat(new G722Encoder().encode(pcm, 0, pcm.length, out, 0)).isEqualTo(out.length);
        return out;
    }

    private static short[] decode(byte[] g722) {
        short[] out = new short[g722.length * 2];
        Decoders.g722().newInstance().decode(g722, 0, g722.length, out, 0);
        return out;
    }

    @Test
    void agreesWithFfmpegsEncoder() {
        short[] in = fixtureInput();
        byte[] ours = encode(in);
        byte[] ffmpeg = CodecFixtures.g722Tone();
        // Octet for octet the same as ffmpeg's G.722 encoder for the first 181 octets (its own adaptation then
        // departs by an LSB, as its decoder does from ours, see G722DecoderTest); after that equally good.
        assertThat(Arrays.copyOf(ours, 181)).containsExactly(Arrays.copyOf(ffmpeg, 181));
        double oursSnr = PromptAudio.snr(in, decode(ours), PromptTranscoder.G722_DELAY, 1600, 12800);
        double ffmpegSnr = PromptAudio.snr(in, decode(ffmpeg), PromptTranscoder.G722_DELAY, 1600, 12800);
        assertThat(oursSnr).isGreaterThan(27).isCloseTo(ffmpegSnr, org.assertj.core.data.Offset.offset(1.5)); // 29.0, 29.8
    }

    @Test
    void silenceStaysSilent() {
        short[] decoded = decode(encode(new short[3200]));
        for (short s : decoded) {
            assertThat(Math.abs(s)).isLessThan(4);
        }
    }

    @Test
    void fullScaleDoesNotOverflow() {
        short[] in = PromptAudio.tone(1000, 1.0, 16000, 16000);
        short[] square = new short[16000];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 8) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE; // 1 kHz square: clipping, every band
        }
        assertThat(PromptAudio.snr(in, decode(encode(in)), PromptTranscoder.G722_DELAY, 1600, 12800)).isGreaterThan(30);
        assertThat(PromptAudio.correlation(square, decode(encode(square)), PromptTranscoder.G722_DELAY, 1600, 12800))
                .isGreaterThan(0.95);
    }

    @Test
    void oddLengthPairsTheLastSampleWithSilence() {
        assertThat(G722Encoder.octets(321)).isEqualTo(161);
        short[] in = PromptAudio.tone(1000, 0.25, 16000, 321);
        byte[] out = new byte[161];
        assertThat(new G722Encoder().encode(in, 0, 321, out, 0)).isEqualTo(161);
        byte[] even = new byte[161];
        new G722Encoder().encode(Arrays.copyOf(in, 322), 0, 322, even, 0);
        assertThat(out).containsExactly(even);
    }
}
