package com.callbasis.recorder.codec;

import java.util.Arrays;

/**
 * What the G.722 (09/2012) SB-ADPCM encoder and decoder share, 64 kbit/s mode: the QMF coefficients, and
 * per sub-band the scale factor adaptation and the adaptive predictor (block 4). The encoder runs the same
 * adaptation as the decoder (its "local decoder", G.722 s.3.2 / s.3.3), which is why both use this class:
 * an encoder whose adaptation departed from the decoder's by one step would drift away from it.
 *
 * <p>Table values are the Recommendation's, multiplied by 8 as in its fixed-point description.
 */
final class G722Adpcm {
    /** QMF coefficients h0..h23 (s.3.1 / s.4.4, Table 11); symmetric; each half sums to 4096. */
    static final int[] QMF = {
        3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156, 12, 53,
        -11, -11, 3};
    /** Initial scale factors (DETL, DETH) after reset. */
    static final int LOW_RESET = 32;
    static final int HIGH_RESET = 8;
    /** The 4-bit inverse quantiser (ILR truncated to its 4 most significant bits) that drives adaptation. */
    private static final int[] QM4 = {
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0};
    /** 4-bit code to its magnitude interval, and the lower band's log scale factor multipliers (WL). */
    private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    /** Higher band: 2-bit inverse quantiser (x8), code to interval, and its multipliers (WH). */
    static final int[] QM2 = {-7408, -1616, 7408, 1616};
    private static final int[] RH2 = {2, 1, 2, 1};
    private static final int[] WH = {0, -214, 798};
    /** ILB: 2048 * 2^(i/32), the antilog table of the scale factor. */
    private static final int[] ILB = {
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
        3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};

    private G722Adpcm() {}

    static int saturate(int v) {
        return clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /** LIMIT: the 15-bit range of a sub-band signal. */
    static int limit(int v) {
        return clamp(v, -16384, 16383);
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    /**
     * One sub-band's adaptive state: the predictor of block 4 (two poles, six zeros) and the quantiser scale
     * factor. {@link #s} and {@link #det} are what the quantiser (encoder) or the inverse quantiser (decoder)
     * use for the current sample; {@link #updateLow} / {@link #updateHigh} then advance them by the code sent.
     */
    static final class Band {
        int s; // predictor output (SL / SH)
        int det; // quantiser scale factor (DETL / DETH)
        private int sz; // zero section output
        private int nb; // log scale factor (NBL / NBH)
        private int a1;
        private int a2;
        private final int[] b = new int[7]; // B1..B6 (index 0 unused)
        private final int[] d = new int[7]; // DLT, DLT1..DLT6
        private int r1;
        private int r2;
        private int p1;
        private int p2;

        void reset(int initialDet) {
            s = sz = nb = a1 = a2 = r1 = r2 = p1 = p2 = 0;
            det = initialDet;
            Arrays.fill(b, 0);
            Arrays.fill(d, 0);
        }

        /** Lower band after a 6-bit code: adaptation uses only its 4-bit core (embedded coding, s.3.3). */
        void updateLow(int ilr) {
            int il4 = ilr >> 2;
            int dlt = (det * QM4[il4]) >> 15; // INVQAL
            nb = clamp(((nb * 127) >> 7) + WL[RL42[il4]], 0, 18432); // LOGSCL
            det = scale(nb, 8); // SCALEL
            adapt(dlt);
        }

        /** Higher band after a 2-bit code. */
        void updateHigh(int ih) {
            int dh = (det * QM2[ih]) >> 15; // INVQAH
            nb = clamp(((nb * 127) >> 7) + WH[RH2[ih]], 0, 22528); // LOGSCH
            det = scale(nb, 10); // SCALEH
            adapt(dh);
        }

        /** SCALEL / SCALEH: scale factor from its logarithm. */
        private static int scale(int nb, int shift) {
            int wd1 = (nb >> 6) & 31;
            int wd2 = shift - (nb >> 11);
            int wd3 = wd2 < 0 ? ILB[wd1] << -wd2 : ILB[wd1] >> wd2;
            return wd3 << 2;
        }

        /** Block 4: RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC. */
        private void adapt(int dq) {
            int r = saturate(s + dq); // RECONS
            int p = saturate(sz + dq); // PARREC
            int sg0 = p >> 15;
            int sg1 = p1 >> 15;
            int sg2 = p2 >> 15;
            // UPPOL2
            int wd1 = saturate(a1 << 2);
            int wd2 = (sg0 == sg1 ? -wd1 : wd1) >> 7;
            int wd3 = sg0 == sg2 ? 128 : -128;
            int ap2 = clamp(wd2 + wd3 + ((a2 * 32512) >> 15), -12288, 12288);
            // UPPOL1
            int ap1 = (sg0 == sg1 ? 192 : -192) + ((a1 * 32640) >> 15);
            int lim = 15360 - ap2;
            ap1 = clamp(ap1, -lim, lim);
            // UPZERO
            int step = dq == 0 ? 0 : 128;
            int sgd = dq >> 15;
            for (int i = 1; i <= 6; i++) {
                int w = (d[i] >> 15) == sgd ? step : -step;
                b[i] = w + ((b[i] * 32640) >> 15);
            }
            // DELAYA
            for (int i = 6; i > 1; i--) {
                d[i] = d[i - 1];
            }
            d[1] = dq;
            a1 = ap1;
            a2 = ap2;
            r2 = r1;
            r1 = r;
            p2 = p1;
            p1 = p;
            // FILTEP, FILTEZ, PREDIC
            int sp = saturate(((a1 * saturate(r1 + r1)) >> 15) + ((a2 * saturate(r2 + r2)) >> 15));
            int z = 0;
            for (int i = 1; i <= 6; i++) {
                z += (b[i] * saturate(d[i] + d[i])) >> 15;
            }
            sz = saturate(z);
            s = saturate(sp + sz);
        }
    }
}
