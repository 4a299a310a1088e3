package com.callbasis.app.store;

import com.callbasis.app.Main;
import com.callbasis.app.UserError;
import com.callbasis.store.IntegrityException;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.StoreException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the store commands: opens the store from {@code --data}, runs, and turns every failure
 * into one line and an exit code (2 bad input, 1 integrity or key failure); never a stack trace.
 */
abstract class StoreCommand implements Callable<Integer> {
    /** Exit code when an integrity check or a key operation fails. */
    static final int INTEGRITY = 1;

    @Mixin
    StoreOptions options;

    abstract int run(RecordingStore store) throws Exception;

    @Override
    public final Integer call() {
        try (RecordingStore store = options.open()) {
            return run(store);
        } catch (Exception e) {
            throw translate(e);
        }
    }

    static UserError translate(Exception e) {
        if (e instanceof UserError u) {
            return u;
        }
        if (e instanceof StoreException) {
            return new UserError(e.getMessage(), Main.USAGE);
        }
        if (e instanceof IntegrityException) {
            return new UserError(e.getMessage(), INTEGRITY); // says what is damaged and what to do
        }
        if (e instanceof UnrecoverableKeyException) {
            return new UserError("keystore: wrong passphrase, or the keystore was altered", INTEGRITY);
        }
        if (e instanceof GeneralSecurityException) {
            return new UserError("integrity or key failure: " + e.getMessage(), INTEGRITY);
        }
        if (e instanceof IOException && e.getCause() instanceof GeneralSecurityException g) {
            return new UserError("integrity check failed: " + g.getMessage(), INTEGRITY);
        }
        if (e instanceof NoSuchFileException n) {
            return new UserError("no such file: " + n.getFile(), Main.USAGE);
        }
        if (e instanceof IOException) {
            return new UserError(e.getMessage(), Main.USAGE);
        }
        if (e instanceof SQLException) {
            return new UserError("metadata database: " + e.getMessage(), INTEGRITY);
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return new UserError(e.getMessage(), Main.USAGE);
        }
        return new UserError(e.getClass().getSimpleName() + ": " + e.getMessage(), INTEGRITY);
    }
}
