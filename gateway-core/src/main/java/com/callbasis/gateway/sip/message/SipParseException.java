package com.callbasis.gateway.sip.message;

/**
 * A message that does not conform to RFC 3261 s.25. Carries the byte offset where parsing stopped
 * and the status a server should answer with, so the codec can reply without guessing.
 */
public final class SipParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final int status;
    private final String kind;
    private transient SipRequest replyTo;

    public SipParseException(String kind, int status, int offset, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.offset = offset;
    }

    /** Byte offset into the message where the problem was found. */
    public int offset() {
        return offset;
    }

    /**
     * What to answer a request with: 400, 414, 501 (RFC 4475 mismatch02), 505 or 513; 0 when the message
     * must be dropped without an answer (every response, s.18.1.2).
     */
    public int status() {
        return status;
    }

    /** A minimal request (Via, From, To, Call-ID, CSeq) to answer with {@link #status()}, when identifiable. */
    public java.util.Optional<SipRequest> replyTo() {
        return java.util.Optional.ofNullable(replyTo);
    }

    void replyTo(SipRequest r) {
        this.replyTo = r;
    }

    /** A short metric tag: start_line, header, limit, content_length, version, ... (bounded set). */
    public String kind() {
        return kind;
    }
}
