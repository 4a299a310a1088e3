package com.callbasis.recorder.codec;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import org.jitsi.impl.neomedia.codec.audio.opus.Opus;

/**
 * Opus (RFC 6716, RTP payload RFC 7587) through libjitsi's JNI binding {@code opus.Opus}, which is
 * plain static natives over libopus: no FMJ/JMF. Its jar carries {@code libjnopus} for linux-x86-64
 * (and aarch64, x86, ppc64le, darwin, win32-x86-64); jitsi-utils' {@code JNIUtils} extracts it with JNA.
 *
 * <p>RFC 7587 s.7: the SDP always says {@code opus/48000/2} and the RTP clock is always 48 kHz; a
 * stereo or mono stream can be decoded to either channel count. The recorder wants one channel per
 * leg, so this decodes to mono at 48 kHz (libopus down-mixes stereo packets). Lost packets are
 * concealed by libopus' PLC ({@link #conceal}). One instance per stream; the native state is freed
 * by {@link #close()} or, failing that, when the instance becomes unreachable.
 */
final class OpusDecoder implements Decoder {
    static final int RATE = 48000;
    /** RFC 6716 s.3.2.1: at most 120 ms of audio in one packet. */
    private static final int MAX_SAMPLES = RATE * 120 / 1000;
    /** PLC works in multiples of 2.5 ms. */
    private static final int PLC_QUANTUM = RATE / 400;
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final OpusHandle handle;
    private final Cleaner.Cleanable cleanable;
    private final byte[] pcm = new byte[MAX_SAMPLES * 2];
    private boolean closed;

    /** Prototype, no native state: {@link #newInstance()} makes the decoders. */
    private final boolean prototype;

    private OpusDecoder(boolean prototype) {
        this.prototype = prototype;
        if (prototype) {
            handle = null;
            cleanable = null;
        } else {
            long h = Opus.decoder_create(RATE, 1);
            if (h == 0) {
                throw new IllegalStateException("opus_decoder_create failed");
            }
            handle = new OpusHandle(h, Opus::decoder_destroy);
            cleanable = OpusHandle.CLEANER.register(this, handle);
        }
    }

    /** The shared prototype; throws {@link LinkageError} when the natives do not load. */
    static Decoder prototype() {
        Opus.assertOpusIsFunctional();
        return new OpusDecoder(true);
    }

    @Override
    public String encoding() {
        return "opus";
    }

    @Override
    public int clockRate() {
        return RATE;
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public Decoder newInstance() {
        return new OpusDecoder(false);
    }

    /** Without the packet a length says nothing about Opus; 20 ms, the RFC 7587 default ptime. */
    @Override
    public int samples(int payloadLength) {
        return RATE / 50;
    }

    @Override
    public int samples(byte[] payload, int off, int len) {
        if (prototype || closed || len <= 0) {
            return samples(len);
        }
        int n = Opus.decoder_get_nb_samples(handle.ptr, payload, off, len);
        return n > 0 && n <= MAX_SAMPLES ? n : 0;
    }

    @Override
    public int decode(byte[] payload, int off, int len, short[] out, int outOff) {
        if (prototype || closed) {
            return 0;
        }
        int n = Opus.decode(handle.ptr, payload, off, len, pcm, 0, MAX_SAMPLES, 0);
        if (n <= 0) {
            return 0; // corrupt packet (negative libopus error): silence, never an exception
        }
        n = Math.min(n, out.length - outOff);
        copy(n, out, outOff);
        return n;
    }

    @Override
    public boolean conceal(short[] out, int outOff, int samples) {
        if (prototype || closed) {
            return false;
        }
        int done = 0;
        while (samples - done >= PLC_QUANTUM) {
            int chunk = Math.min(MAX_SAMPLES, (samples - done) / PLC_QUANTUM * PLC_QUANTUM);
            int n = Opus.decode(handle.ptr, null, 0, 0, pcm, 0, chunk, 0);
            if (n <= 0) {
                break;
            }
            copy(n, out, outOff + done);
            done += n;
        }
        java.util.Arrays.fill(out, outOff + done, outOff + samples, (short) 0);
        return true;
    }

    private void copy(int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            int a = pcm[2 * i] & 0xFF;
            int b = pcm[2 * i + 1] & 0xFF;
            out[outOff + i] = (short) (LITTLE ? (b << 8 | a) : (a << 8 | b));
        }
    }

    @Override
    public void close() {
        if (cleanable != null) {
            closed = true;
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return "opus/48000";
    }
}
