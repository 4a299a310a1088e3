package com.callbasis.recorder.codec;

/**
 * ITU-T G.722 (09/2012) SB-ADPCM decoder, 64 kbit/s (mode 1), the only mode RTP uses (RFC 3551
 * s.4.5.2: one octet per pair of 16 kHz samples, RTP clock 8000 "by an error in RFC 1890").
 *
 * <p>Written here from the Recommendation because libjitsi's G.722 cannot run without JMF: its
 * {@code g722.JNIDecoderImpl} is an FMJ {@code AbstractCodec2} and calls a class
 * ({@code g722.JNIDecoder}) and native functions ({@code g722_decoder_*}) that the published jar does
 * not contain (see docs/recorder.md).
 *
 * <p>Structure (G.722 s.4): each octet carries a 6-bit lower sub-band code (ILR) and a 2-bit higher
 * sub-band code (IH); each sub-band is an ADPCM decoder (inverse adaptive quantiser, logarithmic scale
 * factor, pole-zero predictor of block 4); the receive QMF combines the two 8 kHz bands into two 16 kHz
 * samples. Table values are the Recommendation's, multiplied by 8 as in its fixed-point description.
 * One instance per stream: the state carries from octet to octet.
 */
final class G722Decoder implements Decoder {
    /** Table 6/G.722 inverse quantiser outputs for the 6-bit code (mode 1), x8, indexed by ILR. */
    private static final int[] QM6 = {
        -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360,
        -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688,
        -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856,
        7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432,
        136, -432, -136};
    /** The 4-bit inverse quantiser (ILR truncated to its 4 most significant bits) that drives adaptation. */
    private static final int[] QM4 = {
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0};
    /** 4-bit code to its magnitude interval, and the lower band's log scale factor multipliers (WL). */
    private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    /** Higher band: 2-bit inverse quantiser (x8), code to interval, and its multipliers (WH). */
    private static final int[] QM2 = {-7408, -1616, 7408, 1616};
    private static final int[] RH2 = {2, 1, 2, 1};
    private static final int[] WH = {0, -214, 798};
    /** ILB: 2048 * 2^(i/32), the antilog table of the scale factor. */
    private static final int[] ILB = {
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
        3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};
    /** QMF coefficients h0..h23 (s.4.4.2 / Table 11); even taps filter XD, odd taps XS. */
    private static final int[] QMF = {
        3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156, 12, 53,
        -11, -11, 3};

    private final Band low = new Band();
    private final Band high = new Band();
    /** Receive QMF delay lines, newest first. */
    private final int[] xd = new int[12];
    private final int[] xs = new int[12];

    G722Decoder() {
        reset();
    }

    @Override
    public String encoding() {
        return "G722";
    }

    @Override
    public int clockRate() {
        return 8000;
    }

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public int samples(int payloadLength) {
        return payloadLength * 2;
    }

    @Override
    public Decoder newInstance() {
        return new G722Decoder();
    }

    @Override
    public void reset() {
        low.reset(32);
        high.reset(8);
        java.util.Arrays.fill(xd, 0);
        java.util.Arrays.fill(xs, 0);
    }

    @Override
    public int decode(byte[] payload, int off, int len, short[] out, int outOff) {
        int o = outOff;
        for (int i = 0; i < len; i++) {
            int code = payload[off + i] & 0xFF;
            int rl = lowerBand(code & 0x3F);
            int rh = higherBand(code >> 6);
            qmf(rl, rh, out, o);
            o += 2;
        }
        return o - outOff;
    }

    /** Lower sub-band: the output uses the full 6-bit code, the adaptation only its 4-bit core (embedded coding). */
    private int lowerBand(int ilr) {
        int dl = (low.det * QM6[ilr]) >> 15;
        int rl = limit(low.s + dl);
        int il4 = ilr >> 2;
        int dlt = (low.det * QM4[il4]) >> 15;
        low.nb = clamp(((low.nb * 127) >> 7) + WL[RL42[il4]], 0, 18432);
        low.det = scale(low.nb, 8);
        low.adapt(dlt);
        return rl;
    }

    private int higherBand(int ih) {
        int dh = (high.det * QM2[ih]) >> 15;
        int rh = limit(high.s + dh);
        high.nb = clamp(((high.nb * 127) >> 7) + WH[RH2[ih]], 0, 22528);
        high.det = scale(high.nb, 10);
        high.adapt(dh);
        return rh;
    }

    /** SCALEL / SCALEH: scale factor from its logarithm. */
    private static int scale(int nb, int shift) {
        int wd1 = (nb >> 6) & 31;
        int wd2 = shift - (nb >> 11);
        int wd3 = wd2 < 0 ? ILB[wd1] << -wd2 : ILB[wd1] >> wd2;
        return wd3 << 2;
    }

    /** Receive QMF: two 16 kHz samples from one lower and one higher band sample. */
    private void qmf(int rl, int rh, short[] out, int o) {
        System.arraycopy(xd, 0, xd, 1, 11);
        System.arraycopy(xs, 0, xs, 1, 11);
        xd[0] = rl - rh;
        xs[0] = rl + rh;
        int xout1 = 0;
        int xout2 = 0;
        for (int i = 0; i < 12; i++) {
            xout1 += QMF[2 * i] * xd[i];
            xout2 += QMF[2 * i + 1] * xs[i];
        }
        // The bands carry the input at 15 bits and the filters have a DC gain of 4096 (2^12): >> 11 gives 16 bits.
        out[o] = (short) saturate(xout1 >> 11);
        out[o + 1] = (short) saturate(xout2 >> 11);
    }

    private static int saturate(int v) {
        return clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    private static int limit(int v) {
        return clamp(v, -16384, 16383);
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    /** Block 4 of G.722: the adaptive pole-zero predictor of one sub-band, and its scale factor. */
    private static final class Band {
        int s; // predictor output (SL / SH)
        int sz; // zero section output
        int det; // quantiser scale factor (DETL / DETH)
        int nb; // its logarithm (NBL / NBH)
        int a1;
        int a2;
        final int[] b = new int[7]; // B1..B6 (index 0 unused)
        final int[] d = new int[7]; // DLT, DLT1..DLT6
        int r1;
        int r2;
        int p1;
        int p2;

        void reset(int initialDet) {
            s = sz = nb = a1 = a2 = r1 = r2 = p1 = p2 = 0;
            det = initialDet;
            java.util.Arrays.fill(b, 0);
            java.util.Arrays.fill(d, 0);
        }

        void adapt(int dq) {
            int r = sat16(s + dq); // RECONS
            int p = sat16(sz + dq); // PARREC
            int sg0 = p >> 15;
            int sg1 = p1 >> 15;
            int sg2 = p2 >> 15;
            // UPPOL2
            int wd1 = sat16(a1 << 2);
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
            int sp = sat16(((a1 * sat16(r1 + r1)) >> 15) + ((a2 * sat16(r2 + r2)) >> 15));
            int z = 0;
            for (int i = 1; i <= 6; i++) {
                z += (b[i] * sat16(d[i] + d[i])) >> 15;
            }
            sz = sat16(z);
            s = sat16(sp + sz);
        }

        private static int sat16(int v) {
            return clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }
}
