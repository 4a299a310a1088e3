package com.callbasis.recorder.codec;

import com.callbasis.recorder.internal.Resampler;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Encodes prompt audio (16-bit signed mono PCM at 8000, 16000 or 48000 Hz) into the RTP payloads of one
 * codec, once, at load: the gateway keeps one {@link PreparedPrompt} per prompt and codec, and the media
 * threads only send its frames.
 *
 * <ul>
 *   <li>{@code PCMU}, {@code PCMA} (RFC 3551 s.4.5.14): 8 kHz, 160 octets per 20 ms, {@link G711}.
 *   <li>{@code G722} (RFC 3551 s.4.5.2): 16 kHz audio, RTP clock 8000, 160 octets per 20 ms, 64 kbit/s,
 *       encoded here from ITU-T G.722.
 *   <li>{@code opus} (RFC 7587): 48 kHz mono, RTP clock 48000, one 20 ms frame per packet, 32 kbit/s VBR,
 *       through libopus (libjitsi's binding); only where its natives load ({@link #encodings()}).
 * </ul>
 *
 * <p>The audio is first resampled to the codec's rate with the recorder's polyphase windowed-sinc
 * filter, with its delay taken out (so 8 kHz input into Opus is not shifted). The last frame is padded with
 * silence, far enough to also carry the codec's own delay (G.722's QMF pair, Opus' look-ahead), so the
 * end of the prompt is heard whole.
 */
public final class PromptTranscoder {
    /** The sample rates prompts may come in: G.711's, G.722's and Opus'. */
    private static final Set<Integer> INPUT_RATES = Set.of(8000, 16000, 48000);
    /** G.722's delay, encoder and decoder together (the transmit and the receive QMF): 22 samples at 16 kHz. */
    static final int G722_DELAY = 22;

    private PromptTranscoder() {}

    /** The encodings {@link #prepare} accepts here, by their rtpmap names; {@code opus} only where libopus loads. */
    public static Set<String> encodings() {
        Set<String> names = new LinkedHashSet<>();
        names.add("PCMU");
        names.add("PCMA");
        names.add("G722");
        if (Decoders.opusAvailable()) {
            names.add("opus");
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Encodes {@code pcm} for {@code encoding}.
     *
     * @param pcm 16-bit signed mono samples; not kept
     * @param sampleRate 8000, 16000 or 48000
     * @param encoding an SDP rtpmap encoding name, case-insensitive (RFC 4855 s.3): PCMU, PCMA, G722, opus
     * @throws IllegalArgumentException for another encoding or sample rate
     * @throws IllegalStateException for {@code opus} where libopus' natives do not load
     */
    public static PreparedPrompt prepare(short[] pcm, int sampleRate, String encoding) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.requireNonNull(encoding, "encoding");
        if (!INPUT_RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz: prompts are 8000, 16000 or 48000");
        }
        return switch (encoding.toUpperCase(Locale.ROOT)) {
            case "PCMU" -> g711(pcm, sampleRate, true);
            case "PCMA" -> g711(pcm, sampleRate, false);
            case "G722" -> g722(pcm, sampleRate);
            case "OPUS" -> opus(pcm, sampleRate);
            default -> throw new IllegalArgumentException("no prompt encoder for " + encoding + "; have " + encodings());
        };
    }

    private static PreparedPrompt g711(short[] pcm, int sampleRate, boolean ulaw) {
        short[] audio = framed(Resampler.resampleWhole(pcm, sampleRate, 8000), 160, 0);
        byte[] data = new byte[audio.length];
        for (int i = 0; i < audio.length; i++) {
            data[i] = ulaw ? G711.linearToUlaw(audio[i]) : G711.linearToAlaw(audio[i]);
        }
        return new PreparedPrompt(ulaw ? "PCMU" : "PCMA", 8000, 8000, data, fixed(data.length, 160));
    }

    private static PreparedPrompt g722(short[] pcm, int sampleRate) {
        short[] audio = framed(Resampler.resampleWhole(pcm, sampleRate, 16000), 320, G722_DELAY);
        byte[] data = new byte[G722Encoder.octets(audio.length)];
        new G722Encoder().encode(audio, 0, audio.length, data, 0);
        return new PreparedPrompt("G722", 8000, 16000, data, fixed(data.length, 160));
    }

    private static PreparedPrompt opus(short[] pcm, int sampleRate) {
        if (!Decoders.opusAvailable()) {
            throw new IllegalStateException("Opus natives not available on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch"));
        }
        short[] audio = framed(Resampler.resampleWhole(pcm, sampleRate, OpusEncoder.RATE), OpusEncoder.FRAME,
                OpusEncoder.DELAY);
        int frames = audio.length / OpusEncoder.FRAME;
        byte[][] packets = new byte[frames][];
        int total = 0;
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int f = 0; f < frames; f++) {
                packets[f] = encoder.encode(audio, f * OpusEncoder.FRAME);
                total += packets[f].length;
            }
        }
        byte[] data = new byte[total];
        int[] offsets = new int[frames + 1];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(packets[f], 0, data, offsets[f], packets[f].length);
            offsets[f + 1] = offsets[f] + packets[f].length;
        }
        return new PreparedPrompt("opus", OpusEncoder.RATE, OpusEncoder.RATE, data, offsets);
    }

    /**
     * The audio, padded with silence to whole frames of {@code frame} samples, with at least {@code delay}
     * samples of silence after the end so that a codec lagging by that much still delivers the whole of it.
     */
    private static short[] framed(short[] audio, int frame, int delay) {
        if (audio.length == 0) {
            return audio;
        }
        int frames = (audio.length + delay + frame - 1) / frame;
        return java.util.Arrays.copyOf(audio, frames * frame);
    }

    private static int[] fixed(int length, int frameBytes) {
        int[] offsets = new int[length / frameBytes + 1];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = i * frameBytes;
        }
        return offsets;
    }
}
