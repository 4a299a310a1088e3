package com.callbasis.store.retention;

import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.db.MetadataDb;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage limitation (Art. 5(1)(e)): deletes every recording whose retention has ended, unless it is
 * under legal hold. A recording still being written is left until it is sealed or recovered. The
 * expiry is the one stored now (an extension moves it); a retention minimum is never crossed.
 */
public final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final MetadataDb db;
    private final Shredder shredder;
    private final Clock clock;

    public RetentionSweeper(MetadataDb db, Shredder shredder, Clock clock) {
        this.db = db;
        this.shredder = shredder;
        this.clock = clock;
    }

    public synchronized SweepResult sweep() throws SQLException, IOException {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (RecordingRow r : db.recordings().listExpired(now)) {
            if (r.state() == RecordingState.RECORDING) {
                continue;
            }
            if (r.legalHold()) {
                held.add(r.id());
                continue;
            }
            if (Shredder.beforeMinimum(r, now) != null) {
                // not reachable through the store (an expiry is never before its minimum), kept as a guard
                LOG.warn("retention sweep: recording {} expired before its retention minimum; kept", r.id());
                continue;
            }
            if (shredder.delete(r, "retention-expired", AuditEventType.RETENTION_DELETED)) {
                deleted.add(r.id());
            } // else extended (or deleted) since it was listed: the next sweep sees the new expiry

        }
        return new SweepResult(now, deleted, held);
    }

    /** Runs {@link #sweep()} every {@code period}; a failed sweep is logged and retried next period. */
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration period) {
        return executor.scheduleWithFixedDelay(() -> {
            try {
                SweepResult r = sweep();
                LOG.info("retention sweep: {} deleted, {} held", r.deleted().size(), r.blockedByLegalHold().size());
            } catch (SQLException | IOException | RuntimeException e) {
                LOG.warn("retention sweep failed: {}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
