package com.callbasis.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one metadata test suite; subclasses run it against SQLite and a real PostgreSQL server. */
abstract class MetadataDbContract {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    MetadataDb db;

    /** Opens the same database again (a second process or a restart). */
    abstract MetadataDb reopen() throws Exception;

    abstract Dialect expectedDialect();

    @BeforeEach
    void open() throws Exception {
        db = reopen();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    static RecordingRow recording(String id, String tenant, String basis, Instant expires, String... subjects) {
        return new RecordingRow(id, tenant, List.of(subjects), "dec-" + id, basis, "quality", "ab".repeat(32),
                "{\"decisionId\":\"dec-" + id + "\"}", "standard", "P1Y", expires, null, false, null,
                RecordingState.RECORDING, "rec/" + id, "kek-" + id, T0, null, 0, 0, 0, false, null);
    }

    @Test
    void migratesToLatestAndReopensIdempotently() throws Exception {
        assertThat(db.dialect()).isEqualTo(expectedDialect());
        assertThat(db.schemaVersion()).isEqualTo(5).isEqualTo(Migrations.bundled().get(Migrations.bundled().size() - 1).version());
        db.recordings().insert(recording("r1", "acme", "consent", T0.plusSeconds(60), "s1"));
        try (MetadataDb again = reopen()) {
            assertThat(again.schemaVersion()).isEqualTo(db.schemaVersion());
            assertThat(again.recordings().find("r1")).isPresent();
        }
    }

    @Test
    void decisionSaltsAreKeptAndForgottenBySubject() throws Exception {
        byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        db.decisions().putSalt("dec-1", "sk_a", salt);
        db.decisions().putSalt("dec-2", "sk_a", salt);
        db.decisions().putSalt("dec-3", "sk_b", salt);
        assertThat(db.decisions().salt("dec-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(salt));
        assertThat(db.decisions().deleteSalts("sk_a")).isEqualTo(2);
        assertThat(db.decisions().salt("dec-1")).isEmpty();
        assertThat(db.decisions().salt("dec-3")).isPresent();
    }

    @Test
    void refusesSchemaFromNewerRelease() throws Exception {
        db.inTransaction(c -> Jdbc.update(c, "INSERT INTO schema_version (version, description, applied_at) "
                + "VALUES (999, 'future', 0)"));
        assertThatThrownBy(this::reopen).isInstanceOf(SQLException.class).hasMessageContaining("newer than this release");
    }

    @Test
    void recordingRoundTripAndQueries() throws Exception {
        RecordingRow r = recording("r1", "acme", "consent", T0.plusSeconds(60), "sub-b", "sub-a");
        db.recordings().insert(r);
        db.recordings().insert(recording("r2", "acme", "legal_obligation", T0.plusSeconds(600), "sub-a"));
        db.recordings().insert(recording("r3", "other", "contract", T0.plusSeconds(30), "sub-a"));

        RecordingRow back = db.recordings().find("r1").orElseThrow();
        assertThat(back.subjectKeys()).containsExactly("sub-a", "sub-b");
        assertThat(back).usingRecursiveComparison().ignoringFields("subjectKeys").isEqualTo(r);
        assertThat(db.recordings().find("nope")).isEmpty();
        assertThat(db.recordings().list("acme")).extracting(RecordingRow::id).containsExactly("r1", "r2");
        assertThat(db.recordings().list(null)).hasSize(3);
        assertThat(db.recordings().listBySubject("acme", "sub-a")).extracting(RecordingRow::id).containsExactly("r1", "r2");
        assertThat(db.recordings().listBySubject("other", "sub-b")).isEmpty();
        assertThat(db.recordings().listExpired(T0.plusSeconds(60))).extracting(RecordingRow::id).containsExactly("r3", "r1");
        assertThat(db.recordings().listByState(RecordingState.RECORDING)).hasSize(3);
    }

    @Test
    void chunksAdvanceCountersAndFinishSeals() throws Exception {
        db.recordings().insert(recording("r1", "acme", "consent", T0, "s"));
        db.recordings().addChunk(new ChunkRow("r1", 0, 1000, T0.plusSeconds(1)));
        db.recordings().addChunk(new ChunkRow("r1", 1, 2500, T0.plusSeconds(2)));
        assertThat(db.recordings().chunks("r1")).extracting(ChunkRow::plaintextEnd).containsExactly(1000L, 2500L);
        RecordingRow mid = db.recordings().find("r1").orElseThrow();
        assertThat(mid.chunkCount()).isEqualTo(2);
        assertThat(mid.plaintextBytes()).isEqualTo(2500);
        assertThatThrownBy(() -> db.recordings().addChunk(new ChunkRow("r1", 1, 9, T0))).isInstanceOf(SQLException.class);

        db.recordings().finish("r1", RecordingState.TRUNCATED, T0.plusSeconds(9), 2500, 3, false, "lost after 2500");
        RecordingRow done = db.recordings().find("r1").orElseThrow();
        assertThat(done.state()).isEqualTo(RecordingState.TRUNCATED);
        assertThat(done.segmentCount()).isEqualTo(3);
        assertThat(done.complete()).isFalse();
        assertThat(done.gapNote()).isEqualTo("lost after 2500");
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void interruptedRecordingsBelongToTheirWriter() throws Exception {
        db.recordings().insert(recording("mine", "acme", "consent", T0, "s"));
        db.recordings().insert(recording("theirs", "acme", "consent", T0, "s"));
        db.recordings().insert(recording("legacy", "acme", "consent", T0, "s"));
        db.recordings().insert(recording("done", "acme", "consent", T0, "s"));
        db.recordings().setWriter("mine", "gw-1");
        db.recordings().setWriter("theirs", "gw-2");
        db.recordings().setWriter("done", "gw-1");
        db.recordings().finish("done", RecordingState.SEALED, T0, 1, 1, true, null);
        assertThat(db.recordings().listInterrupted("gw-1")).extracting(RecordingRow::id).containsExactly("legacy", "mine");
        assertThat(db.recordings().listInterrupted("gw-2")).extracting(RecordingRow::id).containsExactly("legacy", "theirs");
    }

    @Test
    void legalHoldAndDeletionScrubPersonalFields() throws Exception {
        db.recordings().insert(recording("r1", "acme", "consent", T0, "s"));
        assertThat(db.recordings().setLegalHold("r1", true, "case 42")).isTrue();
        assertThat(db.recordings().find("r1").orElseThrow().legalHoldReason()).isEqualTo("case 42");
        assertThat(db.recordings().setLegalHold("missing", true, "x")).isFalse();

        assertThat(db.recordings().markDeleted("r1", T0, T0.plusSeconds(5))).isTrue();
        assertThat(db.recordings().markDeleted("r1", T0, T0.plusSeconds(6))).as("already deleted").isFalse();
        RecordingRow gone = db.recordings().find("r1").orElseThrow();
        assertThat(gone.state()).isEqualTo(RecordingState.DELETED);
        assertThat(gone.subjectKeys()).isEmpty();
        assertThat(gone.decisionJson()).isEmpty();
        assertThat(db.recordings().listExpired(T0.plusSeconds(100))).isEmpty();
        assertThat(db.recordings().setLegalHold("r1", false, "x")).isFalse();
    }

    /** V005: the retention class's floor round-trips, and the deleting statement itself refuses before it. */
    @Test
    void retentionMinimumIsStoredAndNoDeletionCrossesIt() throws Exception {
        RecordingRow floored = new RecordingRow("f1", "acme", List.of("s"), "dec-f1", "contract", "quality", "ab".repeat(32),
                "{}", "mifid", "P5Y", T0.plusSeconds(100), T0.plusSeconds(50), false, null, RecordingState.SEALED,
                "rec/f1", "kek", T0, T0, 0, 0, 0, true, null);
        db.recordings().insert(floored);
        assertThat(db.recordings().find("f1").orElseThrow()).usingRecursiveComparison().isEqualTo(floored);
        assertThat(db.recordings().find("f1").orElseThrow().retentionMinimumUntil()).isEqualTo(T0.plusSeconds(50));

        assertThat(db.recordings().markDeleted("f1", T0.plusSeconds(100), T0.plusSeconds(49))).isFalse();
        RecordingRow kept = db.recordings().find("f1").orElseThrow();
        assertThat(kept.state()).isEqualTo(RecordingState.SEALED);
        assertThat(kept.subjectKeys()).containsExactly("s");
        assertThat(db.recordings().markDeleted("f1", T0.plusSeconds(99), T0.plusSeconds(200))).as("expiry read is stale").isFalse();
        assertThat(db.recordings().markDeleted("f1", T0.plusSeconds(100), T0.plusSeconds(50))).isTrue();
        assertThat(db.recordings().find("f1").orElseThrow().state()).isEqualTo(RecordingState.DELETED);
    }

    @Test
    void retentionIsExtendedOnlyLaterAndOnlyFromTheExpiryRead() throws Exception {
        db.recordings().insert(recording("r1", "acme", "consent", T0.plusSeconds(60), "s"));
        assertThat(db.recordings().extendRetention("r1", T0.plusSeconds(60), T0.plusSeconds(60))).isFalse();
        assertThat(db.recordings().extendRetention("r1", T0.plusSeconds(60), T0.plusSeconds(30))).isFalse();
        assertThat(db.recordings().extendRetention("r1", T0.plusSeconds(59), T0.plusSeconds(90))).as("stale").isFalse();
        assertThat(db.recordings().extendRetention("missing", T0, T0.plusSeconds(90))).isFalse();
        assertThat(db.recordings().extendRetention("r1", T0.plusSeconds(60), T0.plusSeconds(90))).isTrue();
        assertThat(db.recordings().find("r1").orElseThrow().retentionExpiresAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(db.recordings().listExpired(T0.plusSeconds(60))).isEmpty();
        assertThat(db.recordings().markDeleted("r1", T0.plusSeconds(90), T0.plusSeconds(91))).isTrue();
        assertThat(db.recordings().extendRetention("r1", T0.plusSeconds(90), T0.plusSeconds(120))).as("deleted").isFalse();
    }

    @Test
    void wrappedKeysUpsertAndDelete() throws Exception {
        byte[] w1 = {1, 2, 3, 0, -1};
        db.wrappedKeys().put(new WrappedKeyRow("r1", "tenant-acme", 1, w1, T0));
        db.wrappedKeys().put(new WrappedKeyRow("r2", "tenant-acme", 1, new byte[] {9}, T0));
        db.wrappedKeys().put(new WrappedKeyRow("r1", "tenant-acme", 2, new byte[] {7, 7}, T0.plusSeconds(1)));
        WrappedKeyRow k = db.wrappedKeys().find("r1").orElseThrow();
        assertThat(k.kekVersion()).isEqualTo(2);
        assertThat(k.wrapped()).containsExactly(7, 7);
        assertThat(k.toString()).doesNotContain("7, 7");
        assertThat(db.wrappedKeys().listByKek("tenant-acme")).hasSize(2);
        assertThat(db.wrappedKeys().listAll()).hasSize(2);
        assertThat(db.wrappedKeys().delete("r1")).isTrue();
        assertThat(db.wrappedKeys().delete("r1")).isFalse();
        assertThat(db.wrappedKeys().find("r1")).isEmpty();
    }

    @Test
    void decisionsAreWrittenOnce() throws Exception {
        DecisionRow d = new DecisionRow("d1", "acme", T0, "{\"a\":1}", "00".repeat(32));
        assertThat(db.decisions().putIfAbsent(d)).isTrue();
        assertThat(db.decisions().putIfAbsent(new DecisionRow("d1", "acme", T0, "{\"a\":2}", "11".repeat(32)))).isFalse();
        assertThat(db.decisions().find("d1")).contains(d);
        assertThat(db.decisions().find("d2")).isEmpty();
    }

    @Test
    void consentRegistryKeepsHistoryAndWithdrawal() throws Exception {
        db.consents().record(new ConsentRecord("c1", "acme", "subj", "quality", "ivr-dtmf", "v3", T0, null));
        db.consents().record(new ConsentRecord("c2", "acme", "subj", "training", "web", "v3", T0, null));
        assertThat(db.consents().active("acme", "subj", "quality", T0.plusSeconds(1))).map(ConsentRecord::id).contains("c1");
        assertThat(db.consents().active("acme", "subj", "quality", T0.minusSeconds(1))).isEmpty();
        assertThat(db.consents().withdraw("acme", "subj", "quality", T0.plusSeconds(10))).isEqualTo(1);
        assertThat(db.consents().withdraw("acme", "subj", "quality", T0.plusSeconds(11))).isZero();
        assertThat(db.consents().active("acme", "subj", "quality", T0.plusSeconds(5))).isPresent();
        assertThat(db.consents().active("acme", "subj", "quality", T0.plusSeconds(10))).isEmpty();
        assertThat(db.consents().active("acme", "subj", "training", T0.plusSeconds(20))).isPresent();
        assertThat(db.consents().history("acme", "subj")).hasSize(2);
        assertThat(db.consents().history("other", "subj")).isEmpty();
    }

    @Test
    void objectionRegistry() throws Exception {
        db.objections().record(new ObjectionRecord("o1", "acme", "subj", T0, "ivr"));
        assertThat(db.objections().hasObjected("acme", "subj", T0)).isTrue();
        assertThat(db.objections().hasObjected("acme", "subj", T0.minusMillis(1))).isFalse();
        assertThat(db.objections().hasObjected("other", "subj", T0)).isFalse();
        assertThat(db.objections().list("acme", "subj")).extracting(ObjectionRecord::channel).containsExactly("ivr");
    }

    @Test
    void tombstones() throws Exception {
        Tombstone t = new Tombstone("r1", "acme", "consent", "retention-expired", T0, T0.plusSeconds(1), 7L);
        db.tombstones().insert(t);
        db.tombstones().insert(new Tombstone("r2", "acme", "consent", "subject-erasure", T0, T0.plusSeconds(2), null));
        assertThat(db.tombstones().find("r1")).contains(t);
        assertThat(db.tombstones().find("r2").orElseThrow().auditIndex()).isNull();
        assertThat(db.tombstones().list()).hasSize(2);
    }

    @Test
    void auditLeavesAreDenseAndQueryable() throws Exception {
        assertThat(db.audit().size()).isZero();
        assertThat(db.audit().append("acme", "a", T0, new byte[] {1}, new byte[] {11})).isZero();
        assertThat(db.audit().append("", "policy", T0.plusSeconds(1), new byte[] {2}, new byte[] {12})).isEqualTo(1);
        assertThat(db.audit().append("other", "b", T0.plusSeconds(2), new byte[] {3}, new byte[] {13})).isEqualTo(2);
        assertThat(db.audit().append("acme", "c", T0.plusSeconds(9), new byte[] {4}, new byte[] {14})).isEqualTo(3);
        assertThat(db.audit().size()).isEqualTo(4);
        assertThat(db.audit().leafHashes(1, 3)).containsExactly(new byte[] {12}, new byte[] {13});
        assertThat(db.audit().leavesFor("acme", T0, T0.plusSeconds(9), 4)).extracting(AuditLeafRow::index).containsExactly(0L, 1L);
        assertThat(db.audit().leavesFor("acme", T0, T0.plusSeconds(10), 3)).extracting(AuditLeafRow::index).containsExactly(0L, 1L);
        assertThat(db.audit().leaves(3, 4).get(0).data()).containsExactly(4);

        assertThat(db.audit().latestCheckpoint()).isEmpty();
        db.audit().putCheckpoint(new CheckpointRow(2, new byte[] {5}, "note2", T0));
        db.audit().putCheckpoint(new CheckpointRow(4, new byte[] {6}, "note4", T0));
        assertThat(db.audit().latestCheckpoint().orElseThrow().note()).isEqualTo("note4");

        db.audit().putSalt(0, "subject", "subj", new byte[] {42});
        assertThat(db.audit().salt(0, "subject")).hasValueSatisfying(s -> assertThat(s).containsExactly(42));
        assertThat(db.audit().deleteSalts("subj")).isEqualTo(1);
        assertThat(db.audit().salt(0, "subject")).isEmpty();
    }

    @Test
    void failedTransactionLeavesNothing() throws Exception {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            db.recordings().insert(recording("r1", "acme", "consent", T0, "s"));
            db.audit().append("acme", "x", T0, new byte[] {1}, new byte[] {1});
            throw new SQLException("boom");
        })).hasMessage("boom");
        assertThat(db.recordings().find("r1")).isEmpty();
        assertThat(db.audit().size()).isZero();
    }
}
