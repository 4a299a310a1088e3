package com.callbasis.app.store;

import com.callbasis.app.UserError;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.db.RecordingRow;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gateway recordings import|get|list}. */
@Command(name = "recordings", description = "Import, decrypt and list recordings.",
        subcommands = {RecordingsCommand.Import.class, RecordingsCommand.Get.class, RecordingsCommand.ListCmd.class})
public final class RecordingsCommand {

    @Command(name = "import", description = "Encrypt and store an audio file under a lawful-basis decision; prints the id.")
    static final class Import extends StoreCommand {
        @Parameters(index = "0", paramLabel = "FILE.wav")
        Path file;

        @Option(names = "--tenant", required = true, paramLabel = "T")
        String tenant;

        @Option(names = "--subject", required = true, paramLabel = "S",
                description = "Data subject (e.g. the caller's number); stored only as a pseudonym.")
        String subject;

        @Option(names = "--decision", required = true, paramLabel = "DECISION.json",
                description = "Canonical decision JSON from the lawful-basis module.")
        Path decision;

        @Override
        int run(RecordingStore store) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such audio file: " + file);
            }
            if (!Files.isRegularFile(decision)) {
                throw new UserError("no such decision file: " + decision);
            }
            String json = Files.readString(decision, StandardCharsets.UTF_8);
            String identity = SubjectArgument.identity(subject);
            try (InputStream in = Files.newInputStream(file)) {
                System.out.println(store.importRecording(tenant, List.of(identity), json, in));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Decrypt a recording to a file; fails on any integrity error.")
    static final class Get extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--out", required = true, paramLabel = "OUT.wav")
        Path out;

        @Override
        int run(RecordingStore store) throws Exception {
            Path abs = out.toAbsolutePath();
            if (Files.isDirectory(abs)) {
                throw new UserError("--out " + out + " is a folder; name the file to write, e.g. --out "
                        + out.resolve(id + ".wav"));
            }
            if (!Files.isDirectory(abs.getParent())) {
                throw new UserError("--out " + out + ": folder " + abs.getParent() + " does not exist; create it first");
            }
            // temp file (0600) beside OUT, fsynced, renamed on success; audited only once complete
            RecordingStore.Export e = store.exportTo(id, "cli-get", abs);
            if (e.truncated()) {
                System.err.println("gateway: recording " + id + " is truncated: "
                        + (e.gapNote() == null ? "the writer stopped before sealing" : e.gapNote()));
            }
            System.out.println("wrote " + e.bytes() + " bytes to " + out);
            return 0;
        }
    }

    @Command(name = "list", description = "List recordings (id, tenant, state, basis, bytes, expiry, hold, "
            + "retention minimum or -).")
    static final class ListCmd extends StoreCommand {
        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant.")
        String tenant;

        @Override
        int run(RecordingStore store) throws Exception {
            for (RecordingRow r : store.list(tenant)) {
                System.out.printf("%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s%n", r.id(), r.tenant(), r.state(), r.basis(),
                        r.plaintextBytes(), r.retentionExpiresAt(), r.legalHold() ? "HOLD" : "-",
                        r.retentionMinimumUntil() == null ? "-" : r.retentionMinimumUntil());
            }
            return 0;
        }
    }
}
