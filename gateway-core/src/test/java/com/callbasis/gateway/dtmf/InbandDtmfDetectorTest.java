package com.callbasis.gateway.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.dtmf.DetectorProbe.Hit;
import com.callbasis.recorder.codec.Decoders;
import com.callbasis.recorder.codec.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InbandDtmfDetectorTest {
    private static final String ALL = "0123456789*#ABCD";
    private static final Path PROMPTS = Path.of("../basis-policy/src/main/resources/com/callbasis/policy/prompts");

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void allSixteenDigits(int rate) {
        assertThat(DetectorProbe.digits(rate, ToneGenerator.at(rate).digits(ALL))).isEqualTo(ALL);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void anyChunkSizeGivesTheSameResult(int rate) {
        short[] pcm = ToneGenerator.at(rate).digits("159#");
        List<Hit> whole = DetectorProbe.detect(rate, pcm, pcm.length);
        for (int chunk : new int[] {1, 7, 20, 160, 960, 1001}) {
            assertThat(DetectorProbe.detect(rate, pcm, chunk)).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void frequencyDeviationOfOneAndAHalfPercentIsAcceptedThreeAndAHalfRejected(int rate) {
        ToneGenerator g = ToneGenerator.at(rate);
        for (double pct : new double[] {-1.5, 1.5}) {
            assertThat(DetectorProbe.digits(rate, g.offsets(pct, 0).digits(ALL))).as("low %s%%", pct).isEqualTo(ALL);
            assertThat(DetectorProbe.digits(rate, g.offsets(0, pct).digits(ALL))).as("high %s%%", pct).isEqualTo(ALL);
            assertThat(DetectorProbe.digits(rate, g.offsets(pct, pct).digits(ALL))).as("both %s%%", pct).isEqualTo(ALL);
        }
        for (double pct : new double[] {-3.5, 3.5, -5, 5}) {
            assertThat(DetectorProbe.digits(rate, g.offsets(pct, 0).digits(ALL))).as("low %s%%", pct).isEmpty();
            assertThat(DetectorProbe.digits(rate, g.offsets(0, pct).digits(ALL))).as("high %s%%", pct).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void twistOfEightDbNormalAndFourReverseIsAcceptedTenRejected(int rate) {
        ToneGenerator g = ToneGenerator.at(rate).level(-18);
        assertThat(DetectorProbe.digits(rate, g.twist(8).digits(ALL))).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, g.twist(-4).digits(ALL))).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, g.twist(10).digits(ALL))).isEmpty();
        assertThat(DetectorProbe.digits(rate, g.twist(-7).digits(ALL))).isEmpty();
        assertThat(DetectorProbe.digits(rate, g.twist(-10).digits(ALL))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void fortyMillisecondsAreAcceptedTwentyRejected(int rate) {
        ToneGenerator g = ToneGenerator.at(rate);
        assertThat(DetectorProbe.digits(rate, g.timing(40, 60).digits(ALL))).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, g.timing(20, 60).digits(ALL))).isEmpty();
        assertThat(DetectorProbe.digits(rate, g.timing(23, 60).digits(ALL))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void aFortyMillisecondPauseSeparatesTwoPressesOfOneDigitATenMillisecondDropOutDoesNot(int rate) {
        ToneGenerator g = ToneGenerator.at(rate);
        assertThat(DetectorProbe.digits(rate, g.timing(40, 40).digits("5555"))).isEqualTo("5555");
        assertThat(DetectorProbe.digits(rate, g.timing(60, 10).digits("5555"))).isEqualTo("5");
    }

    @Test
    void positionsAreThoseOfTheTone() {
        ToneGenerator g = ToneGenerator.at(8000).timing(100, 100);
        List<Hit> hits = DetectorProbe.detect(8000, g.digits("73"), 160);
        assertThat(hits).hasSize(2);
        // tones at 800..1600 and 2400..3200 samples; the detector is accurate to about half a block
        assertThat(hits.get(0).start()).isBetween(800L - 60, 800L + 60);
        assertThat(hits.get(0).end()).isBetween(1600L - 60, 1600L + 60);
        assertThat(hits.get(1).start()).isBetween(2400L - 60, 2400L + 60);
        assertThat(hits.get(1).end()).isBetween(3200L - 60, 3200L + 60);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void levelDownToMinus26Dbm0(int rate) {
        ToneGenerator g = ToneGenerator.at(rate);
        assertThat(DetectorProbe.digits(rate, g.level(-26).digits(ALL))).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, g.level(0).digits(ALL))).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, g.level(-40).digits(ALL))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void whiteNoiseAtFifteenDbSnr(int rate) {
        // tones at -10 dBm0 each (-7 dBm0 together), noise at -22 dBm0 over the whole band
        short[] pcm = ToneGenerator.addNoise(ToneGenerator.at(rate).digits(ALL), -22, 42);
        assertThat(DetectorProbe.digits(rate, pcm)).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(rate, ToneGenerator.addNoise(new short[rate * 10], -10, 7))).isEmpty();
    }

    @Test
    void g711EncodedAndDecodedStillDetects() {
        short[] pcm = ToneGenerator.at(8000).level(-24).twist(3).offsets(1, -1).digits(ALL);
        short[] ulaw = new short[pcm.length];
        short[] alaw = new short[pcm.length];
        byte[] u = new byte[pcm.length];
        byte[] a = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            u[i] = G711.linearToUlaw(pcm[i]);
            a[i] = G711.linearToAlaw(pcm[i]);
        }
        Decoders.pcmu().decode(u, 0, u.length, ulaw, 0);
        Decoders.pcma().decode(a, 0, a.length, alaw, 0);
        assertThat(DetectorProbe.digits(8000, ulaw)).isEqualTo(ALL);
        assertThat(DetectorProbe.digits(8000, alaw)).isEqualTo(ALL);
    }

    @Test
    void noDigitInTheShippedSpeechPrompts() throws IOException {
        List<Path> wavs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROMPTS, "*.wav")) {
            ds.forEach(wavs::add);
        }
        assertThat(wavs).hasSizeGreaterThanOrEqualTo(5);
        for (Path wav : wavs) {
            short[] pcm = readWav8kMono(wav);
            assertThat(pcm.length).as(wav.toString()).isGreaterThan(8000);
            assertThat(DetectorProbe.detect(8000, pcm, 160)).as(wav.toString()).isEmpty();
            // louder (+10 dB, clipped) and through G.711 too
            short[] loud = new short[pcm.length];
            byte[] u = new byte[pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                loud[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, pcm[i] * 3));
                u[i] = G711.linearToUlaw(loud[i]);
            }
            Decoders.pcmu().decode(u, 0, u.length, loud, 0);
            assertThat(DetectorProbe.detect(8000, loud, 160)).as(wav + " loud").isEmpty();
        }
    }

    @Test
    void noDigitInMusicLikeSignals() {
        int rate = 8000;
        Random r = new Random(3);
        double[] x = new double[rate * 60];
        int pos = 0;
        while (pos < x.length) {
            // a chord of three notes from the equal-tempered scale, each with five harmonics and vibrato
            int len = rate / 8 + r.nextInt(rate / 2);
            double[] notes = new double[3];
            for (int k = 0; k < 3; k++) {
                notes[k] = 220 * Math.pow(2, r.nextInt(30) / 12.0);
            }
            for (int i = 0; i < len && pos + i < x.length; i++) {
                double t = (double) i / rate;
                double v = 0;
                for (double f : notes) {
                    double vib = 1 + 0.004 * Math.sin(2 * Math.PI * 5.5 * t);
                    for (int h = 1; h <= 5; h++) {
                        if (f * h < rate / 2.0) {
                            v += Math.sin(2 * Math.PI * f * h * vib * t) / h;
                        }
                    }
                }
                x[pos + i] = 2500 * v * Math.min(1, i / 200.0);
            }
            pos += len;
        }
        assertThat(DetectorProbe.detect(rate, ToneGenerator.clip(x), 160)).isEmpty();
    }

    @Test
    void noDigitInSpeechLikeVowels() {
        // a glottal pulse train (pitch gliding 90-250 Hz) through formant resonators: synthetic vowels
        int rate = 8000;
        Random r = new Random(11);
        double[][] vowels = {{730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {660, 1720, 2410}, {520, 1190, 2390},
            {490, 1350, 1690}, {640, 1190, 2390}, {400, 1920, 2560}};
        List<short[]> parts = new ArrayList<>();
        for (int n = 0; n < 80; n++) {
            double[] formants = vowels[r.nextInt(vowels.length)];
            double f0 = 90 + r.nextInt(160);
            double glide = (r.nextDouble() - 0.5) * 60;
            double[] x = new double[rate / 4 + r.nextInt(rate / 4)];
            double phase = 0;
            for (int i = 0; i < x.length; i++) {
                double f = f0 + glide * i / x.length;
                phase += f / rate;
                if (phase >= 1) {
                    phase -= 1;
                    x[i] = 20000;
                }
            }
            for (double fm : formants) {
                x = resonate(x, fm, 80, rate);
            }
            parts.add(scale(x, 8000));
        }
        assertThat(DetectorProbe.detect(rate, ToneGenerator.concat(parts.toArray(short[][]::new)), 160)).isEmpty();
    }

    @Test
    void onlyTelephonyRates() {
        assertThatThrownBy(() -> new InbandDtmfDetector(44100, (d, s, e) -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHasNoDigit() {
        InbandDtmfDetector d = new InbandDtmfDetector(8000, (c, s, e) -> {});
        short[] pcm = ToneGenerator.at(8000).timing(200, 0).digits("7");
        d.process(pcm, 0, pcm.length);
        assertThat(d.toString()).doesNotContain("7").contains("inPress=true");
    }

    private static double[] resonate(double[] x, double f, double bandwidth, int rate) {
        double rr = Math.exp(-Math.PI * bandwidth / rate);
        double a1 = 2 * rr * Math.cos(2 * Math.PI * f / rate);
        double a2 = -rr * rr;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (1 - rr) * x[i] + a1 * (i > 0 ? y[i - 1] : 0) + a2 * (i > 1 ? y[i - 2] : 0);
        }
        return y;
    }

    private static short[] scale(double[] x, double peak) {
        double max = 1e-9;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * peak / max;
        }
        return ToneGenerator.clip(y);
    }

    /** A canonical 44-byte RIFF/WAVE header, checked field by field, then 16-bit little-endian samples. */
    static short[] readWav8kMono(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b, 0, 4, "US-ASCII")).isEqualTo("RIFF");
        assertThat(new String(b, 8, 8, "US-ASCII")).isEqualTo("WAVEfmt ");
        assertThat(h.getInt(16)).as("fmt size").isEqualTo(16);
        assertThat(h.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(h.getShort(22)).as("mono").isEqualTo((short) 1);
        assertThat(h.getInt(24)).as("rate").isEqualTo(8000);
        assertThat(h.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(new String(b, 36, 4, "US-ASCII")).isEqualTo("data");
        int len = Math.min(h.getInt(40), b.length - 44);
        short[] pcm = new short[len / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = h.getShort(44 + 2 * i);
        }
        return pcm;
    }
}
