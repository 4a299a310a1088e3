package com.callbasis.app;

/**
 * A failure caused by the user's input (a bad file, an unknown id). {@link Main} prints its message
 * as one line and exits with {@link #exitCode()}; no stack trace.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserError(String message) {
        this(message, Main.USAGE);
    }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
