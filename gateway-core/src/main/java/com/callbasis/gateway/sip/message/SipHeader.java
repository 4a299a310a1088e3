package com.callbasis.gateway.sip.message;

/**
 * One header line as received: name exactly as the peer wrote it (so unknown headers pass through
 * verbatim) and the value after unfolding (s.7.3.1: folded lines become a single space).
 */
public record SipHeader(String name, String value) {
    /** Case-insensitive, compact-form-aware name comparison. */
    public boolean is(String other) {
        return HeaderNames.key(name).equals(HeaderNames.key(other));
    }
}
