package com.callbasis.gateway.media.sdp;

/**
 * A session description that does not conform to RFC 8866 s.5 or exceeds a bound of {@link Sdp}.
 * The message starts with the 1-based line number ("line 7: m= line needs at least 4 fields") and
 * never repeats the offending text, which may carry names, numbers or keys.
 */
public final class SdpException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SdpException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    /** The 1-based line number where the problem was found. */
    public int line() {
        return line;
    }
}
