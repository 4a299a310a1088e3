package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.audit.AuditLog;
import com.callbasis.store.audit.ExportVerifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 5: stored decisions name their subject only through a salted commitment, so that an
 * erasure (which forgets the salts) ends the link between the person and the decisions kept for the auditor.
 */
class DecisionCommitmentTest {
    static final String CALLER = "+33612345678";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    StoreFixtures.MutableClock clock = new StoreFixtures.MutableClock(T0);
    RecordingStore store;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixtures.open(dir.resolve("data"), clock);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    /** A decision as the engine writes it, naming its subject by key (sorted keys, subject after rule). */
    String decision(String id, String subjectKey) {
        String base = StoreFixtures.consent(id, "acme", T0.plus(Duration.ofDays(30)));
        return base.replace(",\"tenant\":", ",\"subject\":\"" + subjectKey + "\",\"tenant\":");
    }

    String stored(String id) throws Exception {
        return store.db().decisions().find(id).orElseThrow().canonicalJson();
    }

    @Test
    void storedDecisionsKeepACommitmentNotTheSubjectKey() throws Exception {
        String sk = store.subjectKey("acme", CALLER);
        Decision kept = store.recordDecision(decision("d1", sk));

        String json = stored("d1");
        assertThat(json).doesNotContain(sk).doesNotContain("sk_");
        String commitment = JSON.readTree(json).get("subject").asText();
        assertThat(commitment).matches("sc_[0-9a-f]{64}");
        byte[] salt = store.db().decisions().salt("d1").orElseThrow();
        assertThat(commitment).isEqualTo("sc_" + AuditLog.commitment(salt, sk));
        assertThat(kept.canonicalJson()).isEqualTo(json);
        assertThat(kept.sha256()).isEqualTo(store.db().decisions().find("d1").orElseThrow().sha256());
        // logging the same decision again returns what is stored, without a second salt or event
        long events = store.audit().size();
        assertThat(store.recordDecision(decision("d1", sk)).canonicalJson()).isEqualTo(json);
        assertThat(store.audit().size()).isEqualTo(events);
    }

    @Test
    void twoDecisionsForOneSubjectCannotBeLinked() throws Exception {
        String sk = store.subjectKey("acme", CALLER);
        store.recordDecision(decision("d1", sk));
        store.recordDecision(decision("d2", sk));
        assertThat(JSON.readTree(stored("d1")).get("subject").asText())
                .isNotEqualTo(JSON.readTree(stored("d2")).get("subject").asText());
    }

    @Test
    void recordingsAndTheirAuditEventsReferenceTheCommittedDecision() throws Exception {
        String sk = store.subjectKey("acme", CALLER);
        String id = store.importRecording("acme", List.of(CALLER), decision("d1", sk), new ByteArrayInputStream(audio(10_000, 1)));
        String json = stored("d1");
        assertThat(store.find(id).orElseThrow().decisionJson()).isEqualTo(json);
        String sha = Decision.sha256Hex(json);
        long startedWithSha = store.db().audit().leaves(0, store.audit().size()).stream()
                .filter(l -> l.eventType().equals("recording.started"))
                .filter(l -> new String(l.data(), StandardCharsets.UTF_8).contains(sha)).count();
        assertThat(startedWithSha).isEqualTo(1);
    }

    @Test
    void erasureUnlinksStoredDecisions() throws Exception {
        String sk = store.subjectKey("acme", CALLER);
        String other = store.subjectKey("acme", "+33699999999");
        store.importRecording("acme", List.of(CALLER), decision("d1", sk), new ByteArrayInputStream(audio(10_000, 1)));
        store.recordDecision(decision("d2", sk));
        store.recordDecision(decision("d3", other));
        String before = stored("d1");

        store.eraseSubject("acme", CALLER);

        // the decisions stay for the auditor, unchanged, but nothing opens their commitment any more
        assertThat(stored("d1")).isEqualTo(before);
        assertThat(store.db().decisions().salt("d1")).isEmpty();
        assertThat(store.db().decisions().salt("d2")).isEmpty();
        assertThat(store.db().decisions().salt("d3")).isPresent();
        // an export still verifies, and no exported decision carries a subject key
        Path out = dir.resolve("export");
        store.audit().export("acme", T0.minusSeconds(1), T0.plusSeconds(1), out);
        assertThat(ExportVerifier.verify(out, store.audit().verifierKey()).ok()).isTrue();
        try (Stream<Path> files = Files.list(out.resolve("decisions"))) {
            List<Path> decisions = files.toList();
            assertThat(decisions).isNotEmpty();
            for (Path f : decisions) {
                assertThat(Files.readString(f)).doesNotContain("sk_");
            }
        }
    }

    /** Issue 12, item 9: a mistyped tenant is refused; a tenant with decisions only still forgets the salts. */
    @Test
    void eraseForAnUnknownTenantIsRefused() throws Exception {
        String sk = store.subjectKey("acme", CALLER);
        store.recordDecision(decision("d1", sk)); // decided, never recorded
        long before = store.audit().size();
        assertThatThrownBy(() -> store.eraseSubject("nobody", CALLER)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("no recordings or decisions of tenant 'nobody' in this store: nothing erased");
        assertThat(store.audit().size()).isEqualTo(before);

        var r = store.eraseSubject("acme", CALLER);
        assertThat(r.erased()).isEmpty();
        assertThat(r.subjectKeyDestroyed()).as("no key existed").isFalse();
        assertThat(store.db().decisions().salt("d1")).isEmpty();
    }
}
