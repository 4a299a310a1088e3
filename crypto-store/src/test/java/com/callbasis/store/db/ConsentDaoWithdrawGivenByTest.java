package com.callbasis.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentDaoWithdrawGivenByTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void withdrawsOnlyStandingConsentGivenByTheCutOff(@TempDir Path dir) throws Exception {
        try (MetadataDb db = MetadataDb.openEmbedded(dir)) {
            ConsentDao dao = db.consents();
            dao.record(new ConsentRecord("c1", "acme", "subj", "quality", "ivr-dtmf", "v1", T0, null));
            dao.record(new ConsentRecord("c2", "acme", "subj", "quality", "web", "v2", T0.plusSeconds(100), null));
            dao.record(new ConsentRecord("c3", "acme", "subj", "training", "web", "v2", T0, null));

            assertThat(dao.withdrawGivenBy("acme", "subj", "quality", T0.plusSeconds(50), T0.plusSeconds(60))).isEqualTo(1);
            assertThat(dao.withdrawGivenBy("acme", "subj", "quality", T0.plusSeconds(50), T0.plusSeconds(70))).isZero();

            assertThat(dao.history("acme", "subj")).extracting(ConsentRecord::id, ConsentRecord::withdrawnAt)
                    .containsExactlyInAnyOrder(
                            tuple("c1", T0.plusSeconds(60)),
                            tuple("c2", null),
                            tuple("c3", null));
        }
    }
}
