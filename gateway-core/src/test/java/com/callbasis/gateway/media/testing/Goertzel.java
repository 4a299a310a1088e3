package com.callbasis.gateway.media.testing;

/**
 * Tone detection by the Goertzel algorithm: the power of one DFT frequency in a window of samples,
 * cheaper than an FFT when only a few candidate tones matter (the fixtures' 1000 and 1400 Hz).
 *
 * <p>No window function: choose windows holding whole cycles of every candidate (at 8 kHz, 1000 and
 * 1400 Hz both fit any multiple of 40 samples, e.g. one 160-sample packet), or leakage lowers the
 * measured fraction.
 */
public final class Goertzel {
    /** {@link #contains} wants at least this share of the window's energy in the tone... */
    public static final double MIN_ENERGY_FRACTION = 0.5;
    /** ...and the tone this many times stronger than every other candidate (20 dB). */
    public static final double MIN_RATIO_TO_OTHERS = 100;

    private Goertzel() {}

    /** Squared magnitude of the DFT of {@code x[from..from+len)} at {@code hz}. */
    public static double power(short[] x, int rate, int from, int len, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + len; i++) {
            double s0 = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /**
     * The share of the window's energy at {@code hz}: about 1 for a pure tone filling the window,
     * about 0 for silence, noise or another tone. A sine of amplitude A gives power (A*len/2)^2 and
     * energy A^2*len/2, hence the factor 2/len.
     */
    public static double energyFraction(short[] x, int rate, int from, int len, double hz) {
        double energy = 0;
        for (int i = from; i < from + len; i++) {
            energy += (double) x[i] * x[i];
        }
        return energy == 0 ? 0 : 2 * power(x, rate, from, len, hz) / (len * energy);
    }

    /** The candidate frequency with the most power in the window. */
    public static double dominantTone(short[] x, int rate, int from, int len, double[] candidates) {
        double best = candidates[0];
        double bestPower = -1;
        for (double hz : candidates) {
            double p = power(x, rate, from, len, hz);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }

    /**
     * Whether the window holds {@code hz}: at least {@link #MIN_ENERGY_FRACTION} of its energy is
     * there and its power is {@link #MIN_RATIO_TO_OTHERS} times each of {@code others}'. Silence
     * does not contain any tone.
     */
    public static boolean contains(short[] x, int rate, int from, int len, double hz, double... others) {
        if (energyFraction(x, rate, from, len, hz) < MIN_ENERGY_FRACTION) {
            return false;
        }
        double p = power(x, rate, from, len, hz);
        for (double other : others) {
            if (p < MIN_RATIO_TO_OTHERS * power(x, rate, from, len, other)) {
                return false;
            }
        }
        return true;
    }
}
