package com.callbasis.app.store;

import com.callbasis.store.RecordingStore;
import picocli.CommandLine.Command;

/** {@code ./gateway keys rotate}. */
@Command(name = "keys", description = "Key management.", subcommands = KeysCommand.Rotate.class)
public final class KeysCommand {

    @Command(name = "rotate", description = "New KEK versions; re-wrap every data key (audio is not re-encrypted).")
    static final class Rotate extends StoreCommand {
        @Override
        int run(RecordingStore store) throws Exception {
            System.out.println("re-wrapped " + store.rotateKeys() + " data keys under new KEK versions");
            return 0;
        }
    }
}
