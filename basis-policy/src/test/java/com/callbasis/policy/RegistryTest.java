package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void consentStandsFromGivenUntilWithdrawnAndCanBeGivenAgain() {
        InMemoryConsentRegistry r = new InMemoryConsentRegistry();
        r.record(ConsentRecord.given("sk-1", "t", "qa", "ivr-dtmf", "v1", T));
        assertThat(r.find("sk-1", "t", "qa", T.minusSeconds(1))).isEmpty();
        assertThat(r.find("sk-1", "t", "qa", T)).isPresent();
        assertThat(r.find("sk-1", "t", "sales", T)).isEmpty();
        assertThat(r.find("sk-1", "other", "qa", T)).isEmpty();

        assertThat(r.withdraw("sk-1", "t", "qa", T.plusSeconds(100))).isTrue();
        assertThat(r.find("sk-1", "t", "qa", T.plusSeconds(99))).isPresent();
        assertThat(r.find("sk-1", "t", "qa", T.plusSeconds(100))).isEmpty();
        assertThat(r.withdraw("sk-1", "t", "qa", T.plusSeconds(200))).isFalse();

        r.record(ConsentRecord.given("sk-1", "t", "qa", "web", "v2", T.plusSeconds(300)));
        assertThat(r.find("sk-1", "t", "qa", T.plusSeconds(300))).get().extracting(ConsentRecord::noticeVersion).isEqualTo("v2");
        assertThat(r.find("sk-1", "t", "qa", T.plusSeconds(150))).isEmpty();
    }

    @Test
    void consentCannotBeWithdrawnBeforeItWasGiven() {
        assertThatThrownBy(() -> new ConsentRecord("s", "t", "p", "m", "v", T, T.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectionStandsFromWhenItWasRaisedAndTheEarliestWins() {
        InMemoryObjectionRegistry r = new InMemoryObjectionRegistry();
        r.record(new ObjectionRecord("sk-1", "t", "agent", T.plusSeconds(10)));
        r.record(new ObjectionRecord("sk-1", "t", "letter", T));
        assertThat(r.find("sk-1", "t", T.minusSeconds(1))).isEmpty();
        assertThat(r.find("sk-1", "t", T)).get().extracting(ObjectionRecord::method).isEqualTo("letter");
        assertThat(r.find("sk-1", "u", T)).isEmpty();
    }
}
