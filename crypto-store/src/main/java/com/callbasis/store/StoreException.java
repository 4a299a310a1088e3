package com.callbasis.store;

/**
 * A request the store refuses or cannot serve for a reason the operator can act on (a decision that
 * does not allow recording, an unknown or deleted recording, an erasure the law forbids). The
 * message is one clear sentence, safe to show: it never contains personal data.
 */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
