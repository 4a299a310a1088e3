package com.callbasis.gateway.media.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IPv4 (dotted quad) and IPv6 (RFC 4291 s.2.2 text form, no zone, no brackets) literals.
 * Never consults DNS: {@code InetAddress.getByName} would resolve anything that is not a literal and
 * accepts legacy forms such as {@code 10.1}.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address, or null when {@code s} is not an IP literal. */
    static InetAddress parse(String s) {
        byte[] b = s.indexOf(':') >= 0 ? v6(s) : v4(s);
        if (b == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }

    private static byte[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = decimal(parts[i]);
            if (v < 0 || v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static int decimal(String p) {
        if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static byte[] v6(String s) {
        if (s.length() > 45) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] h = groups(head, gap < 0);
        int[] t = gap >= 0 ? groups(tail, true) : new int[0];
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int k = 8 - t.length + i;
            out[2 * k] = (byte) (t[i] >> 8);
            out[2 * k + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; the last may be a dotted quad when {@code last}. */
    private static int[] groups(String s, boolean last) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean quad = last && parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[quad ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            if (quad && i == n - 1) {
                byte[] q = v4(parts[i]);
                if (q == null) {
                    return null;
                }
                out[i] = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
                out[i + 1] = ((q[2] & 0xff) << 8) | (q[3] & 0xff);
            } else {
                int v = hex(parts[i]);
                if (v < 0) {
                    return null;
                }
                out[i] = v;
            }
        }
        return out;
    }

    private static int hex(String p) {
        if (p.isEmpty() || p.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            int d = Character.digit(p.charAt(i), 16);
            if (d < 0 || p.charAt(i) > 'f') {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
