package com.callbasis.store;

import static com.callbasis.store.StoreFixtures.T0;
import static com.callbasis.store.StoreFixtures.audio;
import static com.callbasis.store.StoreFixtures.consent;
import static com.callbasis.store.StoreFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.store.db.RecordingState;
import com.callbasis.store.retention.ErasureResult;
import com.callbasis.store.retention.SweepResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndErasureTest {
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

    String record(String subject, String decisionJson) throws Exception {
        return store.importRecording("acme", List.of(subject), decisionJson, new ByteArrayInputStream(audio(20_000, 5)));
    }

    byte[] read(String id) throws Exception {
        try (RecordingReader r = store.openReader(id, "test")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            r.copyTo(out);
            return out.toByteArray();
        }
    }

    long objectCount() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("data/objects"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    long auditCount(String type) throws Exception {
        return store.db().audit().leaves(0, store.audit().size()).stream().filter(l -> l.eventType().equals(type)).count();
    }

    @Test
    void sweepDeletesExpiredAndLegalHoldBlocksIt() throws Exception {
        String shortLived = record("alice", consent("d1", "acme", T0.plus(Duration.ofDays(1))));
        String longLived = record("bob", consent("d2", "acme", T0.plus(Duration.ofDays(10))));
        String held = record("carol", consent("d3", "acme", T0.plus(Duration.ofDays(1))));
        store.setLegalHold(held, "regulator inquiry 2026-17");

        assertThat(store.sweepRetention().deleted()).isEmpty();
        clock.set(T0.plus(Duration.ofDays(2)));
        SweepResult r = store.sweepRetention();
        assertThat(r.deleted()).containsExactly(shortLived);
        assertThat(r.blockedByLegalHold()).containsExactly(held);
        assertThat(objectCount()).isEqualTo(2);
        assertThat(store.find(shortLived).orElseThrow().state()).isEqualTo(RecordingState.DELETED);
        assertThat(store.db().wrappedKeys().find(shortLived)).isEmpty();
        assertThat(store.db().tombstones().find(shortLived).orElseThrow().reason()).isEqualTo("retention-expired");
        assertThatThrownBy(() -> store.openReader(shortLived, "test")).isInstanceOf(StoreException.class)
                .hasMessageContaining("was deleted").hasMessageContaining("retention-expired");
        assertThat(read(held)).hasSize(20_000);
        assertThat(read(longLived)).hasSize(20_000);

        store.releaseLegalHold(held, "inquiry closed");
        assertThat(store.sweepRetention().deleted()).containsExactly(held);
        assertThat(auditCount("retention.deleted")).isEqualTo(2);
        store.audit().checkpoint();
        store.audit().verifyStored();
    }

    @Test
    void scheduledSweepRunsWithTheInjectedClock() throws Exception {
        String id = record("alice", consent("d1", "acme", T0.plus(Duration.ofDays(1))));
        clock.set(T0.plus(Duration.ofDays(3)));
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        try {
            store.scheduleRetentionSweeps(ex, Duration.ofMillis(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.find(id).orElseThrow().state() != RecordingState.DELETED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(RecordingState.DELETED);
    }

    @Test
    void erasureCryptoShredsEvenRestoredBackups() throws Exception {
        byte[] expected = audio(20_000, 5);
        String a1 = record("+33612345678", consent("d1", "acme", T0.plus(Duration.ofDays(30))));
        String a2 = record("+33612345678", consent("d2", "acme", T0.plus(Duration.ofDays(30))));
        String other = record("+33699999999", consent("d3", "acme", T0.plus(Duration.ofDays(30))));
        assertThat(read(a1)).isEqualTo(expected);
        // a backup of the metadata database and the objects, taken before the erasure
        store.close();
        Path backup = dir.resolve("backup");
        copyTree(dir.resolve("data/objects"), backup.resolve("objects"));
        Files.copy(dir.resolve("data/metadata.sqlite"), backup.resolve("metadata.sqlite"));
        store = StoreFixtures.open(dir.resolve("data"), clock);

        ErasureResult r = store.eraseSubject("acme", "+33612345678");
        assertThat(r.erased()).containsExactlyInAnyOrder(a1, a2);
        assertThat(r.refused()).isEmpty();
        assertThat(r.subjectKeyDestroyed()).isTrue();
        assertThatThrownBy(() -> store.openReader(a1, "test")).hasMessageContaining("was deleted");
        assertThat(read(other)).isEqualTo(expected);

        // restore the backup over the live data: the data keys are there, the subject's KEK is not
        store.close();
        deleteTree(dir.resolve("data/objects"));
        copyTree(backup.resolve("objects"), dir.resolve("data/objects"));
        for (String f : new String[] {"metadata.sqlite-wal", "metadata.sqlite-shm"}) {
            Files.deleteIfExists(dir.resolve("data").resolve(f));
        }
        Files.copy(backup.resolve("metadata.sqlite"), dir.resolve("data/metadata.sqlite"), StandardCopyOption.REPLACE_EXISTING);
        store = StoreFixtures.open(dir.resolve("data"), clock);
        assertThat(store.find(a1).orElseThrow().state()).isEqualTo(RecordingState.SEALED);
        assertThatThrownBy(() -> read(a1)).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("cannot be unwrapped");
        assertThatThrownBy(() -> read(a2)).isInstanceOf(GeneralSecurityException.class);
        assertThat(read(other)).isEqualTo(expected);
    }

    @Test
    void legalObligationRecordingsAreNotErasedWhileRetentionRuns() throws Exception {
        Instant fiveYears = T0.plus(Duration.ofDays(5 * 365));
        String mifid = record("client-42", decision("d1", "acme", "legal_obligation", "RECORD", fiveYears));
        String consented = record("client-42", consent("d2", "acme", T0.plus(Duration.ofDays(30))));

        ErasureResult r = store.eraseSubject("acme", "client-42");
        assertThat(r.erased()).containsExactly(consented);
        assertThat(r.refused()).hasSize(1);
        assertThat(r.refused().get(0).recordingId()).isEqualTo(mifid);
        assertThat(r.refused().get(0).reason()).contains("legal obligation").contains("Art. 17(3)(b)")
                .contains(fiveYears.toString());
        assertThat(r.subjectKeyDestroyed()).isTrue(); // the MiFID recording is under the tenant's KEK
        assertThat(read(mifid)).hasSize(20_000);
        assertThat(auditCount("subject.erasure-refused")).isEqualTo(1);

        clock.set(fiveYears.plusSeconds(1));
        assertThat(store.eraseSubject("acme", "client-42").erased()).containsExactly(mifid);
    }

    @Test
    void legalHoldKeepsTheSubjectKeyAndSaysSo() throws Exception {
        String held = record("dave", consent("d1", "acme", T0.plus(Duration.ofDays(30))));
        store.setLegalHold(held, "case 7");
        ErasureResult r = store.eraseSubject("acme", "dave");
        assertThat(r.erased()).isEmpty();
        assertThat(r.refused()).singleElement().satisfies(x -> assertThat(x.reason()).contains("legal hold"));
        assertThat(r.subjectKeyDestroyed()).isFalse();
        assertThat(read(held)).hasSize(20_000);
    }

    @Test
    void legalHoldNeedsAReasonAndAnExistingRecording() throws Exception {
        String id = record("erin", consent("d1", "acme", T0.plus(Duration.ofDays(30))));
        assertThatThrownBy(() -> store.setLegalHold(id, " ")).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> store.setLegalHold("nope", "x")).hasMessageContaining("no recording nope");
        assertThatThrownBy(() -> store.releaseLegalHold(id, "x")).hasMessageContaining("not under legal hold");
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
