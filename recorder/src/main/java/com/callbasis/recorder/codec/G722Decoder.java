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
    private final G722Adpcm.Band low = new G722Adpcm.Band();
    private final G722Adpcm.Band high = new G722Adpcm.Band();
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
        low.reset(G722Adpcm.LOW_RESET);
        high.reset(G722Adpcm.HIGH_RESET);
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
        int rl = G722Adpcm.limit(low.s + ((low.det * QM6[ilr]) >> 15));
        low.updateLow(ilr);
        return rl;
    }

    private int higherBand(int ih) {
        int rh = G722Adpcm.limit(high.s + ((high.det * G722Adpcm.QM2[ih]) >> 15));
        high.updateHigh(ih);
        return rh;
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
            xout1 += G722Adpcm.QMF[2 * i] * xd[i];
            xout2 += G722Adpcm.QMF[2 * i + 1] * xs[i];
        }
        // The bands carry the input at 15 bits and the filters have a DC gain of 4096 (2^12): >> 11 gives 16 bits.
        out[o] = (short) G722Adpcm.saturate(xout1 >> 11);
        out[o + 1] = (short) G722Adpcm.saturate(xout2 >> 11);
    }
}
