package com.callbasis.gateway.dtmf;

import java.util.Objects;

/**
 * Finds DTMF key presses (ITU-T Q.23 frequencies) in 16-bit linear PCM, with the acceptance limits of
 * ITU-T Q.24 as common receivers apply them. Feed it chunks of any length; it reports each press once,
 * when it has ended, with its first and last sample position (counted from the first sample fed).
 *
 * <p>How: the audio is cut into Hann-windowed blocks of 102 samples at 8 kHz (12.75 ms; 204 at 16 kHz,
 * 612 at 48 kHz, so the frequency resolution is the same at every rate), one block every half block.
 * Each block is correlated with the eight Q.23 frequencies and with the second harmonics of the four
 * high-group ones. A block is a <em>hit</em> for a digit when
 * <ul>
 *   <li>the strongest low-group and high-group tones together carry at least {@value #TONE_SHARE_PERCENT}%
 *       of the block's energy (speech and music spread theirs; two clean tones do not),</li>
 *   <li>their combined level is at least {@value #MIN_LEVEL_DBM0} dBm0 (Q.24 receivers accept
 *       -26 dBm0 a tone, and usually a few dB below),</li>
 *   <li>the twist is within limits: the low-group tone at most {@value #NORMAL_TWIST_DB} dB above the
 *       high-group one ("normal" twist, a line attenuates high frequencies) and at most
 *       {@value #REVERSE_TWIST_DB} dB below it ("reverse"),</li>
 *   <li>the second harmonic of the high-group tone is at least {@value #HARMONIC_DB} dB below it
 *       (voiced speech has harmonics, a DTMF generator does not). The low group is not checked: its
 *       second harmonics (1394-1882 Hz) lie within a bin or two of the high-group tones.</li>
 * </ul>
 * A press starts after {@value #START_HITS} consecutive hits for one digit (30-32 ms of tone: a 40 ms
 * tone always gets there, a 20 ms tone never does), provided that the frequency of both tones, measured
 * from the phase advance of their correlations from block to block, is within {@value #FREQ_TOLERANCE_PERCENT}%
 * of nominal: Q.24 asks for 1.5% to be accepted and 3.5% to be rejected. It ends after
 * {@value #END_MISSES} consecutive blocks that are not hits for it (about 32 ms: a 40 ms pause separates
 * two presses of one digit, a drop-out of 10 ms does not), or when another digit starts.
 *
 * <p>Not thread-safe: one instance per audio stream, fed from one thread at a time. It keeps no record
 * of past digits and does not log.
 */
