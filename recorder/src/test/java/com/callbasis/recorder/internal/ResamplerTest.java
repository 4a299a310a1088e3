package com.callbasis.recorder.internal;

import static com.callbasis.recorder.Fixtures.goertzel;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static short[] tone(double hz, double amp, int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Feeds 20 ms blocks as the recorder does; asserts every block's length. */
    private static short[] run(Resampler r, short[] in, int inRate, int outRate) {
        int block = inRate / 50;
        int outBlock = outRate / 50;
        short[] out = new short[in.length / block * outBlock];
        short[] buf = new short[block];
        short[] o = new short[r.outputLength(block) + 1];
        for (int b = 0; b < in.length / block; b++) {
            System.arraycopy(in, b * block, buf, 0, block);
            assertThat(r.outputLength(block)).isEqualTo(outBlock);
            int m = r.process(buf, block, o);
            assertThat(m).isEqualTo(outBlock);
            System.arraycopy(o, 0, out, b * outBlock, m);
        }
        return out;
    }

    private static double amplitude(short[] x, int from, int n, double hz, int rate) {
        return 2 * Math.sqrt(goertzel(x, from, n, hz, rate));
    }

    @ParameterizedTest
    @CsvSource({"8000,16000", "8000,48000", "16000,48000", "16000,8000", "48000,8000", "48000,16000", "8000,8000"})
    void oneKilohertzKeepsFrequencyAmplitudeAndLength(int in, int out) {
        Resampler r = new Resampler(in, out);
        short[] x = tone(1000, 10000, in, in); // 1 s
        short[] y = run(r, x, in, out);
        assertThat(y).hasSize(out); // exactly 1 s
        int from = out / 10;
        int n = out / 2;
        assertThat(amplitude(y, from, n, 1000, out)).isCloseTo(10000, Percentage.withPercentage(1));
        // images (up) and aliases (down) of the tone stay 60 dB below it
        for (double f : new double[] {in - 1000, out - 1000, 2000, 3000}) {
            if (f > 0 && f < out / 2.0 && f != 1000) {
                assertThat(amplitude(y, from, n, f, out)).as("%s Hz", f).isLessThan(10);
            }
        }
        assertThat(r.delayMillis()).isLessThan(2.5);
    }

    @Test
    void delayIsConstantAndAsStated() {
        Resampler r = new Resampler(8000, 48000);
        short[] x = tone(1000, 10000, 8000, 8000);
        short[] y = run(r, x, 8000, 48000);
        // compare with the ideal 48 kHz tone delayed by delayMillis: residual well below the signal
        double delay = r.delayMillis() / 1000;
        double err = 0;
        for (int i = 4800; i < 43200; i++) {
            double ideal = 10000 * Math.sin(2 * Math.PI * 1000 * (i / 48000.0 - delay));
            err = Math.max(err, Math.abs(y[i] - ideal));
        }
        assertThat(err).isLessThan(40);
    }

    @Test
    void downSamplingRemovesWhatTheLowerRateCannotCarry() {
        Resampler r = new Resampler(48000, 8000);
        short[] x = tone(6000, 10000, 48000, 48000); // would alias to 2 kHz
        short[] y = run(r, x, 48000, 8000);
        assertThat(amplitude(y, 800, 4000, 2000, 8000)).isLessThan(10);
    }

    @Test
    void resetClearsHistoryAndChunkingDoesNotMatter() {
        short[] x = tone(700, 8000, 16000, 1600);
        Resampler whole = new Resampler(16000, 48000);
        short[] a = new short[whole.outputLength(1600)];
        assertThat(whole.process(x, 1600, a)).isEqualTo(4800);
        Resampler parts = new Resampler(16000, 48000);
        short[] b = run(parts, x, 16000, 48000);
        assertThat(b).containsExactly(a);
        parts.reset();
        short[] c = run(parts, x, 16000, 48000);
        assertThat(c).containsExactly(a);
    }

    @Test
    void nonIntegerRatio() {
        Resampler r = new Resampler(48000, 32000);
        short[] x = tone(1000, 10000, 48000, 48000);
        short[] out = new short[32000 + 2];
        int total = 0;
        short[] buf = new short[960];
        for (int b = 0; b < 50; b++) {
            System.arraycopy(x, b * 960, buf, 0, 960);
            total += r.process(buf, 960, java.util.Arrays.copyOfRange(out, 0, 700));
        }
        assertThat(total).isEqualTo(32000);
    }

    @ParameterizedTest
    @CsvSource({"8000,16000", "8000,48000", "16000,48000", "16000,8000", "48000,8000", "48000,16000", "8000,8000"})
    void wholeSignalsComeOutWithoutDelayAndWhole(int in, int out) {
        short[] x = tone(1000, 10000, in, in + 7); // 1 s and a bit: lengths need not be whole blocks
        short[] y = Resampler.resampleWhole(x, in, out);
        assertThat(y).hasSize((int) Math.ceil((in + 7) * (double) out / in));
        short[] expected = tone(1000, 10000, out, y.length);
        // In phase with the same tone made at the output rate: the filter's delay is taken out.
        double xy = 0;
        double xx = 0;
        double err = 0;
        for (int i = out / 10; i < out * 9 / 10; i++) {
            xy += (double) y[i] * expected[i];
            xx += (double) expected[i] * expected[i];
            err += Math.pow(y[i] - expected[i], 2);
        }
        assertThat(xy / xx).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(10 * Math.log10(xx / err)).as("SNR dB").isGreaterThan(in == out ? 200 : 30);
        // The last input sample is still in the output: its impulse response is not cut off.
        short[] click = new short[in / 10];
        click[click.length - 1] = 20000;
        short[] z = Resampler.resampleWhole(click, in, out);
        int peak = 0;
        for (int i = 0; i < z.length; i++) {
            peak = Math.abs(z[i]) > Math.abs(z[peak]) ? i : peak;
        }
        assertThat(peak).isBetween(z.length - 1 - out / in, z.length - 1);
    }
}
