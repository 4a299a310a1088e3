package com.callbasis.gateway.dtmf;

import java.util.Locale;

/**
 * Reads the digit of an in-dialog SIP INFO request (RFC 6086). Two bodies are in use, neither with an
 * RFC of its own:
 * <ul>
 *   <li>{@code application/dtmf-relay} (Cisco and most others): lines {@code Signal=5} and
 *       {@code Duration=160} (milliseconds), keys case-insensitive, white space around {@code =}
 *       allowed, CRLF or LF. Signal is {@code 0-9 * # A-D}; some devices send the RFC 4733 event code
 *       {@code 10}-{@code 15} for {@code * # A-D}.</li>
 *   <li>{@code application/dtmf}: the body is the signal alone ({@code 5}, {@code *}).</li>
 * </ul>
 * {@link #parse} never throws: it returns either a digit or the reason it refuses the body, which
 * says what to answer ({@link Refusal#statusCode()}), so the caller can reply and count it.
 */
public final class DtmfInfo {
    /** A body is one or two short lines; more is not a DTMF INFO (RFC 6086 leaves the size to the package). */
    public static final int MAX_BODY_BYTES = 256;

    /** Why a body gives no digit. */
    public enum Refusal {
        /** Neither {@code application/dtmf-relay} nor {@code application/dtmf}: 415 Unsupported Media Type. */
        UNSUPPORTED_CONTENT_TYPE(415, "Unsupported Media Type"),
        /** Over {@link #MAX_BODY_BYTES}: 413 Request Entity Too Large (RFC 3261 s.21.4.11). */
        BODY_TOO_LARGE(413, "Request Entity Too Large"),
        /** Not text of the expected shape (no Signal line, a bad Duration, control bytes): 400. */
        MALFORMED(400, "Malformed DTMF Body"),
        /** A Signal that is not a DTMF symbol: 400. */
        BAD_SIGNAL(400, "Bad DTMF Signal");

        private final int statusCode;
        private final String reasonPhrase;

        Refusal(int statusCode, String reasonPhrase) {
            this.statusCode = statusCode;
            this.reasonPhrase = reasonPhrase;
        }

        /** The SIP status code to answer the INFO with. */
        public int statusCode() {
            return statusCode;
        }

        public String reasonPhrase() {
            return reasonPhrase;
        }
    }

    /** A digit, or a refusal. Prints neither the digit nor the body. */
    public static final class Result {
        private final char digit;
        private final int durationMillis;
        private final Refusal refusal;

        private Result(char digit, int durationMillis, Refusal refusal) {
            this.digit = digit;
            this.durationMillis = durationMillis;
            this.refusal = refusal;
        }

        public boolean isDigit() {
            return refusal == null;
        }

        /**
         * @throws IllegalStateException when this is a refusal
         */
        public char digit() {
            if (refusal != null) {
                throw new IllegalStateException("no digit: " + refusal);
            }
            return digit;
        }

        /** The Duration line's value in milliseconds, or -1 without one (and for refusals). */
        public int durationMillis() {
            return durationMillis;
        }

        /** Why there is no digit, or null when there is one. */
        public Refusal refusal() {
            return refusal;
        }

        @Override
        public String toString() {
            return refusal == null ? "DtmfInfo.Result[digit]" : "DtmfInfo.Result[" + refusal + "]";
        }
    }

    private static final Result[] REFUSALS = new Result[Refusal.values().length];

    static {
        for (Refusal r : Refusal.values()) {
            REFUSALS[r.ordinal()] = new Result((char) 0, -1, r);
        }
    }

    private DtmfInfo() {}

    /**
     * @param contentType the INFO's Content-Type header value (parameters allowed), may be null
     * @param body its body, may be null
     */
    public static Result parse(String contentType, byte[] body) {
        String type = mediaType(contentType);
        boolean relay = "application/dtmf-relay".equals(type);
        if (!relay && !"application/dtmf".equals(type)) {
            return refuse(Refusal.UNSUPPORTED_CONTENT_TYPE);
        }
        if (body == null) {
            return refuse(Refusal.MALFORMED);
        }
        if (body.length > MAX_BODY_BYTES) {
            return refuse(Refusal.BODY_TOO_LARGE);
        }
        for (byte b : body) {
            if ((b < 0x20 || b > 0x7E) && b != '\r' && b != '\n' && b != '\t') {
                return refuse(Refusal.MALFORMED);
            }
        }
        String text = new String(body, java.nio.charset.StandardCharsets.US_ASCII);
        return relay ? relay(text) : plain(text);
    }

    private static Result relay(String text) {
        String signal = null;
        int duration = -1;
        for (String line : text.split("\r?\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                return refuse(Refusal.MALFORMED);
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(eq + 1).strip();
            if (key.equals("signal")) {
                if (signal != null) {
                    return refuse(Refusal.MALFORMED);
                }
                signal = value;
            } else if (key.equals("duration")) {
                if (duration >= 0 || value.isEmpty() || value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return refuse(Refusal.MALFORMED);
                }
                duration = Integer.parseInt(value);
            }
            // other keys are ignored (some devices add their own)
        }
        if (signal == null) {
            return refuse(Refusal.MALFORMED);
        }
        return signal(signal, duration);
    }

    private static Result plain(String text) {
        String s = text.strip();
        return s.isEmpty() ? refuse(Refusal.MALFORMED) : signal(s, -1);
    }

    private static Result signal(String s, int duration) {
        char digit = 0;
        if (s.length() == 1) {
            char c = Character.toUpperCase(s.charAt(0));
            digit = DtmfDigit.isDigit(c) ? c : 0;
        } else if (s.length() == 2 && s.charAt(0) == '1' && s.charAt(1) >= '0' && s.charAt(1) <= '5') {
            digit = DtmfDigit.ofEventCode(10 + s.charAt(1) - '0');
        }
        return digit == 0 ? refuse(Refusal.BAD_SIGNAL) : new Result(digit, duration, null);
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.length() > 256) {
            return "";
        }
        int semi = contentType.indexOf(';');
        String t = semi >= 0 ? contentType.substring(0, semi) : contentType;
        return t.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    }

    private static Result refuse(Refusal r) {
        return REFUSALS[r.ordinal()];
    }
}
