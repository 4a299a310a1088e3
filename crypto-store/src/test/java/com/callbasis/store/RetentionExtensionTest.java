package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static com.callbasis.store.StoreFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.audit.ExportReport;
import com.callbasis.store.audit.ExportVerifier;
import com.callbasis.store.db.AuditLeafRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.retention.RetentionExtension;
import com.callbasis.store.retention.Shredder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 11, item 9: retention was fixed at decision time; an authorised change now extends it, audited. */
class RetentionExtensionTest extends StoreTestBase {
    static final Instant EXPIRES = T0.plus(Duration.ofDays(30));
    static final Instant EXTENDED = Instant.parse("2033-03-03T00:00:00Z");
    static final String REASON = "FCA request 2026/117 about client Jane Roe, keep seven years";

    String record(String decisionId) throws Exception {
        return store.importRecording("acme", List.of("+442079460123"), decision(decisionId, "acme", "contract", "RECORD", EXPIRES),
                new ByteArrayInputStream(audio(20_000, 3)));
    }

    @Test
    void aRegulatorsExtensionArrivesAfterTheCall() throws Exception {
        String id = record("d1");
        clock.set(T0.plus(Duration.ofDays(10)));

        RetentionExtension x = store.extendRetention(id, EXTENDED, REASON, "ops.alice");

        assertThat(x.previousExpiresAt()).isEqualTo(EXPIRES);
        assertThat(x.expiresAt()).isEqualTo(EXTENDED);
        assertThat(store.find(id).orElseThrow().retentionExpiresAt()).isEqualTo(EXTENDED);
        List<AuditLeafRow> extended = leaves("retention.extended");
        assertThat(extended).hasSize(1);
        assertThat(extended.get(0).index()).isEqualTo(x.auditIndex());
        assertThat(extended.get(0).tenant()).isEqualTo("acme");
        String leaf = new String(extended.get(0).data(), StandardCharsets.UTF_8);
        JsonNode fields = new ObjectMapper().readTree(leaf).get("fields");
        assertThat(fields.get("recordingId").asText()).isEqualTo(id);
        assertThat(fields.get("previousRetentionExpiresAt").asText()).isEqualTo(EXPIRES.toString());
        assertThat(fields.get("retentionExpiresAt").asText()).isEqualTo("2033-03-03T00:00:00Z");
        assertThat(fields.get("actor").asText()).isEqualTo("ops.alice");
        assertThat(fields.get("reasonSha256").asText()).isEqualTo(Decision.sha256Hex(REASON));
        // the reason may name a person: only its digest is kept, in the log and anywhere else in the database
        assertThat(leaf).doesNotContain("Jane").doesNotContain("FCA");
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("Jane Roe");
            }
        }

        // the sweep follows the extended expiry, not the decision's
        clock.set(EXPIRES.plus(Duration.ofDays(1)));
        assertThat(store.sweepRetention().deleted()).isEmpty();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.SEALED);
        clock.set(EXTENDED);
        assertThat(store.sweepRetention().deleted()).containsExactly(id);

        // and an auditor's export carries the extension and verifies
        Path out = dir.resolve("export");
        store.audit().export("acme", T0.minusSeconds(1), EXTENDED.plusSeconds(1), out);
        ExportReport r = ExportVerifier.verify(out, store.audit().verifierKey());
        assertThat(r.problems()).isEmpty();
        try (Stream<Path> entries = Files.list(out.resolve("entries"))) {
            assertThat(entries.map(p -> read(p)).filter(s -> s.contains("\"type\":\"retention.extended\""))).hasSize(1);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExtensionCanBeExtendedAgainButNeverShortened() throws Exception {
        String id = record("d1");
        store.extendRetention(id, EXPIRES.plus(Duration.ofDays(365)), "regulator asked for a year", "ops.alice");
        assertThatThrownBy(() -> store.extendRetention(id, EXPIRES.plus(Duration.ofDays(365)), "again", "ops.bob"))
                .isInstanceOf(StoreException.class).hasMessageContaining("is not later: retention can only be extended");
        assertThatThrownBy(() -> store.extendRetention(id, EXPIRES, "back to the decision", "ops.bob"))
                .isInstanceOf(StoreException.class).hasMessageContaining("can only be extended");
        RetentionExtension again = store.extendRetention(id, EXTENDED, "and two more", "ops.bob");
        assertThat(again.previousExpiresAt()).isEqualTo(EXPIRES.plus(Duration.ofDays(365)));
        assertThat(store.find(id).orElseThrow().retentionExpiresAt()).isEqualTo(EXTENDED);
        assertThat(leaves("retention.extended")).hasSize(2);
    }

    @Test
    void reasonAndActorAreRequiredAndNothingChangesWithoutThem() throws Exception {
        String id = record("d1");
        long size = store.audit().size();
        assertThatThrownBy(() -> store.extendRetention(id, EXTENDED, " ", "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> store.extendRetention(id, EXTENDED, null, "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> store.extendRetention(id, EXTENDED, "asked", ""))
                .isInstanceOf(StoreException.class).hasMessageContaining("needs an actor");
        assertThatThrownBy(() -> store.extendRetention(id, EXTENDED, "asked", "+442079460123"))
                .isInstanceOf(StoreException.class).hasMessageContaining("looks like a phone number");
        assertThatThrownBy(() -> store.extendRetention(id, EXTENDED, "asked", "ops\nalice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> store.extendRetention(id, T0.minusSeconds(1), "asked", "ops.alice"))
                .isInstanceOf(StoreException.class);
        assertThat(store.find(id).orElseThrow().retentionExpiresAt()).isEqualTo(EXPIRES);
        assertThat(store.audit().size()).isEqualTo(size);
    }

    @Test
    void anExpiryAlreadyPastIsRefusedEvenIfLater() throws Exception {
        String id = record("d1");
        clock.set(EXPIRES.plus(Duration.ofDays(5))); // expired, not yet swept
        assertThatThrownBy(() -> store.extendRetention(id, EXPIRES.plus(Duration.ofDays(1)), "late", "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("has already passed");
        assertThat(store.extendRetention(id, EXTENDED, "just in time", "ops.alice").expiresAt()).isEqualTo(EXTENDED);
        assertThat(store.sweepRetention().deleted()).isEmpty();
    }

    @Test
    void unknownDeletedAndErasedRecordingsCannotBeExtended() throws Exception {
        assertThatThrownBy(() -> store.extendRetention("no-such-id", EXTENDED, "asked", "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessage("no recording no-such-id");

        String swept = record("d1");
        clock.set(EXPIRES);
        assertThat(store.sweepRetention().deleted()).containsExactly(swept);
        assertThatThrownBy(() -> store.extendRetention(swept, EXTENDED, "too late", "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("was deleted").hasMessageContaining("retention-expired")
                .hasMessageContaining("cannot be extended");

        clock.set(T0);
        String erased = store.importRecording("acme", List.of("+33612345678"), decision("d2", "acme", "contract", "RECORD",
                EXTENDED.minusSeconds(1)), new ByteArrayInputStream(audio(1000, 4)));
        assertThat(store.eraseSubject("acme", "+33612345678").erased()).containsExactly(erased);
        assertThatThrownBy(() -> store.extendRetention(erased, EXTENDED, "too late", "ops.alice"))
                .isInstanceOf(StoreException.class).hasMessageContaining("subject-erasure");
        assertThat(leaves("retention.extended")).isEmpty();
    }

    /** A sweep that listed the recording before the extension must not delete it after (the check is in the DELETE). */
    @Test
    void aDeletionDecidedBeforeAnExtensionIsNotCarriedOutAfterIt() throws Exception {
        String id = record("d1");
        clock.set(EXPIRES.plusSeconds(1));
        var listed = store.db().recordings().listExpired(clock.instant()).get(0);
        store.extendRetention(id, EXTENDED, "regulator, just in time", "ops.alice");

        Shredder shredder = new Shredder(store.db(), new FileObjectStore(dir.resolve("data/objects")), store.audit(), clock);
        assertThat(shredder.delete(listed, "retention-expired", AuditEventType.RETENTION_DELETED)).isFalse();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.SEALED);
        assertThat(store.db().wrappedKeys().find(id)).isPresent();
        assertThat(store.db().tombstones().find(id)).isEmpty();
        try (RecordingReader r = store.openReader(id, "test")) {
            assertThat(r.size()).isEqualTo(20_000);
        }
    }
}
