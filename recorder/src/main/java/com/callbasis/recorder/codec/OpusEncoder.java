package com.callbasis.recorder.codec;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import org.jitsi.impl.neomedia.codec.audio.opus.Opus;

/**
 * Opus encoder (RFC 6716) through libjitsi's JNI binding {@code opus.Opus}, the counterpart of
 * {@link OpusDecoder}: 48 kHz mono, 20 ms frames. libjitsi's {@code encoder_create} always makes an
 * {@code OPUS_APPLICATION_VOIP} encoder (its C source passes the constant), which is what spoken prompts want.
 *
 * <p>Settings: {@link #BITRATE} variable bit rate (libopus' default, constrained), complexity 10 (prompts
 * are encoded once, at load, so the slowest and best search costs nothing at call time), no DTX (every
 * 20 ms frame is a packet, so the sender's timing stays that of the frames), no in-band FEC (it would
 * take bits from the audio for a redundancy only a lossy path needs). RFC 7587 s.7: a mono stream is
 * valid for {@code opus/48000/2}; receivers decode it to whatever channel count they want.
 *
 * <p>The native state is freed by {@link #close()} or, failing that, when the instance becomes unreachable.
 */
final class OpusEncoder implements AutoCloseable {
    static final int RATE = 48000;
    /** 20 ms at 48 kHz. */
    static final int FRAME = RATE / 50;
    /** 32 kbit/s: fullband speech that libopus rates transparent-ish for voice, a tenth of G.711's 64. */
    static final int BITRATE = 32000;
    /**
     * libopus' algorithmic delay at 48 kHz, application VOIP: 2.5 ms look-ahead + 4 ms delay compensation
     * (the decoder's pre-skip, 312 samples). Decoded audio lags the input by this much.
     */
    static final int DELAY = 312;
    private static final int COMPLEXITY = 10;
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final OpusHandle handle;
    private final Cleaner.Cleanable cleanable;
    private final byte[] pcm = new byte[FRAME * 2];
    private final byte[] packet = new byte[Opus.MAX_PACKET];
    private boolean closed;

    /** @throws LinkageError when the natives do not load here; IllegalStateException when libopus refuses */
    OpusEncoder() {
        Opus.assertOpusIsFunctional();
        long h = Opus.encoder_create(RATE, 1);
        if (h == 0) {
            throw new IllegalStateException("opus_encoder_create failed");
        }
        handle = new OpusHandle(h, Opus::encoder_destroy);
        cleanable = OpusHandle.CLEANER.register(this, handle);
        check(Opus.encoder_set_bitrate(h, BITRATE), "bitrate");
        check(Opus.encoder_set_complexity(h, COMPLEXITY), "complexity");
        check(Opus.encoder_set_dtx(h, 0), "dtx");
        check(Opus.encoder_set_inband_fec(h, 0), "inband_fec");
        check(Opus.encoder_set_force_channels(h, 1), "force_channels");
    }

    private void check(int result, String what) {
        if (result != Opus.OPUS_OK) {
            close();
            throw new IllegalStateException("opus_encoder_ctl " + what + " failed: " + result);
        }
    }

    /** Encodes one 20 ms frame ({@link #FRAME} samples of {@code in} from {@code off}) into a new packet. */
    byte[] encode(short[] in, int off) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        for (int i = 0; i < FRAME; i++) {
            int v = in[off + i];
            int lo = LITTLE ? 2 * i : 2 * i + 1;
            pcm[lo] = (byte) v;
            pcm[lo ^ 1] = (byte) (v >> 8);
        }
        int n = Opus.encode(handle.ptr, pcm, 0, FRAME, packet, 0, packet.length);
        if (n <= 0) {
            throw new IllegalStateException("opus_encode failed: " + n);
        }
        return java.util.Arrays.copyOf(packet, n);
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}
