package com.callbasis.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.ObjectionRecord;
import com.callbasis.store.db.MetadataDb;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the persistent adapters have: a database file, millisecond storage, storage failures. */
class PersistentRegistryTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void consentWithdrawalAndObjectionSurviveReopening() throws Exception {
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            new PersistentConsentRegistry(db.consents()).record(ConsentRecord.given("sk-1", "t", "qa", "web", "v1", T));
            new PersistentConsentRegistry(db.consents()).withdraw("sk-1", "t", "qa", T.plusSeconds(60));
            new PersistentObjectionRegistry(db.objections()).record(new ObjectionRecord("sk-1", "t", "letter", T));
        }
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            assertThat(new PersistentConsentRegistry(db.consents()).find("sk-1", "t", "qa", T.plusSeconds(1)))
                    .contains(new ConsentRecord("sk-1", "t", "qa", "web", "v1", T, T.plusSeconds(60)));
            assertThat(new PersistentObjectionRegistry(db.objections()).find("sk-1", "t", T))
                    .contains(new ObjectionRecord("sk-1", "t", "letter", T));
        }
    }

    @Test
    void subMillisecondInstantsRoundTowardNoConsentAndTowardTheObjection() throws Exception {
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PersistentConsentRegistry consents = new PersistentConsentRegistry(db.consents());
            consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v1", T.plusNanos(500_000)));
            assertThat(consents.find("sk-1", "t", "qa", T.plusNanos(700_000))).isEmpty();
            assertThat(consents.find("sk-1", "t", "qa", T.plusMillis(1))).isPresent();
            assertThat(consents.withdraw("sk-1", "t", "qa", T.plusMillis(5).plusNanos(500_000))).isTrue();
            assertThat(consents.find("sk-1", "t", "qa", T.plusMillis(4))).isPresent();
            assertThat(consents.find("sk-1", "t", "qa", T.plusMillis(5))).isEmpty();

            PersistentObjectionRegistry objections = new PersistentObjectionRegistry(db.objections());
            objections.record(new ObjectionRecord("sk-1", "t", "agent", T.plusNanos(500_000)));
            assertThat(objections.find("sk-1", "t", T)).isPresent();
        }
    }

    @Test
    void consentGivenAndWithdrawnWithinOneMillisecondNeverStands() throws Exception {
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PersistentConsentRegistry consents = new PersistentConsentRegistry(db.consents());
            consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v1", T.plusNanos(200_000)));
            assertThat(consents.withdraw("sk-1", "t", "qa", T.plusNanos(700_000))).isTrue();
            assertThat(consents.find("sk-1", "t", "qa", T.plusNanos(500_000))).isEmpty();
            assertThat(consents.find("sk-1", "t", "qa", T.plusMillis(1))).isEmpty();
        }
    }

    @Test
    void aStorageFailureIsReportedWithoutTheSubjectKey() throws Exception {
        MetadataDb db = MetadataDb.openEmbedded(dataDir);
        PersistentConsentRegistry consents = new PersistentConsentRegistry(db.consents());
        PersistentObjectionRegistry objections = new PersistentObjectionRegistry(db.objections());
        db.close();
        assertThatThrownBy(() -> consents.find("sk-secret", "t", "qa", T)).isInstanceOf(RegistryStorageException.class)
                .hasMessageStartingWith("registry consent lookup failed").hasMessageNotContaining("sk-secret");
        assertThatThrownBy(() -> objections.record(new ObjectionRecord("sk-secret", "t", "agent", T)))
                .isInstanceOf(RegistryStorageException.class).hasMessageNotContaining("sk-secret");
    }
}
