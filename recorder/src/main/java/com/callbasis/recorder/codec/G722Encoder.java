package com.callbasis.recorder.codec;

import java.util.Arrays;

/**
 * ITU-T G.722 (09/2012) SB-ADPCM encoder, 64 kbit/s (mode 1), written here from the Recommendation as the
 * counterpart of {@link G722Decoder} (libjitsi's G.722 needs JMF and natives its jar lacks, see there).
 *
 * <p>Structure (G.722 s.3): the transmit QMF splits each pair of 16 kHz samples into one lower and one
 * higher sub-band sample at 8 kHz; the lower band is quantised to 6 bits (ILR) against the adaptive
 * predictor's estimate, the higher band to 2 bits (IH); each band's scale factor and predictor then adapt
 * exactly as in the decoder ({@link G722Adpcm.Band}), the lower band from the 4-bit core of its code only,
 * so a decoder that drops the two least significant bits (56 kbit/s) stays in step. Each octet is
 * {@code IH << 6 | ILR}, as RFC 3551 s.4.5.2 sends it. One instance per stream.
 */
final class G722Encoder {
    /**
     * Lower band decision levels (6-bit quantiser, mode 1), in units of DETL / 4096: the magnitude
     * |EL| < Q6[m] * DETL / 4096 lies in interval m (1..29), otherwise in interval 30.
     */
    private static final int[] Q6 = {
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219,
        1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
    /** Higher band decision level, in units of DETH / 4096. */
    private static final int Q2 = 564;
    /** Higher band: code of the small and the large interval for each sign. */
    private static final int[] IH_NEGATIVE = {0, 1, 0};
    private static final int[] IH_POSITIVE = {0, 3, 2};

    private final G722Adpcm.Band low = new G722Adpcm.Band();
    private final G722Adpcm.Band high = new G722Adpcm.Band();
    /** Transmit QMF delay line, newest first: xin(j), xin(j-1), ..., xin(j-23). */
    private final int[] x = new int[24];

    G722Encoder() {
        reset();
    }

    void reset() {
        low.reset(G722Adpcm.LOW_RESET);
        high.reset(G722Adpcm.HIGH_RESET);
        Arrays.fill(x, 0);
    }

    /** Octets that {@code samples} 16 kHz samples make (one per pair; an odd last sample is paired with 0). */
    static int octets(int samples) {
        return (samples + 1) / 2;
    }

    /** Encodes {@code n} 16 kHz samples of {@code pcm} from {@code off}; returns the octets written to {@code out}. */
    int encode(short[] pcm, int off, int n, byte[] out, int outOff) {
        int o = outOff;
        for (int i = 0; i < n; i += 2) {
            int first = pcm[off + i];
            int second = i + 1 < n ? pcm[off + i + 1] : 0;
            out[o++] = encodePair(first, second);
        }
        return o - outOff;
    }

    private byte encodePair(int first, int second) {
        // Transmit QMF (s.3.1): XA = sum h(2i) xin(j-2i), XB = sum h(2i+1) xin(j-2i-1), XL = XA + XB, XH = XA - XB.
        System.arraycopy(x, 0, x, 2, 22);
        x[1] = first;
        x[0] = second;
        int xa = 0;
        int xb = 0;
        for (int i = 0; i < 12; i++) {
            xa += G722Adpcm.QMF[2 * i] * x[2 * i];
            xb += G722Adpcm.QMF[2 * i + 1] * x[2 * i + 1];
        }
        // Taps sum to 8192 (2^13) and the bands carry the input at 15 bits, as the decoder expects: >> 14.
        int xl = G722Adpcm.limit((xa + xb) >> 14);
        int xh = G722Adpcm.limit((xa - xb) >> 14);
        int ilr = quantiseLow(G722Adpcm.saturate(xl - low.s));
        int ih = quantiseHigh(G722Adpcm.saturate(xh - high.s));
        low.updateLow(ilr);
        high.updateHigh(ih);
        return (byte) (ih << 6 | ilr);
    }

    /** QUANTL: the 6-bit code of the lower band's prediction error. */
    private int quantiseLow(int el) {
        int magnitude = el >= 0 ? el : -(el + 1);
        int m = 1;
        while (m < 30 && magnitude >= (Q6[m] * low.det) >> 12) {
            m++;
        }
        // Interval m (1 = smallest) to its code: positive 61, 60, ..., 32; negative 63, 62, 31, 30, ..., 4.
        if (el >= 0) {
            return 62 - m;
        }
        return m <= 2 ? 64 - m : 34 - m;
    }

    /** QUANTH: the 2-bit code of the higher band's prediction error. */
    private int quantiseHigh(int eh) {
        int magnitude = eh >= 0 ? eh : -(eh + 1);
        int m = magnitude >= (Q2 * high.det) >> 12 ? 2 : 1;
        return eh >= 0 ? IH_POSITIVE[m] : IH_NEGATIVE[m];
    }
}
