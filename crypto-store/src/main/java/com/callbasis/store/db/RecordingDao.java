package com.callbasis.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recordings, their subjects and their sealed chunks. */
public final class RecordingDao {
    private static final String COLUMNS = "id, tenant, decision_id, basis, purpose, policy_digest, decision_json, "
            + "retention_class, retention_period, retention_expires_at, retention_minimum_until, legal_hold, legal_hold_reason, state, "
            + "object_key, kek_name, created_at, finished_at, plaintext_bytes, segment_count, chunk_count, "
            + "complete, gap_note";

    private final Jdbc jdbc;

    RecordingDao(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(RecordingRow r) throws SQLException {
        jdbc.tx(c -> {
            Jdbc.update(c, "INSERT INTO recordings (" + COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.id(), r.tenant(), r.decisionId(), r.basis(), r.purpose(), r.policyDigest(), r.decisionJson(),
                    r.retentionClass(), r.retentionPeriod(), r.retentionExpiresAt(), r.retentionMinimumUntil(), r.legalHold(),
                    r.legalHoldReason(), r.state(), r.objectKey(), r.kekName(), r.createdAt(), r.finishedAt(),
                    r.plaintextBytes(), r.segmentCount(), r.chunkCount(), r.complete(), r.gapNote());
            for (String s : r.subjectKeys()) {
                Jdbc.update(c, "INSERT INTO recording_subjects (recording_id, subject_key) VALUES (?, ?)", r.id(), s);
            }
            return null;
        });
    }

    public Optional<RecordingRow> find(String id) throws SQLException {
        List<RecordingRow> rows = query("WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** All recordings of a tenant (every tenant when {@code tenant} is null), oldest first. */
    public List<RecordingRow> list(String tenant) throws SQLException {
        return tenant == null ? query("ORDER BY created_at, id") : query("WHERE tenant = ? ORDER BY created_at, id", tenant);
    }

    /** Whether the store has ever held a recording of {@code tenant} (deleted ones count). */
    public boolean hasTenant(String tenant) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM recordings WHERE tenant = ? LIMIT 1")) {
                Jdbc.bind(ps, new Object[] {tenant});
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public List<RecordingRow> listByState(RecordingState state) throws SQLException {
        return query("WHERE state = ? ORDER BY created_at, id", state);
    }

    public List<RecordingRow> listBySubject(String tenant, String subjectKey) throws SQLException {
        return query("WHERE tenant = ? AND state <> 'DELETED' AND id IN "
                + "(SELECT recording_id FROM recording_subjects WHERE subject_key = ?) ORDER BY created_at, id",
                tenant, subjectKey);
    }

    /** Records which gateway instance writes the recording (see {@link #listInterrupted}). */
    public void setWriter(String id, String instance) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "UPDATE recordings SET writer_instance = ? WHERE id = ?", instance, id));
    }

    /**
     * Recordings still in RECORDING that {@code instance} was writing (or that no instance claimed):
     * at start-up these are the ones its dead predecessor left behind.
     */
    public List<RecordingRow> listInterrupted(String instance) throws SQLException {
        return query("WHERE state = 'RECORDING' AND (writer_instance = ? OR writer_instance IS NULL) "
                + "ORDER BY created_at, id", instance);
    }

    /** Live recordings whose retention ended at or before {@code now}, legal hold or not. */
    public List<RecordingRow> listExpired(Instant now) throws SQLException {
        return query("WHERE state <> 'DELETED' AND retention_expires_at <= ? ORDER BY retention_expires_at, id", now);
    }

    /** Records a sealed chunk and advances the recording's counters in one transaction. */
    public void addChunk(ChunkRow chunk) throws SQLException {
        jdbc.tx(c -> {
            Jdbc.update(c, "INSERT INTO recording_chunks (recording_id, seq, plaintext_end, sealed_at) VALUES (?, ?, ?, ?)",
                    chunk.recordingId(), chunk.seq(), chunk.plaintextEnd(), chunk.sealedAt());
            Jdbc.update(c, "UPDATE recordings SET chunk_count = ?, plaintext_bytes = ? WHERE id = ?",
                    chunk.seq() + 1, chunk.plaintextEnd(), chunk.recordingId());
            return null;
        });
    }

