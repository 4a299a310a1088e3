package com.callbasis.app.store;

import com.callbasis.app.Main;
import com.callbasis.app.UserError;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.audit.Checkpoint;
import com.callbasis.store.audit.ExportReport;
import com.callbasis.store.audit.ExportSummary;
import com.callbasis.store.audit.ExportVerifier;
import com.callbasis.store.audit.NoteVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gateway audit export|verify|public-key}. */
@Command(name = "audit", description = "Tamper-evident audit log.",
        subcommands = {AuditCommand.Export.class, AuditCommand.Verify.class, AuditCommand.PublicKey.class})
public final class AuditCommand {

    @Command(name = "export", description = "Export events of [FROM, TO) with a signed checkpoint and proofs.")
    static final class Export extends StoreCommand {
        @Option(names = "--from", required = true, paramLabel = "T1", description = "ISO instant or date (UTC).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "T2", description = "ISO instant or date (UTC), exclusive.")
        String to;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant (and system events); default all.")
        String tenant;

        @Option(names = "--previous-checkpoint", paramLabel = "FILE",
                description = "Checkpoint of an earlier export: add a proof that the log only grew since.")
        Path previous;

        @Override
        int run(RecordingStore store) throws Exception {
            Instant f = instant(from);
            Instant t = instant(to);
            if (!f.isBefore(t)) {
                throw new UserError("--from must be before --to");
            }
            long previousSize = 0;
            if (previous != null) {
                String note = Files.readString(previous);
                previousSize = Checkpoint.parse(NoteVerifier.parse(store.audit().verifierKey()).verify(note)).size();
            }
            ExportSummary s = store.audit().export(tenant, f, t, out, previousSize);
            System.out.println("exported " + s.entries() + " entries and " + s.decisions()
                    + " decisions at tree size " + s.treeSize() + " to " + out);
            return 0;
        }
    }

    @Command(name = "verify", description = "Verify an export offline with the log's public key; exit 0 only if all verifies.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Option(names = "--public-key", required = true, paramLabel = "FILE")
        Path publicKey;

        @Option(names = "--previous-checkpoint", paramLabel = "FILE",
                description = "Checkpoint kept from an earlier export: also prove the log only grew since.")
        Path previous;

        @Override
        public Integer call() {
            String key = read(publicKey, "public key").strip();
            String previousNote = previous == null ? null : read(previous, "previous checkpoint");
            if (!Files.isDirectory(dir)) {
                throw new UserError("no such export folder: " + dir);
            }
            ExportReport r = ExportVerifier.verify(dir, key, previousNote);
            if (!r.ok()) {
                int more = r.problems().size() - 1;
                throw new UserError("export does NOT verify: " + r.problems().get(0)
                        + (more > 0 ? " (and " + more + " more problems)" : ""), StoreCommand.INTEGRITY);
            }
            System.out.println("verified: " + r.entries() + " entries included in the signed tree of size " + r.treeSize());
            return 0;
        }
    }

    @Command(name = "public-key", description = "Print the log's public verifier key (C2SP verifier-key text).")
    static final class PublicKey extends StoreCommand {
        @Override
        int run(RecordingStore store) {
            System.out.println(store.audit().verifierKey());
            return 0;
        }
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " file " + file);
        }
    }

    static Instant instant(String s) {
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new UserError("not an ISO instant or date: " + s, Main.USAGE);
        }
    }
}
