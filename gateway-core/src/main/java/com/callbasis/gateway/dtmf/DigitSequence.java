package com.callbasis.gateway.dtmf;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A key sequence that means something during a call, such as the in-call withdrawal of consent
 * ({@link #DEFAULT_WITHDRAWAL}, "*9"). Immutable and checked when made: 1 to {@value #MAX_LENGTH} of
 * {@code 0-9 * # A-D}. {@link #matcher} follows the presses of one leg.
 */
public final class DigitSequence {
    /** The default withdrawal sequence: star, then nine. */
    public static final String DEFAULT_WITHDRAWAL = "*9";
    /** Longer sequences are not something a caller types from a spoken prompt. */
    public static final int MAX_LENGTH = 8;
    /** Default for {@link #matcher()}: the time a caller takes between the keys of a short code. */
    public static final Duration DEFAULT_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(3);

    private final String digits;

    private DigitSequence(String digits) {
        this.digits = digits;
    }

    /**
     * @param digits e.g. {@code "*9"}; lower-case {@code a-d} are taken as {@code A-D}
     * @throws IllegalArgumentException when empty, longer than {@value #MAX_LENGTH} or not DTMF symbols
     */
    public static DigitSequence of(String digits) {
        Objects.requireNonNull(digits);
        if (digits.isEmpty() || digits.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a digit sequence has 1 to " + MAX_LENGTH + " digits");
        }
        StringBuilder s = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = Character.toUpperCase(digits.charAt(i));
            if (!DtmfDigit.isDigit(c)) {
                throw new IllegalArgumentException("a digit sequence has only 0-9 * # A-D (position " + i + ")");
            }
            s.append(c);
        }
        return new DigitSequence(s.toString());
    }

    public static DigitSequence defaultWithdrawal() {
        return of(DEFAULT_WITHDRAWAL);
    }

    public int length() {
        return digits.length();
    }

    /** A matcher with the {@link #DEFAULT_INTER_DIGIT_TIMEOUT}. */
    public Matcher matcher() {
        return matcher(DEFAULT_INTER_DIGIT_TIMEOUT);
    }

    /**
     * @param interDigitTimeout the longest time between the ends of two consecutive presses of the
     *     sequence; positive
     */
    public Matcher matcher(Duration interDigitTimeout) {
        if (interDigitTimeout.isNegative() || interDigitTimeout.isZero()) {
            throw new IllegalArgumentException("inter-digit timeout must be positive");
        }
        return new Matcher(interDigitTimeout.toNanos());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigitSequence d && d.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    /** The length only (a configured sequence is no secret, but this package prints no digits). */
    @Override
    public String toString() {
        return "DigitSequence[length=" + digits.length() + "]";
    }

    /**
     * Follows presses and reports when the last {@link #length()} of them spell the sequence, each
     * within the timeout of the one before. Keeps at most the sequence's length of presses. Not
     * thread-safe: feed it from the collector's sink.
     */
    public final class Matcher {
        private final long timeoutNanos;
        private final char[] last = new char[digits.length()];
        private int count;
        private long lastEnd;

        private Matcher(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        /**
         * One press; returns the end time of its last digit when the sequence is complete (and starts
         * over), else empty.
         */
        public OptionalLong press(char digit, long endNanos) {
            if (count > 0 && endNanos - lastEnd > timeoutNanos) {
                count = 0;
            }
            lastEnd = endNanos;
            if (count == last.length) {
                System.arraycopy(last, 1, last, 0, last.length - 1);
                count--;
            }
            last[count++] = digit;
            if (count == last.length && digits.contentEquals(new StringBuilder(last.length).append(last))) {
                count = 0;
                return OptionalLong.of(endNanos);
            }
            return OptionalLong.empty();
        }

        public OptionalLong press(DtmfDigit digit) {
            return press(digit.digit(), digit.endNanos());
        }

        public void reset() {
            count = 0;
        }

        @Override
        public String toString() {
            return "DigitSequence.Matcher[length=" + last.length + ", pending=" + count + "]";
        }
    }
}
