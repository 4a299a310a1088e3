package com.callbasis.recorder.codec;

/**
 * ITU-T G.711 (11/1988) mu-law and A-law, implemented here rather than taken from libjitsi.
 *
 * <p>Why not libjitsi: its G.711 classes ({@code org.jitsi.impl.neomedia.codec.audio.ulaw.JavaDecoder},
 * {@code alaw.JavaEncoder}) extend FMJ/JMF's {@code com.ibm.media.codec.audio.AudioCodec} and work on
 * {@code javax.media.Buffer}s, so they need the desktop media stack the parent pom excludes, and the
 * jar has no A-law decoder of its own (it relied on JMF's). Twenty lines of table arithmetic are
 * cheaper than that stack.
 *
 * <p>The arithmetic is the classic public-domain reference (Sun Microsystems {@code g711.c}), which
 * reproduces the G.711 tables 1a/1b (mu-law) and 2a/2b (A-law) with their even-bit inversion (A-law,
 * XOR 0x55) and all-bit inversion (mu-law). Decoding is by 256-entry tables built from it at class
 * load; the tests check the tables against values of the Recommendation.
 */
public final class G711 {
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];
    private static final int[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    private static final int BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = (short) ulawFormula(i);
            ALAW[i] = (short) alawFormula(i);
        }
    }

    private G711() {}

    /** mu-law code (0..255) to linear 16-bit PCM. */
    public static short ulawToLinear(int code) {
        return ULAW[code & 0xFF];
    }

    /** A-law code (0..255) to linear 16-bit PCM. */
    public static short alawToLinear(int code) {
        return ALAW[code & 0xFF];
    }

    private static int ulawFormula(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? BIAS - t : t - BIAS;
    }

    private static int alawFormula(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** Linear 16-bit PCM to a mu-law code. */
    public static byte linearToUlaw(int pcm) {
        int v = clamp(pcm) >> 2;
        int mask;
        if (v < 0) {
            v = -v;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (v > ULAW_CLIP) {
            v = ULAW_CLIP;
        }
        v += BIAS >> 2;
        int seg = segment(v, SEG_UEND);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int u = (seg << 4) | ((v >> (seg + 1)) & 0x0F);
        return (byte) (u ^ mask);
    }

    /** Linear 16-bit PCM to an A-law code. */
    public static byte linearToAlaw(int pcm) {
        int v = clamp(pcm) >> 3;
        int mask;
        if (v >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            v = -v - 1;
        }
        int seg = segment(v, SEG_AEND);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int a = seg << 4;
        a |= seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
        return (byte) (a ^ mask);
    }

    private static int clamp(int pcm) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, pcm));
    }

    private static int segment(int v, int[] ends) {
        for (int i = 0; i < ends.length; i++) {
            if (v <= ends[i]) {
                return i;
            }
        }
        return ends.length;
    }
}
