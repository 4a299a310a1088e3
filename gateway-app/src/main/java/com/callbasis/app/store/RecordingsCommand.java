package com.callbasis.app.store;

import com.callbasis.app.UserError;
import com.callbasis.store.RecordingReader;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.db.RecordingRow;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
            try (RecordingReader r = store.openForExport(id, "cli-get")) {
                long n;
                try (OutputStream o = Files.newOutputStream(tmp)) {
                    n = r.copyTo(o);
                }
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                if (r.truncated()) {
                    System.err.println("gateway: recording " + id + " is truncated: "
                            + store.find(id).map(RecordingRow::gapNote).orElse("the writer stopped before sealing"));
                }
                System.out.println("wrote " + n + " bytes to " + out);
                return 0;
            } finally {
                // never leave partly decrypted audio behind after an integrity failure
                Files.deleteIfExists(tmp);
            }
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