    public List<ChunkRow> chunks(String recordingId) throws SQLException {
        return jdbc.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, plaintext_end, sealed_at FROM recording_chunks WHERE recording_id = ? ORDER BY seq")) {
                ps.setString(1, recordingId);
                List<ChunkRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ChunkRow(recordingId, rs.getInt(1), rs.getLong(2), Jdbc.instant(rs, "sealed_at")));
                    }
                }
                return out;
            }
        });
    }

    /** Ends a recording as SEALED or TRUNCATED. */
    public void finish(String id, RecordingState state, Instant at, long plaintextBytes, long segmentCount,
            boolean complete, String gapNote) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "UPDATE recordings SET state = ?, finished_at = ?, plaintext_bytes = ?, "
                + "segment_count = ?, complete = ?, gap_note = ? WHERE id = ?",
                state, at, plaintextBytes, segmentCount, complete, gapNote, id));
    }

    /** Stores the recorder's completeness accounting (JSON) and whether it is over the loss threshold. */
    public void setQuality(String id, String qualityJson, boolean flagged) throws SQLException {
        jdbc.tx(c -> Jdbc.update(c, "UPDATE recordings SET quality_json = ?, quality_flagged = ? WHERE id = ?",
                qualityJson, flagged ? 1 : 0, id));
    }

    /** The completeness stored with a recording, if any. */
    public Optional<Quality> quality(String id) throws SQLException {
        return jdbc.tx(c -> {
            try (var ps = c.prepareStatement("SELECT quality_json, quality_flagged FROM recordings WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return Optional.<Quality>empty();
                    }
                    return Optional.of(new Quality(rs.getString(1), rs.getInt(2) != 0));
                }
            }
        });
    }

    /** Completeness of one recording: the recorder's JSON and the over-threshold flag. */
    public record Quality(String json, boolean flagged) {}

    public boolean setLegalHold(String id, boolean hold, String reason) throws SQLException {
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE recordings SET legal_hold = ?, legal_hold_reason = ? "
                + "WHERE id = ? AND state <> 'DELETED'", hold, reason, id)) == 1;
    }

    /**
     * Marks a recording DELETED and scrubs what could identify its subjects: subject keys, the decision
     * JSON and the chunk list go; ids, tenant, basis and dates stay for the tombstone's context.
     *
     * <p>Nothing happens, and false is returned, when the recording is already deleted, when its
     * expiry is no longer {@code expiresAsRead} (extended since the caller read it: the caller's reason
     * to delete may be gone), or when its retention minimum is after {@code at}. The checks are in the
     * deleting statement itself, so no path deletes before the floor, and a concurrent extension on
     * another gateway (PostgreSQL re-checks the row it locks) is never lost.
     */
    public boolean markDeleted(String id, Instant expiresAsRead, Instant at) throws SQLException {
        return jdbc.tx(c -> {
            int n = Jdbc.update(c, "UPDATE recordings SET state = 'DELETED', decision_json = '', purpose = NULL, "
                    + "legal_hold_reason = NULL, gap_note = NULL, finished_at = COALESCE(finished_at, ?) "
                    + "WHERE id = ? AND state <> 'DELETED' AND retention_expires_at = ? "
                    + "AND (retention_minimum_until IS NULL OR retention_minimum_until <= ?)", at, id, expiresAsRead, at);
            if (n == 0) {
                return false;
            }
            Jdbc.update(c, "DELETE FROM recording_subjects WHERE recording_id = ?", id);
            Jdbc.update(c, "DELETE FROM recording_chunks WHERE recording_id = ?", id);
            return true;
        });
    }

    /**
     * Moves a live recording's expiry from {@code from} to the later {@code to}; false (nothing
     * changed) when the recording is deleted, its expiry is no longer {@code from}, or {@code to} is
     * not later. A compare-and-set, so two extensions at once cannot shorten each other.
     */
    public boolean extendRetention(String id, Instant from, Instant to) throws SQLException {
        if (!to.isAfter(from)) {
            return false;
        }
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE recordings SET retention_expires_at = ? "
                + "WHERE id = ? AND state <> 'DELETED' AND retention_expires_at = ?", to, id, from)) == 1;
    }

    private List<RecordingRow> query(String where, Object... args) throws SQLException {
        return jdbc.tx(c -> {
            List<RecordingRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM recordings " + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(c, rs));
                    }
                }
            }
            return out;
        });
    }

    private static RecordingRow row(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<String> subjects = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT subject_key FROM recording_subjects WHERE recording_id = ? ORDER BY subject_key")) {
            ps.setString(1, id);
            try (ResultSet s = ps.executeQuery()) {
                while (s.next()) {
                    subjects.add(s.getString(1));
                }
            }
        }
        return new RecordingRow(id, rs.getString("tenant"), subjects, rs.getString("decision_id"),
                rs.getString("basis"), rs.getString("purpose"), rs.getString("policy_digest"),
                rs.getString("decision_json"), rs.getString("retention_class"), rs.getString("retention_period"),
                Jdbc.instant(rs, "retention_expires_at"), Jdbc.instant(rs, "retention_minimum_until"),
                rs.getInt("legal_hold") != 0,
                rs.getString("legal_hold_reason"), RecordingState.valueOf(rs.getString("state")),
                rs.getString("object_key"), rs.getString("kek_name"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "finished_at"), rs.getLong("plaintext_bytes"), rs.getLong("segment_count"),
                rs.getInt("chunk_count"), rs.getInt("complete") != 0, rs.getString("gap_note"));
    }
}
