package com.callbasis.gateway.dtmf;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Merges the digits of one leg from its three sources (in-band tones, RFC 4733 events, SIP INFO) into
 * one stream of presses, in the order they are offered.
 *
 * <p>Duplicates: some gateways send a press both as RFC 4733 events and as tones left in the audio, and
 * some phones repeat an INFO. A digit counts once when the same digit was accepted within
 * {@link Config#duplicateWindow()} from a source that had not reported it yet, or from SIP INFO again
 * (INFO carries no press identity, so two INFOs for one digit that close together are taken as one
 * press). The in-band detector and the RFC 4733 reader already tell presses of their own source apart,
 * so two presses of one digit from one of them are two presses however close.
 *
 * <p>Rate: a token bucket lets {@link Config#maxDigitsPerSecond()} presses through a second (a person
 * manages about ten); beyond that they are dropped and counted. Duplicate detection looks at the last
 * eight accepted presses only, so neither memory nor time grows with a storm.
 *
 * <p>Thread-safe: the audio tap and the SIP stack offer from their own threads. The sink is called
 * under the collector's lock, in order; it must return quickly and must not call back into the
 * collector.
 */
public final class DigitCollector {
    /** Immutable settings, checked when built. */
    public static final class Config {
        private final Duration duplicateWindow;
        private final int maxDigitsPerSecond;

        private Config(Duration duplicateWindow, int maxDigitsPerSecond) {
            this.duplicateWindow = duplicateWindow;
            this.maxDigitsPerSecond = maxDigitsPerSecond;
        }

        /** 120 ms, 20 digits a second. */
        public static Config defaults() {
            return new Config(Duration.ofMillis(120), 20);
        }

        /**
         * How far apart the end times of one press may be as reported by two sources (the RFC 4733 end
         * packet and the end of the tone, with jitter), or by two INFOs for it. Two real presses of one
         * digit are at least 80 ms apart (40 ms tone, 40 ms pause, ITU-T Q.24) and in practice 150 ms
         * or more. 1 ms to 1 s.
         */
        public Config withDuplicateWindow(Duration window) {
            if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("duplicate window must be 1 ms to 1 s");
            }
            return new Config(window, maxDigitsPerSecond);
        }

        /**
         * Presses accepted per second (and in one burst); more are dropped. Bounds the work a digit storm
         * (a broken gateway, or an attack through INFO) causes downstream. 1 to 1000.
         */
        public Config withMaxDigitsPerSecond(int max) {
            if (max < 1 || max > 1000) {
                throw new IllegalArgumentException("max digits per second must be 1 to 1000");
            }
            return new Config(duplicateWindow, max);
        }

        public Duration duplicateWindow() {
            return duplicateWindow;
        }

        public int maxDigitsPerSecond() {
            return maxDigitsPerSecond;
        }

        @Override
        public String toString() {
            return "DigitCollector.Config[duplicateWindow=" + duplicateWindow + ", maxDigitsPerSecond=" + maxDigitsPerSecond + "]";
        }
    }

    /** What became of an offered digit. */
    public enum Outcome { ACCEPTED, DUPLICATE, DROPPED }

    private static final int RECENT = 8;

    private final long windowNanos;
    private final int rate;
    private final Consumer<DtmfDigit> sink;
    private final char[] recentDigit = new char[RECENT];
    private final long[] recentEnd = new long[RECENT];
    private final int[] recentSources = new int[RECENT];
    private int recentCount;
    private int recentNext;
    private double tokens;
    private long tokensAt;
    private boolean started;
    private long accepted;
    private long duplicates;
    private long dropped;

    public DigitCollector(Config config, Consumer<DtmfDigit> sink) {
        this.windowNanos = config.duplicateWindow().toNanos();
        this.rate = config.maxDigitsPerSecond();
        this.sink = Objects.requireNonNull(sink);
        this.tokens = rate;
    }

    /** Offers a digit from any source; the sink gets it when it is {@link Outcome#ACCEPTED}. */
    public synchronized Outcome offer(DtmfDigit digit) {
        long t = digit.endNanos();
        int bit = 1 << digit.source().ordinal();
        for (int i = 0; i < recentCount; i++) {
            if (recentDigit[i] == digit.digit() && Math.abs(t - recentEnd[i]) <= windowNanos
                    && ((recentSources[i] & bit) == 0 || digit.source() == DtmfSource.SIP_INFO)) {
                recentSources[i] |= bit;
                duplicates++;
                return Outcome.DUPLICATE;
            }
        }
        refill(t);
        if (tokens < 1) {
            dropped++;
            return Outcome.DROPPED;
        }
        tokens -= 1;
        recentDigit[recentNext] = digit.digit();
        recentEnd[recentNext] = t;
        recentSources[recentNext] = bit;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(recentCount + 1, RECENT);
        accepted++;
        sink.accept(digit);
        return Outcome.ACCEPTED;
    }

    private void refill(long now) {
        if (!started) {
            started = true;
            tokensAt = now;
            return;
        }
        long elapsed = now - tokensAt;
        if (elapsed > 0) {
            tokens = Math.min(rate, tokens + elapsed * 1e-9 * rate);
            tokensAt = now;
        }
    }

    public synchronized long accepted() {
        return accepted;
    }

    /** Digits counted once already (the same press from another source, or a repeated INFO). */
    public synchronized long duplicates() {
        return duplicates;
    }

    /** Digits dropped by the rate limit. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Counts only, never a digit. */
    @Override
    public synchronized String toString() {
        return "DigitCollector[accepted=" + accepted + ", duplicates=" + duplicates + ", dropped=" + dropped + "]";
    }
}
