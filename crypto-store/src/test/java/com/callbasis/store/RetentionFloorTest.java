package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static com.callbasis.store.StoreFixtures.decision;
import static com.callbasis.store.StoreFixtures.decisionWithMinimum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.audit.AuditEventType;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import com.callbasis.store.objects.FileObjectStore;
import com.callbasis.store.retention.ErasureResult;
import com.callbasis.store.retention.Shredder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, item 9: a retention class's minimum (MiFID II's five years) is a floor for erasure and deletion. */
class RetentionFloorTest extends StoreTestBase {
    static final String CALLER = "+442079460123";
    static final Instant FLOOR = Instant.parse("2031-05-04T08:00:00Z");
    static final Instant EXPIRES = Instant.parse("2033-05-04T08:00:00Z");

    String record(String decisionJson) throws Exception {
        return store.importRecording("acme", List.of(CALLER), decisionJson, new ByteArrayInputStream(audio(20_000, 9)));
    }

    @Test
    void erasureBeforeTheMinimumIsRefused() throws Exception {
        // a contract basis would be erasable at once; the class's minimum keeps it
        String id = record(decisionWithMinimum("d1", "acme", "contract", FLOOR, EXPIRES));
        assertThat(store.find(id).orElseThrow().retentionMinimumUntil()).isEqualTo(FLOOR);
        clock.set(FLOOR.minusSeconds(1));

        ErasureResult r = store.eraseSubject("acme", CALLER);

        assertThat(r.erased()).isEmpty();
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.recordingId()).isEqualTo(id);
            assertThat(x.reason()).isEqualTo("kept until 2031-05-04T08:00:00Z, the minimum of its retention class mifid: "
                    + "erasure and deletion before it are refused");
        });
        assertThat(r.subjectKeyDestroyed()).as("the kept recording still needs its subject's KEK").isFalse();
        assertThat(leaves("subject.erasure-refused")).hasSize(1);
        try (RecordingReader reader = store.openReader(id, "test")) {
            assertThat(reader.size()).isEqualTo(20_000);
        }
    }

    @Test
    void erasureAfterTheMinimumIsAllowed() throws Exception {
        String id = record(decisionWithMinimum("d1", "acme", "contract", FLOOR, EXPIRES));
        clock.set(FLOOR);
        ErasureResult r = store.eraseSubject("acme", CALLER);
        assertThat(r.erased()).containsExactly(id);
        assertThat(r.subjectKeyDestroyed()).isTrue();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.DELETED);
    }

    @Test
    void aLegalObligationPastItsMinimumStillRunsUntilItsExpiry() throws Exception {
        String id = record(decisionWithMinimum("d1", "acme", "legal_obligation", FLOOR, EXPIRES));
        clock.set(FLOOR.plusSeconds(1));
        assertThat(store.eraseSubject("acme", CALLER).refused()).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("legal obligation until " + EXPIRES).contains("Art. 17(3)(b)"));
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.SEALED);
    }

    /** Whoever calls the shredder, the database refuses a deletion before the floor. */
    @Test
    void noDeletionPathCrossesTheFloor() throws Exception {
        String id = record(decisionWithMinimum("d1", "acme", "contract", FLOOR, EXPIRES));
        RecordingRow row = store.find(id).orElseThrow();
        Shredder shredder = new Shredder(store.db(), new FileObjectStore(dir.resolve("data/objects")), store.audit(), clock);
        clock.set(FLOOR.minusMillis(1));
        assertThat(Shredder.beforeMinimum(row, clock.instant())).contains("2031-05-04T08:00:00Z");

        assertThat(shredder.delete(row, "subject-erasure", AuditEventType.SUBJECT_ERASED)).isFalse();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.SEALED);
        assertThat(store.db().wrappedKeys().find(id)).isPresent();
        assertThat(store.db().tombstones().find(id)).isEmpty();
        assertThat(leaves("subject.erased")).isEmpty();
        try (RecordingReader reader = store.openReader(id, "test")) {
            assertThat(reader.size()).isEqualTo(20_000);
        }

        clock.set(FLOOR);
        assertThat(Shredder.beforeMinimum(row, clock.instant())).isNull();
        assertThat(shredder.delete(row, "subject-erasure", AuditEventType.SUBJECT_ERASED)).isTrue();
    }

    @Test
    void theSweepWaitsForTheExpiryAndTheFloor() throws Exception {
        String id = record(decisionWithMinimum("d1", "acme", "contract", FLOOR, EXPIRES));
        clock.set(FLOOR.plusSeconds(1));
        assertThat(store.sweepRetention().deleted()).isEmpty();
        clock.set(EXPIRES);
        assertThat(store.sweepRetention().deleted()).containsExactly(id);
    }

    @Test
    void theFloorComesFromTheDecisionAndIsAudited() throws Exception {
        String json = decisionWithMinimum("d1", "acme", "contract", FLOOR, EXPIRES);
        assertThat(Decision.parse(json).retentionMinimumUntil()).isEqualTo(FLOOR);
        assertThat(Decision.parse(decision("d0", "acme", "contract", "RECORD", EXPIRES)).retentionMinimumUntil()).isNull();
        assertThatThrownBy(() -> Decision.parse(decisionWithMinimum("d2", "acme", "contract", EXPIRES.plusSeconds(1), EXPIRES)))
                .isInstanceOf(StoreException.class).hasMessageContaining("minimum").hasMessageContaining("after its expiry");
        assertThatThrownBy(() -> Decision.parse(json.replace("\"minimumUntil\":\"" + FLOOR + "\"", "\"minimumUntil\":5")))
                .isInstanceOf(StoreException.class).hasMessageContaining("minimumUntil");

        record(json);
        String started = store.db().audit().leaves(0, store.audit().size()).stream()
                .filter(l -> l.eventType().equals("recording.started")).map(l -> new String(l.data(), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
        assertThat(started).contains("\"retentionMinimumUntil\":\"2031-05-04T08:00:00Z\"");
    }
}
