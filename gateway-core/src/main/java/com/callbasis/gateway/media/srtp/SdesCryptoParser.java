package com.callbasis.gateway.media.srtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Parses RFC 4568 s.9.1 {@code a=crypto} values into {@link SdesCrypto}. Error messages quote the
 * offending token (shortened) except the key itself.
 */
final class SdesCryptoParser {
    /** RFC 3711 s.9.2: no master key may protect more than 2^48 SRTP packets. */
    static final long MAX_LIFETIME = 1L << 48;
    /** RFC 4568 s.6.1: {@code mki-length = 1*3DIGIT ; range 1..128}. */
    static final int MAX_MKI_LENGTH = 128;
    /** Bounds what we split, so a hostile SDP line cannot make us do much work. */
    private static final int MAX_VALUE_LENGTH = 4096;
    /** RFC 4568 s.6.3.6: a window size hint below the SRTP default of 64 is invalid. */
    private static final int MIN_WSH = 64;

    private SdesCryptoParser() {
    }

    static SdesCrypto parse(String raw) {
        if (raw == null) {
            throw new SdesException("no crypto attribute");
        }
        if (raw.length() > MAX_VALUE_LENGTH) {
            throw new SdesException("crypto attribute longer than " + MAX_VALUE_LENGTH + " characters");
        }
        String value = stripPrefix(raw.strip());
        String[] tokens = value.split("[ \t]+");
        if (tokens.length < 3) {
            throw new SdesException("crypto attribute needs tag, suite and key parameters");
        }
        int tag = parseTag(tokens[0]);
        SrtpSuite suite = SrtpSuite.bySdesName(tokens[1])
                .orElseThrow(() -> new SdesException("unsupported crypto suite " + quote(tokens[1])));
        KeyParam kp = parseKeyParams(tokens[2], suite);
        List<String> params = new ArrayList<>();
        for (int i = 3; i < tokens.length; i++) {
            if (acceptSessionParam(tokens[i])) {
                params.add(tokens[i]);
            }
        }
        return new SdesCrypto(tag, suite, kp.key, kp.lifetime, kp.mkiValue, kp.mkiLength, params);
    }

    private static String stripPrefix(String v) {
        if (v.startsWith("a=crypto:")) {
            return v.substring("a=crypto:".length());
        }
        if (v.startsWith("crypto:")) {
            return v.substring("crypto:".length());
        }
        return v;
    }

    private static int parseTag(String t) {
        if (t.isEmpty() || t.length() > 9 || !allDigits(t)) {
            throw new SdesException("tag must be 1 to 9 digits: " + quote(t));
        }
        return Integer.parseInt(t);
    }

    private record KeyParam(SrtpMasterKey key, long lifetime, long mkiValue, int mkiLength) {
        @Override
        public String toString() {
            return "KeyParam[redacted]"; // never print the key, even from a debugger's toString
        }
    }

    /**
     * {@code key-params = key-param *(";" key-param)}. Only the first is used: several key
     * parameters exist to be told apart by MKI (s.6.1), which jitsi cannot do.
     */
    private static KeyParam parseKeyParams(String token, SrtpSuite suite) {
        int semi = token.indexOf(';');
        String first = semi < 0 ? token : token.substring(0, semi);
        if (!first.startsWith("inline:")) {
            int colon = first.indexOf(':');
            throw new SdesException("unsupported key method " + quote(colon < 0 ? first : first.substring(0, colon))
                    + " (only inline)");
        }
        String[] parts = first.substring("inline:".length()).split("\\|", -1);
        if (parts.length > 3) {
            throw new SdesException("too many '|' fields in key parameter");
        }
        long lifetime = 0;
        String mki = null;
        if (parts.length == 3) {
            lifetime = parseLifetime(parts[1]);
            mki = parts[2];
        } else if (parts.length == 2) {
            if (parts[1].indexOf(':') >= 0) {
                mki = parts[1];
            } else {
                lifetime = parseLifetime(parts[1]);
            }
        }
        long mkiValue = 0;
        int mkiLength = 0;
        if (mki != null) {
            int colon = mki.indexOf(':');
            if (colon < 0) {
                throw new SdesException("MKI must be value:length: " + quote(mki));
            }
            mkiLength = parseMkiLength(mki.substring(colon + 1));
            mkiValue = parseMkiValue(mki.substring(0, colon), mkiLength);
        }
        return new KeyParam(decodeKey(parts[0], suite), lifetime, mkiValue, mkiLength);
    }

