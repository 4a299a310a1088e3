package com.callbasis.gateway.media.sdp;

import java.util.Locale;

/**
 * The media direction attributes of RFC 8866 s.6.7 (RFC 3264 s.5.1). "If none of the attributes
 * 'sendonly', 'recvonly', 'inactive', and 'sendrecv' is present, 'sendrecv' SHOULD be assumed as the
 * default for sessions."
 */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name, e.g. {@code sendonly}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction an attribute name stands for, or null when it is not a direction attribute. */
    public static Direction ofAttribute(String name) {
        switch (name) {
            case "sendrecv": return SENDRECV;
            case "sendonly": return SENDONLY;
            case "recvonly": return RECVONLY;
            case "inactive": return INACTIVE;
            default: return null;
        }
    }
}
