package com.callbasis.gateway.sip.message;

import java.util.regex.Pattern;

/**
 * The CSeq header (RFC 3261 s.20.16): a sequence number below 2**31 and the method.
 */
public record CSeq(long seq, String method) {
    private static final Pattern LWS = Pattern.compile("[ \t\r\n]+");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");

    public static CSeq parse(String s) throws IllegalArgumentException {
        String[] parts = LWS.split(s.strip());
        if (parts.length != 2) {
            throw new IllegalArgumentException("CSeq must be 'number METHOD'");
        }
        if (!NUMBER.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("CSeq number is not a number");
        }
        long n = Long.parseLong(parts[0]);
        if (n >= (1L << 31)) {
            throw new IllegalArgumentException("CSeq number must be less than 2**31");
        }
        if (!Lex.isToken(parts[1])) {
            throw new IllegalArgumentException("CSeq method is not a token");
        }
        return new CSeq(n, parts[1]);
    }

    @Override
    public String toString() {
        return seq + " " + method;
    }
}
