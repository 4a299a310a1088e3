package com.callbasis.app.store;

import com.callbasis.store.RecordingStore;
import com.callbasis.store.retention.SweepResult;
import picocli.CommandLine.Command;

/** {@code ./gateway retention sweep}. */
@Command(name = "retention", description = "Storage limitation.", subcommands = RetentionCommand.Sweep.class)
public final class RetentionCommand {

    @Command(name = "sweep", description = "Delete every recording whose retention has ended (legal holds excepted).")
    static final class Sweep extends StoreCommand {
        @Override
        int run(RecordingStore store) throws Exception {
            SweepResult r = store.sweepRetention();
            for (String id : r.deleted()) {
                System.out.println("deleted " + id);
            }
            for (String id : r.blockedByLegalHold()) {
                System.out.println("kept " + id + ": under legal hold");
            }
            System.out.println(r.deleted().size() + " deleted, " + r.blockedByLegalHold().size() + " held");
            return 0;
        }
    }
}
