package com.callbasis.recorder.internal;

/**
 * Streaming rational resampler (in → out = L/M after reducing by the gcd): a polyphase windowed-sinc
 * low-pass filter (Kaiser window, beta 7, about 70 dB stop band; cut-off at 45 % of the lower rate; 16
 * zero crossings each side).
 *
 * <p>Why this and not linear interpolation: linear interpolation leaves images of the speech band
 * (8 → 16 kHz puts a mirror of 0-4 kHz at 4-8 kHz, audible as hiss) and aliases when going down
 * (48 → 8 kHz folds everything above 4 kHz into the band). A windowed sinc removes both at a cost of
 * at most about 210 multiply-adds per output sample (48 → 8 kHz), which is small next to decoding.
 *
 * <p>The filter is causal: output lags input by a constant {@link #delayMillis()} (about 2.2 ms
 * whatever the rates), negligible against network delay. Each phase is normalised to unity DC gain,
 * so amplitudes are kept. History carries from one call of {@link #process} to the next; {@link #reset}
 * clears it where the input is not continuous (loss, new source, codec change). Not thread-safe.
 *
 * <p>Public only for {@link #resampleWhole}, which {@code codec.PromptTranscoder} uses; not API.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final double CUTOFF = 0.45;
    private static final double BETA = 7.0;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int taps;
    private final float[][] phases;
    private final float[] history;
    private float[] work = new float[0];
    private long t;

    Resampler(int inRate, int outRate) {
        this(inRate, outRate, false);
    }

    /**
     * With {@code wholeCentre} the prototype's centre is put on a whole sample of the common rate (one tap
     * more on one side, where the window is near zero), so that {@link #resampleWhole} can take the delay
     * out exactly; otherwise the filter is symmetric and its centre may fall between two samples.
     */
    private Resampler(int inRate, int outRate, boolean wholeCentre) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        if (up == 1 && down == 1) {
            taps = 1;
            phases = new float[][] {{1f}};
        } else {
            // Prototype at the common rate in*up; sinc period in its samples is up/(2*CUTOFF) (up-sampling)
            // or down/(2*CUTOFF) (down-sampling), i.e. relative to the lower of the two rates.
            double period = Math.max(up, down) / (2 * CUTOFF);
            int half = (int) Math.ceil(ZERO_CROSSINGS * period);
            taps = (2 * half + up) / up;
            int n = taps * up;
            double centre = wholeCentre ? Math.floor((n - 1) / 2.0) : (n - 1) / 2.0;
            double i0beta = bessel0(BETA);
            phases = new float[up][taps];
            for (int p = 0; p < up; p++) {
                double sum = 0;
                double[] c = new double[taps];
                for (int j = 0; j < taps; j++) {
                    int k = p + j * up;
                    double x = (k - centre) / period;
                    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                    double r = (k - centre) / (centre + 1);
                    double w = bessel0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
                    c[j] = sinc * w;
                    sum += c[j];
                }
                for (int j = 0; j < taps; j++) {
                    phases[p][j] = (float) (c[j] / sum);
                }
            }
        }
        this.history = new float[taps - 1];
    }

    int inRate() {
        return inRate;
    }

    int outRate() {
        return outRate;
    }

    /** Group delay of the filter, in milliseconds of audio. */
    double delayMillis() {
        return (taps * up - 1) / 2.0 / ((double) inRate * up) * 1000;
    }

    /** Output samples that {@code n} more input samples yield (exact when n is a multiple of the reduced ratio). */
    int outputLength(int n) {
        long end = (long) n * up;
        return (int) Math.max(0, (end - t + down - 1) / down);
    }

    /**
     * Resamples a whole signal with the delay taken out: output sample k stands for input time
     * k / outRate exactly, and the output is
     * ceil(n * outRate / inRate) samples long, so nothing of the end is cut off. Samples before the first
     * and after the last are taken as silence. For audio known in advance (prompts), not streams.
     */
    public static short[] resampleWhole(short[] in, int inRate, int outRate) {
        Resampler r = new Resampler(inRate, outRate, true);
        int n = in.length;
        int length = (int) (((long) n * outRate + inRate - 1) / inRate);
        if (r.up == 1 && r.down == 1) {
            return in.clone();
        }
        // Start the output clock at the filter's centre, and feed enough silence after the end to reach it.
        long centre = (r.taps * r.up - 1) / 2;
        r.t = centre;
        int pad = (int) (centre / r.up) + 2;
        short[] padded = java.util.Arrays.copyOf(in, n + pad);
        short[] out = new short[r.outputLength(padded.length) + 1];
        int made = r.process(padded, padded.length, out);
        return java.util.Arrays.copyOf(out, Math.min(made, length));
    }

    void reset() {
        java.util.Arrays.fill(history, 0f);
        t = 0;
    }

    /** Resamples {@code in[0, n)} into {@code out} (room for {@link #outputLength}); returns the samples written. */
    int process(short[] in, int n, short[] out) {
        if (up == 1 && down == 1) {
            System.arraycopy(in, 0, out, 0, n);
            return n;
        }
        int h = history.length;
        if (work.length < h + n) {
            work = new float[h + n];
        }
        System.arraycopy(history, 0, work, 0, h);
        for (int i = 0; i < n; i++) {
            work[h + i] = in[i];
        }
        int o = 0;
        long end = (long) n * up;
        while (t < end) {
            int i = (int) (t / up);
            float[] c = phases[(int) (t % up)];
            double acc = 0;
            int base = h + i;
            for (int j = 0; j < taps; j++) {
                acc += c[j] * work[base - j];
            }
            long v = Math.round(acc);
            out[o++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            t += down;
        }
        t -= end;
        System.arraycopy(work, n, history, 0, h);
        return o;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Modified Bessel function of the first kind, order 0 (power series), for the Kaiser window. */
    private static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
