package com.callbasis.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.ConsentRegistry;
import com.callbasis.policy.ObjectionRecord;
import com.callbasis.policy.ObjectionRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every consent and objection registry must answer, run against the in-memory ones and the
 * persistent adapters so the two cannot drift. The first and last tests are basis-policy's
 * {@code RegistryTest}, which is bound to the in-memory classes.
 */
abstract class RegistryContract {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    ConsentRegistry consents;
    ObjectionRegistry objections;

    /** Sets {@link #consents} and {@link #objections} to fresh, empty registries. */
    abstract void open() throws Exception;

    /** Releases what {@link #open()} opened. */
    void release() throws Exception {}

    @BeforeEach
    void openRegistries() throws Exception {
        open();
    }

    @AfterEach
    void releaseRegistries() throws Exception {
        release();
    }

    @Test
    void consentStandsFromGivenUntilWithdrawnAndCanBeGivenAgain() {
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "ivr-dtmf", "v1", T));
        assertThat(consents.find("sk-1", "t", "qa", T.minusSeconds(1))).isEmpty();
        assertThat(consents.find("sk-1", "t", "qa", T)).isPresent();
        assertThat(consents.find("sk-1", "t", "sales", T)).isEmpty();
        assertThat(consents.find("sk-1", "other", "qa", T)).isEmpty();
        assertThat(consents.find("sk-2", "t", "qa", T)).isEmpty();

        assertThat(consents.withdraw("sk-1", "t", "qa", T.plusSeconds(100))).isTrue();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(99))).isPresent();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(100))).isEmpty();
        assertThat(consents.withdraw("sk-1", "t", "qa", T.plusSeconds(200))).isFalse();

        consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v2", T.plusSeconds(300)));
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(300))).get().extracting(ConsentRecord::noticeVersion)
                .isEqualTo("v2");
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(150))).isEmpty();
    }

    @Test
    void theEvidenceComesBackWholeWithTheWithdrawalTime() {
        ConsentRecord given = ConsentRecord.given("sk-1", "t", "qa", "header-token", "notice-7", T.plusMillis(250));
        consents.record(given);
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(1))).contains(given);

        consents.withdraw("sk-1", "t", "qa", T.plusSeconds(60));
        // a decision made before the withdrawal still sees the consent, now with its end (Art. 7(3))
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(59))).contains(given.withdrawn(T.plusSeconds(60)));
    }

    @Test
    void withdrawalReachesNeitherBackNorForward() {
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v1", T.plusSeconds(100)));
        assertThat(consents.withdraw("sk-1", "t", "qa", T.plusSeconds(50))).isFalse();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(100))).isPresent();
        assertThat(consents.withdraw("sk-1", "t", "sales", T.plusSeconds(150))).isFalse();
        assertThat(consents.withdraw("sk-9", "t", "qa", T.plusSeconds(150))).isFalse();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(150))).isPresent();
    }

    @Test
    void oneWithdrawalEndsEveryStandingConsentForThePurposeOnly() {
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "ivr-dtmf", "v1", T));
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v2", T.plusSeconds(10)));
        consents.record(ConsentRecord.given("sk-1", "t", "training", "web", "v2", T));
        assertThat(consents.withdraw("sk-1", "t", "qa", T.plusSeconds(20))).isTrue();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(20))).isEmpty();
        assertThat(consents.find("sk-1", "t", "training", T.plusSeconds(20))).isPresent();
    }

    @Test
    void theMostRecentlyRecordedStandingConsentAnswersEvenWhenBackdated() {
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "web", "later", T.plusSeconds(10)));
        consents.record(ConsentRecord.given("sk-1", "t", "qa", "letter", "backdated", T));
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(20))).get().extracting(ConsentRecord::noticeVersion)
                .isEqualTo("backdated");
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(5))).get().extracting(ConsentRecord::noticeVersion)
                .isEqualTo("backdated");
    }

    @Test
    void aConsentRecordedAlreadyWithdrawnStandsOnlyInItsInterval() {
        consents.record(new ConsentRecord("sk-1", "t", "qa", "agent", "v1", T, T.plusSeconds(30)));
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(29))).isPresent();
        assertThat(consents.find("sk-1", "t", "qa", T.plusSeconds(30))).isEmpty();
        assertThat(consents.withdraw("sk-1", "t", "qa", T.plusSeconds(40))).isFalse();
    }

    @Test
    void objectionStandsFromWhenItWasRaisedAndTheEarliestWins() {
        objections.record(new ObjectionRecord("sk-1", "t", "agent", T.plusSeconds(10)));
        objections.record(new ObjectionRecord("sk-1", "t", "letter", T));
        assertThat(objections.find("sk-1", "t", T.minusSeconds(1))).isEmpty();
        assertThat(objections.find("sk-1", "t", T)).contains(new ObjectionRecord("sk-1", "t", "letter", T));
        assertThat(objections.find("sk-1", "u", T)).isEmpty();
        assertThat(objections.find("sk-2", "t", T)).isEmpty();
    }

    @Test
    void ofEquallyEarlyObjectionsTheFirstRecordedStands() {
        objections.record(new ObjectionRecord("sk-1", "t", "ivr-dtmf", T));
        objections.record(new ObjectionRecord("sk-1", "t", "agent", T));
        objections.record(new ObjectionRecord("sk-1", "t", "letter", T.plusSeconds(1)));
        assertThat(objections.find("sk-1", "t", T.plusSeconds(5))).get().extracting(ObjectionRecord::method)
                .isEqualTo("ivr-dtmf");
    }

    @Test
    void concurrentCallersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String sk = "sk-" + i;
                done.add(pool.submit(() -> consents.record(ConsentRecord.given(sk, "t", "qa", "web", "v1", T))));
                done.add(pool.submit(() -> objections.record(new ObjectionRecord(sk, "t", "agent", T))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(consents.find("sk-" + i, "t", "qa", T)).isPresent();
            assertThat(objections.find("sk-" + i, "t", T)).isPresent();
        }
    }
}
