package com.callbasis.recorder.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * The decoders this module has: PCMU and PCMA (G.711, {@link G711}), G.722 (written here from ITU-T
 * G.722) and Opus (libjitsi's JNI binding to libopus, when its natives load on this platform).
 * Stateful decoders returned here are prototypes: the recorder takes one {@link Decoder#newInstance()}
 * per stream, so one {@link com.callbasis.recorder.PayloadTypes} may serve both legs.
 */
public final class Decoders {
    private static final Decoder PCMU = new G711Decoder("PCMU", true);
    private static final Decoder PCMA = new G711Decoder("PCMA", false);
    private static final Decoder G722 = new G722Decoder();

    private Decoders() {}

    /** Holds the Opus prototype, or why there is none; loads the natives once, on first use. */
    private static final class OpusHolder {
        static final Decoder OPUS;
        static final Throwable FAILURE;

        static {
            Decoder d = null;
            Throwable f = null;
            try {
                d = OpusDecoder.prototype();
            } catch (LinkageError | RuntimeException e) {
                f = e; // no natives for this platform, or jitsi-utils/JNA missing: Opus stays unsupported
            }
            OPUS = d;
            FAILURE = f;
        }
    }

    public static Decoder pcmu() {
        return PCMU;
    }

    public static Decoder pcma() {
        return PCMA;
    }

    /**
     * G.722 at 64 kbit/s: 16 kHz audio, RTP clock 8000 (RFC 3551 s.4.5.2), static payload type 9.
     * A prototype; the recorder decodes each stream with its own {@link Decoder#newInstance()}.
     */
    public static Decoder g722() {
        return G722;
    }

    /** Whether Opus can be decoded here (libjitsi's {@code libjnopus} loaded for this platform). */
    public static boolean opusAvailable() {
        return OpusHolder.OPUS != null;
    }

    /**
     * Opus, decoded to mono at 48 kHz with libopus' packet loss concealment (RFC 7587: RTP clock 48000).
     *
     * @throws IllegalStateException when the natives did not load here ({@link #opusAvailable()})
     */
    public static Decoder opus() {
        if (OpusHolder.OPUS == null) {
            throw new IllegalStateException("Opus natives not available on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch"), OpusHolder.FAILURE);
        }
        return OpusHolder.OPUS;
    }

    /** RFC 3551 s.6 static payload types: 0 PCMU, 8 PCMA, 9 G722. */
    public static Optional<Decoder> forStaticPayloadType(int pt) {
        return switch (pt) {
            case 0 -> Optional.of(PCMU);
            case 8 -> Optional.of(PCMA);
            case 9 -> Optional.of(G722);
            default -> Optional.empty();
        };
    }

    /** By SDP rtpmap encoding name and clock rate (e.g. {@code PCMA/8000}), one channel; see {@link #forRtpmap}. */
    public static Optional<Decoder> forEncoding(String name, int clockRate) {
        return forRtpmap(name, clockRate, 1);
    }

    /**
     * The decoder for an SDP {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]} (RFC 4566 s.6),
     * e.g. {@code ("opus", 48000, 2)} or {@code ("G722", 8000, 1)}; names are case-insensitive (RFC 4855
     * s.3). Empty when this module cannot decode it: another codec, another clock rate than the payload
     * format's registration, more than one channel for the telephony codecs, or Opus without its natives.
     * {@code telephone-event} is not audio and is also empty here (see {@code PayloadTypes.Builder.rtpmap}).
     */
    public static Optional<Decoder> forRtpmap(String encoding, int clockRate, int channels) {
        if (encoding == null) {
            return Optional.empty();
        }
        String name = encoding.toUpperCase(Locale.ROOT);
        if (name.equals("OPUS")) {
            // RFC 7587 s.7: always opus/48000/2 whatever the sender sends (some write opus/48000); decoded to mono.
            return clockRate == 48000 && (channels == 1 || channels == 2) && opusAvailable() ? Optional.of(OpusHolder.OPUS)
                    : Optional.empty();
        }
        if (clockRate != 8000 || channels != 1) {
            return Optional.empty();
        }
        return switch (name) {
            case "PCMU" -> Optional.of(PCMU);
            case "PCMA" -> Optional.of(PCMA);
            case "G722" -> Optional.of(G722);
            default -> Optional.empty();
        };
    }

    /** One byte per sample at 8 kHz; stateless, so one shared instance per law. */
    private static final class G711Decoder implements Decoder {
        private final String name;
        private final boolean ulaw;

        G711Decoder(String name, boolean ulaw) {
            this.name = name;
            this.ulaw = ulaw;
        }

        @Override
        public String encoding() {
            return name;
        }

        @Override
        public int clockRate() {
            return 8000;
        }

        @Override
        public int sampleRate() {
            return 8000;
        }

        @Override
        public int samples(int payloadLength) {
            return payloadLength;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] out, int outOff) {
            if (ulaw) {
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = G711.ulawToLinear(payload[off + i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = G711.alawToLinear(payload[off + i]);
                }
            }
            return len;
        }

        @Override
        public String toString() {
            return name + "/8000";
        }
    }
}
