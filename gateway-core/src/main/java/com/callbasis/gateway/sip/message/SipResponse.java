package com.callbasis.gateway.sip.message;

import java.util.List;
import java.util.Map;

/** A SIP response (RFC 3261 s.7.2). */
public final class SipResponse extends SipMessage {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Trying"), Map.entry(180, "Ringing"), Map.entry(183, "Session Progress"),
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(414, "Request-URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(420, "Bad Extension"),
            Map.entry(480, "Temporarily Unavailable"), Map.entry(481, "Call/Transaction Does Not Exist"),
            Map.entry(482, "Loop Detected"), Map.entry(483, "Too Many Hops"), Map.entry(486, "Busy Here"),
            Map.entry(487, "Request Terminated"), Map.entry(488, "Not Acceptable Here"), Map.entry(491, "Request Pending"),
            Map.entry(500, "Server Internal Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Server Time-out"),
            Map.entry(505, "Version Not Supported"), Map.entry(513, "Message Too Large"));

    private final int status;
    private final String reason;

    SipResponse(int status, String reason, List<SipHeader> headers, byte[] body) {
        super(headers, body);
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status code out of range");
        }
        this.status = status;
        this.reason = reason;
    }

    public static String defaultReason(int status) {
        return REASONS.getOrDefault(status, "Unknown");
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean isProvisional() {
        return status < 200;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isFinal() {
        return status >= 200;
    }

    /** "1xx" .. "6xx": a bounded metric tag. */
    public String statusClass() {
        return (status / 100) + "xx";
    }

    @Override
    public String startLine() {
        return "SIP/2.0 " + status + " " + reason;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    public static Builder builder(int status) {
        return new Builder(status, defaultReason(status));
    }

    public static Builder builder(int status, String reason) {
        return new Builder(status, reason);
    }

    /**
     * A response to {@code request} per RFC 3261 s.8.2.6.2: Via, From, To, Call-ID and CSeq copied;
     * {@code toTag} added to To when the request's To has none.
     */
    public static Builder to(SipRequest request, int status, String reason, String toTag) {
        Builder b = new Builder(status, reason == null ? defaultReason(status) : reason);
        for (SipHeader h : request.headers()) {
            String k = HeaderNames.key(h.name());
            if (k.equals("via") || k.equals("from") || k.equals("call-id") || k.equals("cseq")) {
                b.add(h.name(), h.value());
            } else if (k.equals("to")) {
                NameAddress to = request.to();
                b.add(h.name(), to.tag().isEmpty() && toTag != null && status != 100 ? to.withTag(toTag).toString() : h.value());
            }
        }
        return b;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-builder; {@link #build()} fails with IllegalArgumentException if a required header is missing or malformed. */
    public static final class Builder extends SipMessage.Builder<Builder> {
        private int status;
        private String reason;

        Builder(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        Builder(SipResponse r) {
            super(r);
            this.status = r.status;
            this.reason = r.reason;
        }

        public Builder status(int s, String r) {
            this.status = s;
            this.reason = r;
            return this;
        }

        public SipResponse build() {
            return new SipResponse(status, reason, headers, body);
        }
    }
}
