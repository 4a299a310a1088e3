package com.callbasis.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.db.DecisionRow;
import com.callbasis.store.db.MetadataDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit log behaviour; subclasses run it on SQLite and on a real PostgreSQL server. */
abstract class AuditLogContract {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;
    MetadataDb db;
    NoteSigner signer;
    AuditLog log;
    MutableClock clock = new MutableClock(T0);

    abstract MetadataDb openDb() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = openDb();
        signer = NoteSigner.generate("test.callbasis/audit");
        log = new AuditLog(db, signer, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    /** Twelve events over two tenants and a system event, one minute apart. */
    void populate() throws Exception {
        String decision = "{\"basis\":\"consent\",\"decisionId\":\"d-1\",\"tenant\":\"acme\"}";
        String sha = java.util.HexFormat.of().formatHex(Merkle.sha256(decision.getBytes(StandardCharsets.UTF_8)));
        db.decisions().putIfAbsent(new DecisionRow("d-1", "acme", T0, decision, sha));
        for (int i = 0; i < 12; i++) {
            clock.set(T0.plusSeconds(60L * i));
            String tenant = i % 3 == 2 ? "globex" : "acme";
            AuditEvent e = i == 5 ? AuditEvent.of(AuditEventType.POLICY_LOADED, null).with("policyDigest", "ab".repeat(32))
                    : AuditEvent.of(AuditEventType.RECORDING_STARTED, tenant).with("recordingId", "r" + i)
                            .with("decisionId", "d-1").with("decisionSha256", sha).commit("subject", "subj-" + i);
            assertThat(log.append(e)).isEqualTo(i);
        }
    }

    @Test
    void leavesCarryCommitmentsNotSubjects() throws Exception {
        populate();
        String leaf = new String(db.audit().leaves(0, 1).get(0).data(), StandardCharsets.UTF_8);
        assertThat(leaf).startsWith("{\"commitments\":{\"subject\":\"").contains("\"type\":\"recording.started\"")
                .doesNotContain("subj-0");
        byte[] salt = db.audit().salt(0, "subject").orElseThrow();
        assertThat(leaf).contains(AuditLog.commitment(salt, "subj-0"));
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.RECORDING_STARTED, "acme").with("caller", "+44 20 7946 0958"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.RECORDING_STARTED, "acme").with("caller", "4915112345678"))
                .isInstanceOf(IllegalArgumentException.class);
        AuditEvent.of(AuditEventType.RECORDING_STARTED, "acme").with("recordingId", "00000000-0000-4000-8000-000000000001")
                .with("day", "2026-05-04").with("decisionId", "d-20260504-0001");
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.RECORDING_STARTED, "acme").with("from", "sip:alice@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpointsAreSignedAndConsistentOverTime() throws Exception {
        populate();
        SignedCheckpoint first = log.checkpoint();
        assertThat(first.checkpoint().size()).isEqualTo(12);
        assertThat(Checkpoint.parse(NoteVerifier.parse(log.verifierKey()).verify(first.note()))).isEqualTo(first.checkpoint());
        log.append(AuditEvent.of(AuditEventType.KEY_ROTATED, null).with("kek", "tenant-x"));
        SignedCheckpoint second = log.checkpoint();
        assertThat(second.checkpoint().size()).isEqualTo(13);
        assertThat(Merkle.verifyConsistency(12, 13, first.checkpoint().root(), second.checkpoint().root(),
                log.consistencyProof(12, 13))).isTrue();
        for (int i = 0; i < 13; i++) {
            byte[] leafHash = db.audit().leaves(i, i + 1).get(0).hash();
            assertThat(Merkle.verifyInclusion(i, 13, leafHash, log.inclusionProof(i, 13), second.checkpoint().root())).isTrue();
        }
        assertThat(db.audit().latestCheckpoint().orElseThrow().treeSize()).isEqualTo(13);
        log.verifyStored();
    }

    @Test
    void tamperedLeafInDatabaseIsDetected() throws Exception {
        populate();
        log.checkpoint();
        log.verifyStored();
        // rewrite leaf 3 and its hash consistently: only the signed checkpoint can catch this
        byte[] forged = new String(db.audit().leaves(3, 4).get(0).data(), StandardCharsets.UTF_8)
                .replace("\"r3\"", "\"rX\"").getBytes(StandardCharsets.UTF_8);
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE audit_leaves SET leaf_data = ?, leaf_hash = ? WHERE leaf_index = 3")) {
                ps.setBytes(1, forged);
                ps.setBytes(2, Merkle.leafHash(forged));
                return ps.executeUpdate();
            }
        });
        assertThatThrownBy(log::verifyStored).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("do not match the signed checkpoint");
        // and a change of the data alone is caught by the stored hash
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE audit_leaves SET leaf_data = ? WHERE leaf_index = 7")) {
                ps.setBytes(1, new byte[] {0});
                return ps.executeUpdate();
            }
        });
        assertThatThrownBy(log::verifyStored).hasMessageContaining("leaf 7 does not match");
    }

    @Test
    void aTamperedLogIsNeverSignedAgain() throws Exception {
        populate();
        log.checkpoint();
        byte[] forged = "{\"forged\":true}".getBytes(StandardCharsets.UTF_8);
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE audit_leaves SET leaf_data = ?, leaf_hash = ? WHERE leaf_index = 2")) {
                ps.setBytes(1, forged);
                ps.setBytes(2, Merkle.leafHash(forged));
                return ps.executeUpdate();
            }
        });
        AuditLog restarted = new AuditLog(db, signer, clock); // a new process reads the tampered table
        restarted.append(AuditEvent.of(AuditEventType.POLICY_LOADED, null).with("policyDigest", "00"));
        assertThatThrownBy(restarted::checkpoint).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not extend its last signed checkpoint");
        assertThatThrownBy(() -> restarted.export("acme", T0, T0.plusSeconds(60), dir.resolve("x")))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(db.audit().latestCheckpoint().orElseThrow().treeSize()).isEqualTo(12);
    }

    @Test
    void deletedLeafIsDetected() throws Exception {
        populate();
        log.checkpoint();
        db.inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM audit_leaves WHERE leaf_index = 11"));
        assertThatThrownBy(log::verifyStored).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("shorter");
    }

    @Test
    void exportVerifiesOfflineWithThePublicKeyOnly() throws Exception {
        populate();
        Path out = dir.resolve("export");
        ExportSummary s = log.export("acme", T0, T0.plusSeconds(600), out);
        // acme events at minutes 0,1,3,4,6,7,9 plus the system event at minute 5 (minute 10+ is outside)
        assertThat(s.entries()).isEqualTo(8);
        assertThat(s.decisions()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("proofs/000000000004.tlog-proof"))).startsWith("c2sp.org/tlog-proof@v1\nindex 4\n");
        ExportReport r = ExportVerifier.verify(out, log.verifierKey());
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.entries()).isEqualTo(8);
        assertThat(r.treeSize()).isEqualTo(12);
        assertThat(log.size()).isEqualTo(13); // the export itself is audited
        assertThat(ExportVerifier.verify(out, NoteSigner.generate("test.callbasis/audit").verifierKey()).ok()).isFalse();
    }

    @Test
    void aFlippedByteInAnyExportedFileIsRefused() throws Exception {
        populate();
        Path out = dir.resolve("export");
        log.export("acme", T0, T0.plusSeconds(3600), out);
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(15);
        for (Path f : files) {
            byte[] orig = Files.readAllBytes(f);
            for (int pos : new int[] {0, orig.length / 2, orig.length - 1}) {
                byte[] b = orig.clone();
                b[pos] ^= 0x01;
                Files.write(f, b);
                assertThat(ExportVerifier.verify(out, log.verifierKey()).ok())
                        .as("flip at %d of %s", pos, out.relativize(f)).isFalse();
            }
            Files.write(f, orig);
        }
        assertThat(ExportVerifier.verify(out, log.verifierKey()).ok()).isTrue();
    }

    @Test
    void removedOrAddedEntryIsRefused() throws Exception {
        populate();
        Path out = dir.resolve("export");
        log.export("acme", T0, T0.plusSeconds(3600), out);
        Path entry = out.resolve("entries/000000000003.json");
        Path proof = out.resolve("proofs/000000000003.tlog-proof");
        byte[] e = Files.readAllBytes(entry);
        byte[] p = Files.readAllBytes(proof);
        Files.delete(entry);
        Files.delete(proof);
        ExportReport r = ExportVerifier.verify(out, log.verifierKey());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).anyMatch(s -> s.contains("entries/000000000003.json: missing"));
        Files.write(entry, e);
        Files.write(proof, p);
        Files.writeString(out.resolve("entries/000000000099.json"), "{}");
        assertThat(ExportVerifier.verify(out, log.verifierKey()).problems())
                .anyMatch(s -> s.contains("not listed in the signed manifest"));
    }

    @Test
    void exportProvesTheLogOnlyGrewSinceAnEarlierCheckpoint() throws Exception {
        populate();
        Path first = dir.resolve("export-1");
        log.export("acme", T0, T0.plusSeconds(3600), first);
        String previous = Files.readString(first.resolve("checkpoint"));
        for (int i = 0; i < 3; i++) {
            log.append(AuditEvent.of(AuditEventType.RETENTION_DELETED, "acme").with("recordingId", "x" + i));
        }
        Path second = dir.resolve("export-2");
        log.export("acme", T0, T0.plusSeconds(7200), second, 12);
        ExportReport ok = ExportVerifier.verify(second, log.verifierKey(), previous);
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.treeSize()).isEqualTo(16);

        // a previous checkpoint of the same size with another root: the log would have been rewritten
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        String forged = signer.sign(new Checkpoint(signer.name(), 12, otherRoot).body());
        assertThat(ExportVerifier.verify(second, log.verifierKey(), forged).problems())
                .anyMatch(p -> p.contains("not an append-only extension"));
        // a previous checkpoint signed by someone else
        String foreign = NoteSigner.generate(signer.name()).sign(new Checkpoint(signer.name(), 12, otherRoot).body());
        assertThat(ExportVerifier.verify(second, log.verifierKey(), foreign).ok()).isFalse();
        // an export without the proof cannot show consistency
        Path third = dir.resolve("export-3");
        log.export("acme", T0, T0.plusSeconds(7200), third);
        assertThat(ExportVerifier.verify(third, log.verifierKey(), previous).problems())
                .anyMatch(p -> p.startsWith("consistency: missing"));
        assertThatThrownBy(() -> log.export("acme", T0, T0.plusSeconds(1), dir.resolve("x"), 999))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportRefusesANonEmptyFolder() throws Exception {
        populate();
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("x"), "x");
        assertThatThrownBy(() -> log.export("acme", T0, T0.plusSeconds(60), out)).hasMessageContaining("not empty");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
