package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallFactsTest {
    @Test
    void readsEveryJsonKeyAndDerivesJurisdictions() {
        CallFacts f = CallFacts.fromJson("""
                {"callId":"c1","tenant":"t","direction":"outbound","caller":"sip:+442079460999@pbx.example.com",
                 "callee":"+1 (415) 555-0123","queue":"q","purpose":"sales","agent":"a7",
                 "headers":{"X-Consent":"yes"},"time":"2026-01-01T09:00:00Z","consentToken":"tok","emergency":true}
                """);
        assertThat(f.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(f.header("x-CONSENT")).isEqualTo("yes");
        assertThat(f.time()).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(f.emergency()).isTrue();
        assertThat(f.callerJurisdiction()).isEqualTo("GB");
        assertThat(f.calleeJurisdiction()).isEqualTo("US-CA");
        assertThat(f.calleeE164()).isEqualTo("+14155550123");
        assertThat(f.subjectParty()).isEqualTo("+1 (415) 555-0123");
        assertThat(f.toString()).doesNotContain("442079460999", "415", "pbx");
        assertThat(f.toBuilder().build()).isEqualTo(f);
    }

    @Test
    void jurisdictionsOfCommonParties() {
        assertThat(Jurisdictions.of(Jurisdictions.e164("+493012345678"))).isEqualTo("DE");
        assertThat(Jurisdictions.of(Jurisdictions.e164("tel:+12155550123"))).isEqualTo("US-PA");
        assertThat(Jurisdictions.of(Jurisdictions.e164("+12145550123"))).isEqualTo("US-TX");
        assertThat(Jurisdictions.of(Jurisdictions.e164("+14165550123"))).isEqualTo("CA"); // Toronto: Canada, not a US state
        assertThat(Jurisdictions.of(Jurisdictions.e164("sip:alice@example.com"))).isEqualTo("ZZ");
        assertThat(Jurisdictions.of(Jurisdictions.e164("02079460123"))).isEqualTo("ZZ"); // national format: not guessed
        assertThat(Jurisdictions.country("US-CA")).isEqualTo("US");
    }

    @Test
    void badJsonGivesOneLineMessages() {
        assertThatThrownBy(() -> CallFacts.fromJson("{"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("facts are not valid JSON");
        assertThatThrownBy(() -> CallFacts.fromJson("[]")).hasMessage("facts must be a JSON object");
        assertThatThrownBy(() -> CallFacts.fromJson("{\"tenant\":\"t\",\"direction\":\"in\",\"time\":\"2026-01-01T00:00:00Z\"}"))
                .hasMessage("facts: direction must be inbound or outbound, got 'in'");
        assertThatThrownBy(() -> CallFacts.fromJson("{\"tenant\":\"t\",\"direction\":\"inbound\"}"))
                .hasMessage("facts: time is required");
        assertThatThrownBy(() -> CallFacts.fromJson("{\"tenant\":\"t\",\"colour\":\"red\"}"))
                .hasMessageStartingWith("facts: unknown key 'colour'");
        assertThatThrownBy(() -> CallFacts.fromJson("{\"tenant\":\"t\",\"direction\":\"inbound\",\"time\":\"yesterday\"}"))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> CallFacts.fromJson("{\"tenant\":\"t\",\"emergency\":\"yes\"}"))
                .hasMessage("facts: emergency must be true or false");
    }
}
