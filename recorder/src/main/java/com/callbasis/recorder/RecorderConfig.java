package com.callbasis.recorder;

import java.time.Duration;
import java.util.Objects;

/** Settings of the media-independent recorder. Immutable; checked when built. */
public final class RecorderConfig {
    private final int sampleRate;
    private final Duration reorderDepth;
    private final Duration maxGap;
    private final Duration maxAhead;
    private final double lossThreshold;
    private final boolean suppressDtmf;
    private final Duration dtmfGuard;

    private RecorderConfig(Builder b) {
        this.sampleRate = b.sampleRate;
        this.reorderDepth = b.reorderDepth;
        this.maxGap = b.maxGap;
        this.maxAhead = b.maxAhead;
        this.lossThreshold = b.lossThreshold;
        this.suppressDtmf = b.suppressDtmf;
        this.dtmfGuard = b.dtmfGuard;
    }

    public static RecorderConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().sampleRate(sampleRate).reorderDepth(reorderDepth).maxGap(maxGap).maxAhead(maxAhead)
                .lossThreshold(lossThreshold).suppressDtmf(suppressDtmf).dtmfGuard(dtmfGuard);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public Duration reorderDepth() {
        return reorderDepth;
    }

    public Duration maxGap() {
        return maxGap;
    }

    public Duration maxAhead() {
        return maxAhead;
    }

    public double lossThreshold() {
        return lossThreshold;
    }

    public boolean suppressDtmf() {
        return suppressDtmf;
    }

    public Duration dtmfGuard() {
        return dtmfGuard;
    }

    /** Converts a duration to samples at the recording rate. */
    public long samples(Duration d) {
        return d.toNanos() * sampleRate / 1_000_000_000L;
    }

    @Override
    public String toString() {
        return "RecorderConfig[rate=" + sampleRate + ", reorderDepth=" + reorderDepth + ", maxGap=" + maxGap
                + ", maxAhead=" + maxAhead + ", lossThreshold=" + lossThreshold + ", suppressDtmf=" + suppressDtmf
                + ", dtmfGuard=" + dtmfGuard + "]";
    }

    public static final class Builder {
        private int sampleRate = 8000;
        private Duration reorderDepth = Duration.ofMillis(60);
        private Duration maxGap = Duration.ofSeconds(5);
        private Duration maxAhead = Duration.ofSeconds(1);
        private double lossThreshold = 0.01;
        private boolean suppressDtmf;
        private Duration dtmfGuard = Duration.ofMillis(40);

        private Builder() {}

        /**
         * The one output rate of the recording (8000..48000 Hz). Each leg's decoded audio is resampled
         * to it, so a recording has one rate even when the legs use different codecs or a re-INVITE
         * changes one. The gateway sets it, at answer time, to the highest audio rate negotiated on
         * either leg (8000 for G.711 only, 16000 when G.722 is in the answer, 48000 with Opus), so
         * nothing is lost; a codec renegotiated later to a higher rate is down-sampled to this one.
         * Default 8000.
         */
        public Builder sampleRate(int rate) {
            this.sampleRate = rate;
            return this;
        }

        /**
         * How long a packet may wait for the ones before it. Audio is written this far behind real time;
         * a packet arriving later than that after a newer one is counted late and dropped. 60 ms covers
         * the reordering of ordinary networks at the cost of 60 ms of latency in the recorder only (the
         * relay forwards without waiting).
         */
        public Builder reorderDepth(Duration d) {
            this.reorderDepth = Objects.requireNonNull(d);
            return this;
        }

        /**
         * The largest forward timestamp jump (silence suppression, hold with a running clock) that is
         * filled with silence at the sender's timing. A larger jump, or a jump backwards, re-aligns the
         * leg by arrival time instead, so a broken sender cannot stretch the recording.
         */
        public Builder maxGap(Duration d) {
            this.maxGap = Objects.requireNonNull(d);
            return this;
        }

        /**
         * How far a packet's timestamp may place it ahead of its arrival time before the leg is
         * re-aligned by arrival (a sender clock running fast, or a jump inside {@link #maxGap}
         * that is not matched by time passing). Bounds the reorder buffer.
         */
        public Builder maxAhead(Duration d) {
            this.maxAhead = Objects.requireNonNull(d);
            return this;
        }

        /** Loss ratio ((lost + late) / expected) above which a leg's recording is flagged. */
        public Builder lossThreshold(double t) {
            this.lossThreshold = t;
            return this;
        }

        /**
         * The {@code suppress_dtmf} obligation: silence both channels while a DTMF event is in
         * progress (in-band tones and echo on the other leg leak the digits).
         */
        public Builder suppressDtmf(boolean on) {
            this.suppressDtmf = on;
            return this;
        }

        /** Extra silence before and after each suppressed DTMF event, for tone onset and echo tails. */
        public Builder dtmfGuard(Duration d) {
            this.dtmfGuard = Objects.requireNonNull(d);
            return this;
        }

        public RecorderConfig build() {
            if (sampleRate < 8000 || sampleRate > 48000) {
                throw new IllegalArgumentException("sampleRate " + sampleRate + " outside 8000..48000");
            }
            if (reorderDepth.isNegative() || reorderDepth.compareTo(Duration.ofSeconds(2)) > 0) {
                throw new IllegalArgumentException("reorderDepth " + reorderDepth + " outside 0..2 s");
            }
            if (maxGap.isNegative() || maxGap.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("maxGap " + maxGap + " outside 0..10 min");
            }
            if (maxAhead.compareTo(reorderDepth) < 0 || maxAhead.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("maxAhead " + maxAhead + " must be in reorderDepth..30 s");
            }
            if (!(lossThreshold >= 0 && lossThreshold <= 1)) {
                throw new IllegalArgumentException("lossThreshold " + lossThreshold + " outside 0..1");
            }
            if (dtmfGuard.isNegative() || dtmfGuard.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("dtmfGuard " + dtmfGuard + " outside 0..1 s");
            }
            return new RecorderConfig(this);
        }
    }
}
