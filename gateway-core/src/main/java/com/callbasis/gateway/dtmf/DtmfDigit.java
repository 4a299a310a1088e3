package com.callbasis.gateway.dtmf;

import java.util.Objects;

/**
 * One key press: the digit, where it came from and when it ended ({@link System#nanoTime()} scale).
 * Digits may be card numbers: {@link #toString()} does not print the digit, and nothing in this
 * package logs it.
 */
public final class DtmfDigit {
    private static final String DIGITS = "0123456789*#ABCD";

    private final char digit;
    private final DtmfSource source;
    private final long endNanos;

    /**
     * @throws IllegalArgumentException when {@code digit} is not one of {@code 0-9 * # A-D}
     */
    public DtmfDigit(char digit, DtmfSource source, long endNanos) {
        if (!isDigit(digit)) {
            throw new IllegalArgumentException("not a DTMF digit");
        }
        this.digit = digit;
        this.source = Objects.requireNonNull(source);
        this.endNanos = endNanos;
    }

    /** One of {@code 0-9 * # A-D} (upper case). */
    public char digit() {
        return digit;
    }

    public DtmfSource source() {
        return source;
    }

    /** When the press ended, on the {@link System#nanoTime()} scale of the caller. */
    public long endNanos() {
        return endNanos;
    }

    /** Whether {@code c} is one of the sixteen DTMF symbols {@code 0-9 * # A-D} (upper case only). */
    public static boolean isDigit(char c) {
        return DIGITS.indexOf(c) >= 0;
    }

    /**
     * The digit of an RFC 4733 s.3.2 event code (0-9, 10 {@code *}, 11 {@code #}, 12-15 {@code A-D}),
     * or 0 for any other code.
     */
    public static char ofEventCode(int code) {
        return code >= 0 && code < DIGITS.length() ? DIGITS.charAt(code) : 0;
    }

    /** The RFC 4733 s.3.2 event code of a digit, or -1. */
    public static int eventCode(char digit) {
        return DIGITS.indexOf(digit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtmfDigit d && d.digit == digit && d.source == source && d.endNanos == endNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(digit, source, endNanos);
    }

    /** Source and time only: the digit is personal data (it may be part of a card number). */
    @Override
    public String toString() {
        return "DtmfDigit[source=" + source + ", endNanos=" + endNanos + "]";
    }
}
