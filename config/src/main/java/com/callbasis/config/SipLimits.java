package com.callbasis.config;

/**
 * Bounds on what the SIP decoder accepts (STYLE #3): each exists so that a peer cannot make the
 * gateway buffer without limit, and each has its own reply when exceeded.
 *
 * @param maxStartLine bytes in the request/status line; over it a request gets 414 (responses are dropped)
 * @param maxHeaderLine bytes in one header line after unfolding; over it: 400 "Header Too Long"
 * @param maxHeaders number of header lines; over it: 400 "Too Many Headers"
 * @param maxMessageSize bytes of headers plus body; over it: 513 Message Too Large (RFC 3261 s.21.5.14)
 * @param connections bounds on stream connections ({@code sip.connections})
 * @param admission the per-source brake on new calls ({@code sip.admission})
 */
public record SipLimits(int maxStartLine, int maxHeaderLine, int maxHeaders, int maxMessageSize, ConnectionLimits connections,
                        CallAdmission admission) {
    public static final SipLimits DEFAULT = new SipLimits(2048, 8192, 100, 65535);

    /** Message limits with the default connection limits. */
    public SipLimits(int maxStartLine, int maxHeaderLine, int maxHeaders, int maxMessageSize) {
        this(maxStartLine, maxHeaderLine, maxHeaders, maxMessageSize, ConnectionLimits.DEFAULT, CallAdmission.DEFAULT);
    }

    public SipLimits withConnections(ConnectionLimits c) {
        return new SipLimits(maxStartLine, maxHeaderLine, maxHeaders, maxMessageSize, c, admission);
    }

    public SipLimits withAdmission(CallAdmission a) {
        return new SipLimits(maxStartLine, maxHeaderLine, maxHeaders, maxMessageSize, connections, a);
    }
}
