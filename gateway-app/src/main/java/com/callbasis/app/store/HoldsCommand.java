package com.callbasis.app.store;

import com.callbasis.store.RecordingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gateway holds set|release ID --reason R}. */
@Command(name = "holds", description = "Legal holds (block retention deletion and erasure).",
        subcommands = {HoldsCommand.Set.class, HoldsCommand.Release.class})
public final class HoldsCommand {

    @Command(name = "set", description = "Put a recording under legal hold.")
    static final class Set extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "R")
        String reason;

        @Override
        int run(RecordingStore store) throws Exception {
            store.setLegalHold(id, reason);
            System.out.println("legal hold set on " + id);
            return 0;
        }
    }

    @Command(name = "release", description = "Release a recording's legal hold.")
    static final class Release extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "R")
        String reason;

        @Override
        int run(RecordingStore store) throws Exception {
            store.releaseLegalHold(id, reason);
            System.out.println("legal hold released on " + id);
            return 0;
        }
    }
}
