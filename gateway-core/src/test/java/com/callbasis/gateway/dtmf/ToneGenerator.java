package com.callbasis.gateway.dtmf;

import java.util.Arrays;
import java.util.Random;

/**
 * Writes DTMF tones (ITU-T Q.23) as 16-bit PCM for tests: any rate, level in dBm0 per tone, a
 * frequency offset per group, twist, tone and pause durations. Immutable settings, copied by the
 * {@code with...} methods.
 */
final class ToneGenerator {
    private static final String KEYS = "123A456B789C*0#D";
    private static final double[] LOW = {697, 770, 852, 941};
    private static final double[] HIGH = {1209, 1336, 1477, 1633};

    private final int rate;
    private final double levelDbm0;
    private final double lowOffsetPercent;
    private final double highOffsetPercent;
    private final double twistDb;
    private final int toneMillis;
    private final int pauseMillis;

    private ToneGenerator(int rate, double levelDbm0, double lowOffsetPercent, double highOffsetPercent, double twistDb,
            int toneMillis, int pauseMillis) {
        this.rate = rate;
        this.levelDbm0 = levelDbm0;
        this.lowOffsetPercent = lowOffsetPercent;
        this.highOffsetPercent = highOffsetPercent;
        this.twistDb = twistDb;
        this.toneMillis = toneMillis;
        this.pauseMillis = pauseMillis;
    }

    /** -10 dBm0 a tone, exact frequencies, no twist, 80 ms tones, 80 ms pauses. */
    static ToneGenerator at(int rate) {
        return new ToneGenerator(rate, -10, 0, 0, 0, 80, 80);
    }

    /** Level of the high-group tone; the low-group tone is {@link #twist} dB above it. */
    ToneGenerator level(double dbm0) {
        return new ToneGenerator(rate, dbm0, lowOffsetPercent, highOffsetPercent, twistDb, toneMillis, pauseMillis);
    }

    ToneGenerator offsets(double lowPercent, double highPercent) {
        return new ToneGenerator(rate, levelDbm0, lowPercent, highPercent, twistDb, toneMillis, pauseMillis);
    }

    /** Low-group level minus high-group level: positive is "normal" twist, negative "reverse". */
    ToneGenerator twist(double db) {
        return new ToneGenerator(rate, levelDbm0, lowOffsetPercent, highOffsetPercent, db, toneMillis, pauseMillis);
    }

    ToneGenerator timing(int toneMs, int pauseMs) {
        return new ToneGenerator(rate, levelDbm0, lowOffsetPercent, highOffsetPercent, twistDb, toneMs, pauseMs);
    }

    int rate() {
        return rate;
    }

    static double amplitude(double dbm0) {
        return InbandDtmfDetector.DBM0_AMPLITUDE * Math.pow(10, dbm0 / 20);
    }

    /** The digits, each a tone followed by a pause, after a leading pause; clipped to 16 bits. */
    short[] digits(String digits) {
        double[] out = new double[samples(pauseMillis) + digits.length() * (samples(toneMillis) + samples(pauseMillis))];
        int pos = samples(pauseMillis);
        for (char c : digits.toCharArray()) {
            int k = KEYS.indexOf(c);
            if (k < 0) {
                throw new IllegalArgumentException("not a DTMF digit");
            }
            double fl = LOW[k / 4] * (1 + lowOffsetPercent / 100);
            double fh = HIGH[k % 4] * (1 + highOffsetPercent / 100);
            double ah = amplitude(levelDbm0);
            double al = amplitude(levelDbm0 + twistDb);
            int n = samples(toneMillis);
            double phase = pos * 0.37; // not aligned with anything
            for (int i = 0; i < n; i++) {
                out[pos + i] += al * Math.sin(2 * Math.PI * fl * i / rate + phase)
                        + ah * Math.sin(2 * Math.PI * fh * i / rate + 2 * phase);
            }
            pos += n + samples(pauseMillis);
        }
        return clip(out);
    }

    int samples(int millis) {
        return (int) ((long) millis * rate / 1000);
    }

    static short[] clip(double[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(x[i])));
        }
        return s;
    }

    /** Adds white Gaussian noise at {@code dbm0} (its power, over the whole band). */
    static short[] addNoise(short[] pcm, double dbm0, long seed) {
        Random r = new Random(seed);
        double sigma = amplitude(dbm0) / Math.sqrt(2);
        double[] x = new double[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            x[i] = pcm[i] + sigma * r.nextGaussian();
        }
        return clip(x);
    }

    static short[] concat(short[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int pos = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
