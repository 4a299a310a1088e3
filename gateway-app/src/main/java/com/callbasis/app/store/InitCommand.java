package com.callbasis.app.store;

import com.callbasis.store.RecordingStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./gateway init [--data DIR]}: creates an empty recording store (folders mode 0700, keystore,
 * passphrase file unless one is configured). Besides {@code run}, the only command that creates a
 * store; the others refuse a data directory without one, so a mistyped {@code --data} is caught.
 */
@Command(name = "init", description = "Create an empty recording store in --data (run creates one on first start too).")
public final class InitCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Override
    public Integer call() {
        boolean existed = RecordingStore.exists(options.data);
        try (RecordingStore store = StoreOptions.create(options.data)) {
            System.out.println(existed
                    ? "recording store in " + options.data + " exists already; nothing changed"
                    : "created recording store in " + options.data);
            return 0;
        } catch (Exception e) {
            throw StoreCommand.translate(e);
        }
    }
}
