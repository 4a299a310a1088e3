package com.callbasis.policy;

import java.nio.ShortBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * One language's recording of a {@link Notice}: 16-bit mono linear PCM at 8, 16 or 48 kHz, read and
 * checked when the policy was loaded ({@code docs/policy.md}, "Notices"). The SHA-256 of the file's
 * bytes is what the policy digest and every decision that names the notice carry, so an auditor can
 * tell exactly which recording a caller heard.
 */
public final class NoticeAudio {
    private final String language;
    private final String file;
    private final String sha256;
    private final int sampleRate;
    private final short[] samples;

    NoticeAudio(String language, String file, String sha256, int sampleRate, short[] samples) {
        this.language = Objects.requireNonNull(language);
        this.file = Objects.requireNonNull(file);
        this.sha256 = Objects.requireNonNull(sha256);
        this.sampleRate = sampleRate;
        this.samples = Objects.requireNonNull(samples);
    }

    /** The language this recording speaks, as the policy names it (e.g. {@code en}, {@code de}). */
    public String language() {
        return language;
    }

    /** The file name as written in the policy (relative to the policy file's directory). */
    public String file() {
        return file;
    }

    /** SHA-256 of the file's bytes, 64 lowercase hex characters. */
    public String sha256() {
        return sha256;
    }

    /** Samples per second: 8000, 16000 or 48000. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Number of samples (one channel). */
    public int sampleCount() {
        return samples.length;
    }

    /** A copy of the samples (signed 16-bit, mono). */
    public short[] samples() {
        return samples.clone();
    }

    /** A read-only view of the samples, without copying. */
    public ShortBuffer samplesView() {
        return ShortBuffer.wrap(samples).asReadOnlyBuffer();
    }

    /** How long the recording plays. */
    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / sampleRate);
    }

    @Override
    public String toString() {
        return "NoticeAudio[" + language + ", " + file + ", " + sampleRate + " Hz, " + duration() + ", sha256 " + sha256 + "]";
    }
}
