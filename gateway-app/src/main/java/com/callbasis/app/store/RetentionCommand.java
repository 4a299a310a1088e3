package com.callbasis.app.store;

import com.callbasis.app.UserError;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.StoreException;
import com.callbasis.store.retention.RetentionExtension;
import com.callbasis.store.retention.SweepResult;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code ./gateway retention sweep|extend}. */
@Command(name = "retention", description = "Storage limitation.",
        subcommands = {RetentionCommand.Sweep.class, RetentionCommand.Extend.class})
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

    /**
     * An authorised change that keeps a recording longer, e.g. a regulator's request after the call
     * (MiFID II: up to seven years). Audited as {@code retention.extended} with the actor and the
     * SHA-256 of the reason; the reason's text is not stored, whoever issued it keeps it.
     */
    @Command(name = "extend", description = "Keep a recording longer (never shorter); audited with the reason's digest.")
    static final class Extend extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        NewExpiry newExpiry;

        static final class NewExpiry {
            @Option(names = "--until", required = true, paramLabel = "DATE", converter = InstantOrDate.class,
                    description = "New expiry: a date (UTC start of day) such as 2033-03-03, or an ISO instant.")
            Instant until;

            @Option(names = "--by", required = true, paramLabel = "PERIOD", converter = PositivePeriod.class,
                    description = "Added to the current expiry: an ISO-8601 period such as P2Y.")
            Period by;
        }

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Who asked and why; only its SHA-256 is stored (keep the text with the request).")
        String reason;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who authorised it (default: the OS user, ${DEFAULT-VALUE}).",
                defaultValue = "${sys:user.name}")
        String actor;

        @Override
        int run(RecordingStore store) throws Exception {
            Instant until = newExpiry.until;
            if (until == null) {
                Instant current = store.find(id).orElseThrow(() -> new StoreException("no recording " + id)).retentionExpiresAt();
                until = current.atZone(ZoneOffset.UTC).plus(newExpiry.by).toInstant();
            }
            RetentionExtension x = store.extendRetention(id, until, reason, actor);
            System.out.println("extended " + x.recordingId() + " until " + x.expiresAt() + " (was " + x.previousExpiresAt() + ")");
            return 0;
        }
    }

    /** {@code 2033-03-03} (UTC start of day) or an ISO instant, as {@code audit export} reads them. */
    static final class InstantOrDate implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return AuditCommand.instant(value);
            } catch (UserError e) {
                throw new TypeConversionException("'" + value + "' is not a date (2033-03-03) or an ISO instant");
            }
        }
    }

    static final class PositivePeriod implements ITypeConverter<Period> {
        @Override
        public Period convert(String value) {
            Period p;
            try {
                p = Period.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 period such as P2Y or P90D");
            }
            if (p.isNegative() || p.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive period: retention can only be extended");
            }
            return p;
        }
    }
}
