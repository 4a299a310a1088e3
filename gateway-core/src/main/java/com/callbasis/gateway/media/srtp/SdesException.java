package com.callbasis.gateway.media.srtp;

/**
 * An {@code a=crypto} attribute (RFC 4568) that is malformed or asks for something this gateway
 * does not do. The message names the offending part but never contains key material.
 */
public final class SdesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SdesException(String message) {
        super(message);
    }
}