    private static SrtpMasterKey decodeKey(String b64, SrtpSuite suite) {
        byte[] raw;
        try {
            // RFC 4568 s.6.1 uses RFC 3548 base64; the decoder also takes it without '=' padding,
            // which some endpoints send.
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new SdesException("inline key is not valid base64"); // no cause: it may quote the key
        }
        try {
            return SrtpMasterKey.split(raw, suite);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@code lifetime = ["2^"] 1*(DIGIT)}; at most 2^48 (RFC 3711 s.9.2), at least 1. */
    private static long parseLifetime(String s) {
        long v;
        if (s.startsWith("2^")) {
            String e = s.substring(2);
            if (e.isEmpty() || e.length() > 2 || !allDigits(e)) {
                throw new SdesException("bad key lifetime " + quote(s));
            }
            int exp = Integer.parseInt(e);
            v = exp > 48 ? Long.MAX_VALUE : 1L << exp;
        } else {
            if (s.isEmpty() || s.length() > 15 || !allDigits(s)) {
                throw new SdesException("bad key lifetime " + quote(s));
            }
            v = Long.parseLong(s);
        }
        if (v < 1 || v > MAX_LIFETIME) {
            throw new SdesException("key lifetime out of range 1..2^48: " + quote(s));
        }
        return v;
    }

    private static int parseMkiLength(String s) {
        if (s.isEmpty() || s.length() > 3 || !allDigits(s)) {
            throw new SdesException("bad MKI length " + quote(s));
        }
        int n = Integer.parseInt(s);
        if (n < 1 || n > MAX_MKI_LENGTH) {
            throw new SdesException("MKI length out of range 1..128: " + n);
        }
        return n;
    }

    /** The MKI value must fit in its length; values beyond 63 bits are refused as unrealistic. */
    private static long parseMkiValue(String s, int length) {
        if (s.isEmpty() || s.length() > 18 || !allDigits(s)) {
            throw new SdesException("bad MKI value " + quote(s));
        }
        long v = Long.parseLong(s);
        if (length < 8 && v >= 1L << (8 * length)) {
            throw new SdesException("MKI value " + v + " does not fit in " + length + " octets");
        }
        return v;
    }

    /**
     * True to keep the parameter, false to drop it silently; throws for what we cannot honour.
     * RFC 4568 s.6.3 parameters change how SRTP runs, so an unknown mandatory one cannot be ignored.
     */
    private static boolean acceptSessionParam(String p) {
        if (p.startsWith("-")) {
            return true; // optional extension: may be ignored when not understood
        }
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String arg = eq < 0 ? "" : p.substring(eq + 1);
        switch (name) {
            case "WSH":
                if (arg.isEmpty() || arg.length() > 9 || !allDigits(arg) || Integer.parseInt(arg) < MIN_WSH) {
                    throw new SdesException("bad window size hint " + quote(p));
                }
                return true; // a hint: jitsi keeps its 64-packet window, which the RFC allows
            case "FEC_ORDER":
                if ("FEC_SRTP".equals(arg)) {
                    return true; // the default order, and we apply no FEC at all
                }
                throw new SdesException("unsupported session parameter " + quote(p));
            case "KDR":
                throw new SdesException("key derivation rate not supported (jitsi derives once): " + quote(p));
            case "UNENCRYPTED_SRTP":
            case "UNENCRYPTED_SRTCP":
            case "UNAUTHENTICATED_SRTP":
                throw new SdesException("session parameter " + name + " refused: media must stay encrypted"
                        + " and authenticated");
            case "FEC_KEY":
                throw new SdesException("FEC keys not supported");
            default:
                throw new SdesException("unknown session parameter " + quote(p));
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Peers' tokens appear in messages (they are not secret) but cut to a readable size. */
    private static String quote(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
}