public final class InbandDtmfDetector {
    /** Receives each press once, after it ended. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param digit one of {@code 0-9 * # A-D}
         * @param startSample position of the first sample of the press (approximate: within half a block)
         * @param endSample position just after its last sample (approximate: within half a block)
         */
        void onDigit(char digit, long startSample, long endSample);
    }

    static final int TONE_SHARE_PERCENT = 85;
    static final double MIN_LEVEL_DBM0 = -32;
    static final double NORMAL_TWIST_DB = 9;
    static final double REVERSE_TWIST_DB = 5;
    static final double HARMONIC_DB = 20;
    static final int START_HITS = 4;
    static final int END_MISSES = 4;
    static final double FREQ_TOLERANCE_PERCENT = 2.5;

    /** Q.23 low group (rows) then high group (columns), Hz. */
    private static final double[] FREQS = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D";
    /** Amplitude of a sine at 0 dBm0 in 16-bit PCM: G.711's maximum is +3.14 dBm0 (ITU-T G.711, G.168). */
    static final double DBM0_AMPLITUDE = 32768 * Math.pow(10, -3.14 / 20);
    private static final int BLOCK_8K = 102;

    private final int sampleRate;
    private final int block;
    private final int hop;
    private final float[] buffer;
    private int filled;
    private long position; // sample position of buffer[0]
    /** [freq][n]: window * cos and window * -sin, for the 8 tones and the 4 high-group second harmonics. */
    private final float[][] cos;
    private final float[][] sin;
    private final float[] windowSquared;
    private final double windowSquares;
    private final double minPower;
    private final double[] re = new double[12];
    private final double[] im = new double[12];
    private final double[] prevRe = new double[8];
    private final double[] prevIm = new double[8];
    private final double[] phaseNominal = new double[8];
    private final Listener listener;

    // the run of hits being counted
    private int candidate = -1;
    private int hits;
    private long candidateStart;
    private double rowProdRe, rowProdIm, colProdRe, colProdIm;
    private boolean candidateRejected;
    // the press in progress
    private int current = -1;
    private long currentStart;
    private long currentEnd;
    private int misses;

    /**
     * @param sampleRate 8000, 16000 or 48000 (the decoders' rates: G.711, G.722, Opus)
     * @throws IllegalArgumentException for any other rate
     */
    public InbandDtmfDetector(int sampleRate, Listener listener) {
        if (sampleRate != 8000 && sampleRate != 16000 && sampleRate != 48000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " is not 8000, 16000 or 48000");
        }
        this.listener = Objects.requireNonNull(listener);
        this.sampleRate = sampleRate;
        this.block = BLOCK_8K * (sampleRate / 8000);
        this.hop = block / 2;
        this.buffer = new float[block];
        double[] window = new double[block];
        double sum = 0;
        double squares = 0;
        for (int n = 0; n < block; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (n + 0.5) / block);
            sum += window[n];
            squares += window[n] * window[n];
        }
        this.windowSquares = squares;
        this.windowSquared = new float[block];
        for (int n = 0; n < block; n++) {
            windowSquared[n] = (float) (window[n] * window[n]);
        }
        this.cos = new float[12][block];
        this.sin = new float[12][block];
        for (int f = 0; f < 12; f++) {
            double hz = f < 8 ? FREQS[f] : 2 * FREQS[f - 4];
            double w = 2 * Math.PI * hz / sampleRate;
            for (int n = 0; n < block; n++) {
                cos[f][n] = (float) (window[n] * Math.cos(w * n) * 2 / sum);
                sin[f][n] = (float) (-window[n] * Math.sin(w * n) * 2 / sum);
            }
            if (f < 8) {
                phaseNominal[f] = w * hop;
            }
        }
        // with the 2/sum scaling, |X|^2 is the squared amplitude of a tone at the frequency; power A^2/2
        double minAmplitude = DBM0_AMPLITUDE * Math.pow(10, MIN_LEVEL_DBM0 / 20);
        this.minPower = minAmplitude * minAmplitude / 2;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Samples fed so far. */
    public long samples() {
        return position + filled;
    }

    /** Feeds {@code len} samples of {@code pcm} from {@code off}. */
    public void process(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        int i = off;
        int end = off + len;
        while (i < end) {
            int n = Math.min(end - i, block - filled);
            for (int k = 0; k < n; k++) {
                buffer[filled + k] = pcm[i + k];
            }
            filled += n;
            i += n;
            if (filled == block) {
                analyse();
                System.arraycopy(buffer, hop, buffer, 0, block - hop);
                filled = block - hop;
                position += hop;
            }
        }
    }

    /** End of the stream: reports a press still in progress (the audio stopped during a tone). */
    public void flush() {
        if (current >= 0) {
            listener.onDigit(KEYS.charAt(current), currentStart, currentEnd - hop / 2);
        }
        current = -1;
        candidate = -1;
        hits = 0;
        misses = 0;
    }

    private void analyse() {
        for (int f = 0; f < 12; f++) {
            float[] c = cos[f];
            float[] s = sin[f];
            double r = 0;
            double q = 0;
            for (int n = 0; n < block; n++) {
                r += buffer[n] * c[n];
                q += buffer[n] * s[n];
            }
            re[f] = r;
            im[f] = q;
        }
        int digit = classify();
        track(digit);
        for (int f = 0; f < 8; f++) {
            prevRe[f] = re[f];
            prevIm[f] = im[f];
        }
    }

    private double power(int f) {
        return (re[f] * re[f] + im[f] * im[f]) / 2;
    }

    /** The digit this block is a hit for, or -1. */
    private int classify() {
        int row = 0;
        int col = 4;
        for (int f = 1; f < 4; f++) {
            if (power(f) > power(row)) {
                row = f;
            }
        }
        for (int f = 5; f < 8; f++) {
            if (power(f) > power(col)) {
                col = f;
            }
        }
        double rowPower = power(row);
        double colPower = power(col);
        if (rowPower + colPower < minPower) {
            return -1;
        }
        // the block's mean power, as the window weights it; a tone's power A^2/2 is estimated the same way
        double blockPower = windowedPower();
        if (rowPower + colPower < blockPower * TONE_SHARE_PERCENT / 100.0) {
            return -1;
        }
        if (rowPower > colPower * db(NORMAL_TWIST_DB) || colPower > rowPower * db(REVERSE_TWIST_DB)) {
            return -1;
        }
        if (power(col + 4) * db(HARMONIC_DB) > colPower) {
            return -1;
        }
        return row * 4 + (col - 4);
    }


    /** The block's mean power as the window weighs it: sum (w x)^2 / sum w^2 (A^2/2 for a sine of amplitude A). */
    private double windowedPower() {
        double s = 0;
        for (int n = 0; n < block; n++) {
            s += windowSquared[n] * buffer[n] * buffer[n];
        }
        return s / windowSquares;
    }

    private static double db(double db) {
        return Math.pow(10, db / 10);
    }

    private void track(int digit) {
        long blockStart = position;
        long blockEnd = position + block;
        if (digit >= 0 && digit == candidate) {
            hits++;
            int row = digit / 4;
            int col = 4 + digit % 4;
            rowProdRe += re[row] * prevRe[row] + im[row] * prevIm[row];
            rowProdIm += im[row] * prevRe[row] - re[row] * prevIm[row];
            colProdRe += re[col] * prevRe[col] + im[col] * prevIm[col];
            colProdIm += im[col] * prevRe[col] - re[col] * prevIm[col];
        } else if (digit >= 0) {
            candidate = digit;
            hits = 1;
            candidateStart = blockStart;
            rowProdRe = rowProdIm = colProdRe = colProdIm = 0;
            candidateRejected = false;
        } else {
            candidate = -1;
            hits = 0;
        }
        if (current >= 0 && digit == current) {
            misses = 0;
            currentEnd = blockEnd;
            return;
        }
        if (current >= 0) {
            misses++;
        }
        if (candidate >= 0 && candidate != current && hits == START_HITS && !candidateRejected) {
            if (frequenciesWithinTolerance(candidate)) {
                if (current >= 0) {
                    listener.onDigit(KEYS.charAt(current), currentStart, currentEnd - hop / 2);
                }
                current = candidate;
                // the first hit block is partly before the tone: its centre is a fair start estimate
                currentStart = candidateStart + hop / 2;
                currentEnd = blockEnd;
                misses = 0;
                return;
            }
            candidateRejected = true;
        }
        if (current >= 0 && misses >= END_MISSES) {
            listener.onDigit(KEYS.charAt(current), currentStart, currentEnd - hop / 2);
            current = -1;
            misses = 0;
        }
    }

    private boolean frequenciesWithinTolerance(int digit) {
        int row = digit / 4;
        int col = 4 + digit % 4;
        return deviation(row, rowProdRe, rowProdIm) <= FREQ_TOLERANCE_PERCENT / 100
                && deviation(col, colProdRe, colProdIm) <= FREQ_TOLERANCE_PERCENT / 100;
    }

    /** |f - f0| / f0 from the mean phase advance over one hop (unambiguous within +-hop's Nyquist, 78 Hz). */
    private double deviation(int f, double prodRe, double prodIm) {
        double advance = Math.atan2(prodIm, prodRe);
        double offset = advance - phaseNominal[f];
        offset = Math.IEEEremainder(offset, 2 * Math.PI);
        double hz = offset * sampleRate / (2 * Math.PI * hop);
        return Math.abs(hz) / FREQS[f];
    }

    /** State only, never a digit. */
    @Override
    public String toString() {
        return "InbandDtmfDetector[rate=" + sampleRate + ", samples=" + samples() + ", inPress=" + (current >= 0) + "]";
    }
}
