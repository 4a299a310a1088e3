package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 13: consent captured in a call, refused, withdrawn, and objections raised in a call. */
class InCallConsentTest {
    static final Instant START = Instant.parse("2026-03-03T10:00:00Z");
    static final Instant AGREED = START.plusSeconds(12);
    static final String DE = "+493012345678";
    static final String UK = "+442079460123";
    static final String WITHHELD = "sip:anonymous@anonymous.invalid";

    final List<ConsentRecord> recorded = new ArrayList<>();
    final InMemoryConsentRegistry registry = new InMemoryConsentRegistry();
    final ConsentRegistry consents = new ConsentRegistry() {
        @Override
        public Optional<ConsentRecord> find(String subjectKey, String tenant, String purpose, Instant at) {
            return registry.find(subjectKey, tenant, purpose, at);
        }

        @Override
        public void record(ConsentRecord consent) {
            recorded.add(consent);
            registry.record(consent);
        }

        @Override
        public boolean withdraw(String subjectKey, String tenant, String purpose, Instant at) {
            return registry.withdraw(subjectKey, tenant, purpose, at);
        }
    };
    final List<ObjectionRecord> objected = new ArrayList<>();
    final InMemoryObjectionRegistry objectionRegistry = new InMemoryObjectionRegistry();
    final ObjectionRegistry objections = new ObjectionRegistry() {
        @Override
        public Optional<ObjectionRecord> find(String subjectKey, String tenant, Instant at) {
            return objectionRegistry.find(subjectKey, tenant, at);
        }

        @Override
        public void record(ObjectionRecord objection) {
            objected.add(objection);
            objectionRegistry.record(objection);
        }
    };
    final PolicyEngine engine = new PolicyEngine(PolicyLoader.loadExample(), consents, objections, PseudonymKey.insecureForTesting());
    final List<String> announced = new ArrayList<>();

    {
        engine.addRedecisionListener((id, prev, next) -> announced.add(id + ": " + prev.outcome() + " -> " + next.outcome()
                + (prev.decisionId().equals(next.supersedes()) ? "" : " (supersedes wrong)")));
    }

    static CallFacts call(String id, String tenant, String caller, Instant at) {
        return CallFacts.builder().callId(id).tenant(tenant).direction(Direction.INBOUND).caller(caller).callee("+4940123456789")
                .time(at).build();
    }

    @Test
    void consentGivenIsRecordedAndTheCallIsDecidedAgain() {
        Decision pending = engine.startCall(call("c1", "versand-de", DE, START));
        assertThat(pending.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);

        Decision next = engine.consentGiven("c1", "ivr-dtmf", AGREED);
        assertThat(next.outcome()).isEqualTo(Outcome.RECORD);
        assertThat(next.basis()).isEqualTo(Basis.CONSENT);
        assertThat(next.supersedes()).isEqualTo(pending.decisionId());
        assertThat(next.time()).isEqualTo(AGREED);
        assertThat(next.canonicalJson()).contains("\"supersedes\":\"" + pending.decisionId() + "\"");
        assertThat(next.evidence().get("consent").toString()).contains("noticeVersion=versand-consent@1", "method=ivr-dtmf");
        assertThat(engine.currentDecision("c1")).isEqualTo(next);
        assertThat(announced).containsExactly("c1: RECORD_AFTER_CONSENT -> RECORD");
        assertThat(recorded).singleElement().satisfies(c -> {
            assertThat(c.subjectKey()).isEqualTo(pending.subject());
            assertThat(c.tenant()).isEqualTo("versand-de");
            assertThat(c.purpose()).isEqualTo("service-quality");
            assertThat(c.noticeVersion()).isEqualTo("versand-consent@1");
            assertThat(c.givenAt()).isEqualTo(AGREED);
        });

        // the subject's next call: consent on record, no capture
        Decision later = engine.startCall(call("c2", "versand-de", DE, START.plusSeconds(3600)));
        assertThat(later.outcome()).isEqualTo(Outcome.RECORD);
        assertThat(later.rule()).isEqualTo("versand-service-consented");
        assertThat(later.obligations()).doesNotContain(Obligations.REQUIRE_CONSENT_DTMF);
    }

