package com.callbasis.store;

import java.security.GeneralSecurityException;

/**
 * Something the store holds is damaged or incomplete (a sealed recording whose object lost its tail,
 * an altered store secret): the operator cannot fix it with other arguments. The message is one
 * sentence that says what is wrong and what to do, safe to show: it never contains personal data.
 */
public class IntegrityException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
