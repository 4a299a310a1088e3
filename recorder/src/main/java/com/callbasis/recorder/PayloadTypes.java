package com.callbasis.recorder;

import com.callbasis.recorder.codec.Decoder;
import com.callbasis.recorder.codec.Decoders;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload types negotiated for one leg (SDP offer/answer, RFC 3264): which decoder each audio
 * type uses and which types carry RFC 4733 telephone-events. Immutable; a re-INVITE that changes the
 * codecs hands the recorder a new instance.
 */
public final class PayloadTypes {
    private static final PayloadTypes G711_STATIC = builder().audio(0, Decoders.pcmu()).audio(8, Decoders.pcma()).build();

    private final Decoder[] audio;
    private final boolean[] telephoneEvent;

    private PayloadTypes(Builder b) {
        this.audio = b.audio.clone();
        this.telephoneEvent = b.telephoneEvent.clone();
    }

    /** PT 0 PCMU and PT 8 PCMA (RFC 3551), no telephone-event. */
    public static PayloadTypes g711Static() {
        return G711_STATIC;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The decoder for {@code pt}, or null when it is neither an audio type this leg negotiated nor
     * G.711's static type (0 PCMU, 8 PCMA: RFC 3551 fixes them, so no SDP is needed to decode them).
     * The static fallback matters at a codec change: the far end may send PCMA before the re-INVITE's
     * answer has reached the recorder, and those packets were lost from the recording.
     */
    public Decoder audio(int pt) {
        if (pt < 0 || pt >= 128) {
            return null;
        }
        Decoder d = audio[pt];
        if (d == null && !telephoneEvent[pt] && (pt == 0 || pt == 8)) {
            return G711_STATIC.audio[pt];
        }
        return d;
    }

    /** The highest audio rate any negotiated decoder produces (the recording rate for this leg). */
    public int maxSampleRate() {
        int max = 0;
        for (Decoder d : audio) {
            if (d != null) {
                max = Math.max(max, d.sampleRate());
            }
        }
        return max;
    }

    public boolean isTelephoneEvent(int pt) {
        return pt >= 0 && pt < 128 && telephoneEvent[pt];
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PayloadTypes[");
        for (int i = 0; i < 128; i++) {
            if (audio[i] != null) {
                s.append(i).append('=').append(audio[i].encoding()).append(' ');
            } else if (telephoneEvent[i]) {
                s.append(i).append("=telephone-event ");
            }
        }
        return s.toString().strip() + "]";
    }

    public static final class Builder {
        private final Decoder[] audio = new Decoder[128];
        private final boolean[] telephoneEvent = new boolean[128];

        private Builder() {}

        public Builder audio(int pt, Decoder decoder) {
            check(pt);
            audio[pt] = Objects.requireNonNull(decoder);
            telephoneEvent[pt] = false;
            return this;
        }

        /**
         * Maps a payload type from its SDP {@code a=rtpmap} (dynamic types 96-127, or a static type whose
         * rtpmap is given): {@code telephone-event} at any clock rate becomes an event type, a codec this
         * module decodes ({@link Decoders#forRtpmap}) an audio type. Anything else is left unmapped and
         * its packets are counted as unsupported; returns whether the type was mapped.
         */
        public boolean rtpmap(int pt, String encoding, int clockRate, int channels) {
            check(pt);
            if ("telephone-event".equalsIgnoreCase(encoding)) {
                telephoneEvent(pt);
                return true;
            }
            Optional<Decoder> d = Decoders.forRtpmap(encoding, clockRate, channels);
            d.ifPresent(decoder -> audio(pt, decoder));
            return d.isPresent();
        }

        /** A payload type negotiated as {@code telephone-event/8000} (RFC 4733 s.7.1.1). */
        public Builder telephoneEvent(int pt) {
            check(pt);
            telephoneEvent[pt] = true;
            audio[pt] = null;
            return this;
        }

        private static void check(int pt) {
            if (pt < 0 || pt > 127 || (pt >= 72 && pt <= 76)) {
                throw new IllegalArgumentException("payload type " + pt + " is not usable for RTP");
            }
        }

        public PayloadTypes build() {
            if (Arrays.stream(audio).noneMatch(Objects::nonNull)) {
                throw new IllegalStateException("no audio payload type");
            }
            return new PayloadTypes(this);
        }
    }
}
