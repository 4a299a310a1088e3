package com.callbasis.recorder.codec;

import java.util.Locale;
import java.util.Optional;

/** The decoders this module has: PCMU and PCMA (G.711). G.722 and Opus come later behind {@link Decoder}. */
public final class Decoders {
    private static final Decoder PCMU = new G711Decoder("PCMU", true);
    private static final Decoder PCMA = new G711Decoder("PCMA", false);

    private Decoders() {}

    public static Decoder pcmu() {
        return PCMU;
    }

    public static Decoder pcma() {
        return PCMA;
    }

    /** RFC 3551 s.6 static payload types: 0 PCMU, 8 PCMA. */
    public static Optional<Decoder> forStaticPayloadType(int pt) {
        return switch (pt) {
            case 0 -> Optional.of(PCMU);
            case 8 -> Optional.of(PCMA);
            default -> Optional.empty();
        };
    }

    /** By SDP rtpmap encoding name and clock rate (e.g. {@code PCMA/8000}); empty when not supported. */
    public static Optional<Decoder> forEncoding(String name, int clockRate) {
        if (name == null || clockRate != 8000) {
            return Optional.empty();
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PCMU" -> Optional.of(PCMU);
            case "PCMA" -> Optional.of(PCMA);
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
