package com.callbasis.gateway.sip.message;

import java.util.List;

/** A SIP request (RFC 3261 s.7.1). */
public final class SipRequest extends SipMessage {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String OPTIONS = "OPTIONS";
    public static final String UPDATE = "UPDATE";
    public static final String INFO = "INFO";
    public static final String PRACK = "PRACK";
    public static final String REGISTER = "REGISTER";

    private final String method;
    private final String requestUri;

    SipRequest(String method, String requestUri, List<SipHeader> headers, byte[] body) {
        super(headers, body);
        this.method = method;
        this.requestUri = requestUri;
    }

    public String method() {
        return method;
    }

    public String requestUri() {
        return requestUri;
    }

    public boolean is(String m) {
        return method.equals(m);
    }

    @Override
    public String startLine() {
        return method + " " + requestUri + " SIP/2.0";
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    public static Builder builder(String method, String requestUri) {
        return new Builder(method, requestUri);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-builder; {@link #build()} fails with IllegalArgumentException if a required header is missing or malformed. */
    public static final class Builder extends SipMessage.Builder<Builder> {
        private String method;
        private String requestUri;

        Builder(String method, String requestUri) {
            this.method = method;
            this.requestUri = requestUri;
        }

        Builder(SipRequest r) {
            super(r);
            this.method = r.method;
            this.requestUri = r.requestUri;
        }

        public Builder method(String m) {
            this.method = m;
            return this;
        }

        public Builder requestUri(String uri) {
            this.requestUri = uri;
            return this;
        }

        public SipRequest build() {
            return new SipRequest(method, requestUri, headers, body);
        }
    }
}
