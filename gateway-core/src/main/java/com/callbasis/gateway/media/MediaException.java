package com.callbasis.gateway.media;

/**
 * Media could not be anchored for a call: the port range is exhausted, no port in it can be bound,
 * or the session was already closed. The SIP core answers the offer with an error (e.g. 500 or 488)
 * instead of accepting a call it cannot carry.
 */
public class MediaException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