    @Test
    void aNoticeStillDueAfterConsentIsNamed() {
        engine.startCall(call("c1", "versand-de", UK, START)); // GB requires a notice
        Decision next = engine.consentGiven("c1", "ivr-dtmf", AGREED);
        assertThat(next.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(next.notice().orElseThrow().id()).isEqualTo("versand-notice");
    }

    @Test
    void consentGivenOnlyForACallWaitingForIt() {
        engine.startCall(call("m", "northgate-bank", UK, START).toBuilder().queue("orders").build());
        assertThatThrownBy(() -> engine.consentGiven("m", "ivr-dtmf", AGREED)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.consentGiven("nope", "ivr-dtmf", AGREED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.consentRefused("m", "consent.declined", AGREED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void consentRefusedStopsTheCallWithTheReason() {
        for (String reason : List.of("consent.declined", "consent.timeout", "consent.abandoned")) {
            Decision pending = engine.startCall(call(reason, "versand-de", DE, START));
            Decision next = engine.consentRefused(reason, reason, AGREED);
            assertThat(next.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
            assertThat(next.supersedes()).isEqualTo(pending.decisionId());
            assertThat(next.explanationLines()).anyMatch(l -> l.contains(reason));
            assertThat(next.notice()).isEmpty();
            assertThat(engine.currentDecision(reason)).isEqualTo(next);
        }
        assertThat(announced).hasSize(3).allMatch(a -> a.endsWith("RECORD_AFTER_CONSENT -> DO_NOT_RECORD"));
        assertThat(recorded).isEmpty();
        engine.startCall(call("x", "versand-de", DE, START));
        assertThatThrownBy(() -> engine.consentRefused("x", "bored", AGREED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWithheldCallersConsentBindsOnlyThatCall() {
        Decision pending = engine.startCall(call("w1", "versand-de", WITHHELD, START));
        assertThat(pending.subject()).isNull();
        assertThat(pending.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        Decision next = engine.consentGiven("w1", "ivr-dtmf", AGREED);
        assertThat(next.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE); // ZZ: a withheld party is always told
        assertThat(next.basis()).isEqualTo(Basis.CONSENT);
        assertThat(recorded).isEmpty(); // nothing in the registry

        // another withheld caller is somebody else
        Decision other = engine.startCall(call("w2", "versand-de", WITHHELD, AGREED.plusSeconds(5)));
        assertThat(other.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);

        InCallRequest r = engine.withdrawOrObject("w1", AGREED.plusSeconds(60));
        assertThat(r.reason()).isEqualTo(InCallRequest.CONSENT_WITHDRAWN);
        assertThat(r.stopsRecording()).isTrue();
        assertThat(r.decision().outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(r.decision().supersedes()).isEqualTo(next.decisionId());
        assertThat(r.confirmationToPlay().orElseThrow().id()).isEqualTo("stopped-de");
        assertThat(r.confirmation().language()).isEqualTo("de");
        assertThat(engine.currentDecision("w2")).isEqualTo(other);
    }

    @Test
    void withdrawingConsentInACallStopsItAndCountsForLaterCalls() {
        engine.startCall(call("c1", "versand-de", DE, START));
        engine.consentGiven("c1", "ivr-dtmf", AGREED);
        InCallRequest r = engine.withdrawOrObject("c1", AGREED.plusSeconds(60));
        assertThat(r.reason()).isEqualTo(InCallRequest.CONSENT_WITHDRAWN);
        assertThat(r.stopsRecording()).isTrue();
        assertThat(r.decision().outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(engine.currentDecision("c1")).isEqualTo(r.decision());
        assertThat(engine.startCall(call("c2", "versand-de", DE, AGREED.plusSeconds(120))).outcome())
                .isEqualTo(Outcome.RECORD_AFTER_CONSENT);
    }

    @Test
    void anInCallObjectionStopsLegitimateInterests() {
        Decision d = engine.startCall(call("r", "brightline-retail", UK, START).toBuilder().callee("+442079460999").build());
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE); // the notice may still be playing
        InCallRequest r = engine.withdrawOrObject("r", "ivr-dtmf", AGREED);
        assertThat(r.reason()).isEqualTo(InCallRequest.OBJECTION_RECORDED);
        assertThat(r.stopsRecording()).isTrue();
        assertThat(r.decision().outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(r.decision().supersedes()).isEqualTo(d.decisionId());
        assertThat(r.confirmation().id()).isEqualTo("stopped-en");
        assertThat(objected).singleElement().satisfies(o -> {
            assertThat(o.subjectKey()).isEqualTo(d.subject());
            assertThat(o.method()).isEqualTo("ivr-dtmf");
        });
        assertThat(announced).containsExactly("r: RECORD_AFTER_NOTICE -> DO_NOT_RECORD");
    }

    @Test
    void aWithheldCallersObjectionStopsOnlyThatCall() {
        Decision d = engine.startCall(call("w", "brightline-retail", WITHHELD, START).toBuilder().callee("+442079460999").build());
        engine.startCall(call("w2", "brightline-retail", WITHHELD, START).toBuilder().callee("+442079460999").build());
        InCallRequest r = engine.withdrawOrObject("w", AGREED);
        assertThat(r.reason()).isEqualTo(InCallRequest.OBJECTION_RECORDED);
        assertThat(r.decision().outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(objected).isEmpty();
        assertThat(engine.currentDecision("w2").outcome()).isEqualTo(d.outcome());
    }

    @Test
    void legalObligationIsNotStoppedByTheCaller() {
        Decision d = engine.startCall(call("m", "northgate-bank", UK, START).toBuilder().callee("+442079460999").queue("orders").build());
        InCallRequest r = engine.withdrawOrObject("m", AGREED);
        assertThat(r.reason()).isEqualTo(InCallRequest.BASIS_NOT_WITHDRAWABLE);
        assertThat(r.stopsRecording()).isFalse();
        assertThat(r.decision()).isSameAs(d);
        assertThat(r.confirmation()).isNull();
        assertThat(engine.currentDecision("m")).isSameAs(d);
        assertThat(objected).isEmpty();
        assertThat(announced).isEmpty();
    }

    @Test
    void aCallNotRecordedOrStillAskingIsHandled() {
        engine.startCall(call("n", "northgate-bank", UK, START).toBuilder().queue("mortgages").build());
        assertThat(engine.withdrawOrObject("n", AGREED).reason()).isEqualTo(InCallRequest.NOT_RECORDING);
        Decision pending = engine.startCall(call("p", "versand-de", DE, START));
        InCallRequest r = engine.withdrawOrObject("p", AGREED);
        assertThat(r.reason()).isEqualTo(InCallRequest.CONSENT_DECLINED);
        assertThat(r.decision().outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(r.decision().supersedes()).isEqualTo(pending.decisionId());
        assertThat(r.decision().explanationLines()).anyMatch(l -> l.contains("consent.declined"));
    }
}
