package com.callbasis.app.store;

import com.callbasis.store.RecordingStore;
import com.callbasis.store.retention.ErasureResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gateway subjects erase S --tenant T}. */
@Command(name = "subjects", description = "Data-subject rights.", subcommands = SubjectsCommand.Erase.class)
public final class SubjectsCommand {

    @Command(name = "erase", description = "Erase a data subject (GDPR Art. 17) by crypto-shredding.")
    static final class Erase extends StoreCommand {
        @Parameters(index = "0", paramLabel = "S")
        String subject;

        @Option(names = "--tenant", required = true, paramLabel = "T")
        String tenant;

        @Override
        int run(RecordingStore store) throws Exception {
            ErasureResult r = store.eraseSubject(tenant, SubjectArgument.identity(subject));
            for (String id : r.erased()) {
                System.out.println("erased " + id);
            }
            for (ErasureResult.Refusal x : r.refused()) {
                System.out.println("refused " + x.recordingId() + ": " + x.reason());
            }
            if (r.subjectKeyDestroyed()) {
                System.out.println("subject key destroyed: every copy of the erased recordings, backups included, is unreadable");
            } else if (!r.refused().isEmpty()) {
                System.out.println("subject key kept: a refused recording still depends on it");
            } else {
                System.out.println("no subject key to destroy: the store holds no key of this subject in tenant " + tenant
                        + (r.erased().isEmpty() ? "; nothing was erased" : ""));
            }
            return 0;
        }
    }
}
