package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped multi-tenant example, one scenario per tenant and overlay. */
class ExamplePolicyTest {
    static final String UK = "+442079460123";
    static final String UK_DID = "+442079460999";
    static final String DE = "+493012345678";
    static final String US_CA = "+14155550123";
    static final String US_TX = "+12145550123";
    static final Instant WEEKDAY_10_LONDON = Instant.parse("2026-03-03T10:00:00Z");

    final InMemoryConsentRegistry consents = new InMemoryConsentRegistry();
    final InMemoryObjectionRegistry objections = new InMemoryObjectionRegistry();
    final PolicyEngine engine = new PolicyEngine(PolicyLoader.loadExample(), consents, objections, PseudonymKey.insecureForTesting());

    static CallFacts.Builder inbound(String tenant, String caller, String callee) {
        return CallFacts.builder().tenant(tenant).direction(Direction.INBOUND).caller(caller).callee(callee).time(WEEKDAY_10_LONDON);
    }

    @Test
    void mifidOrderDeskIsLegalObligationForFiveYearsWithNotice() {
        Decision d = engine.decide(inbound("northgate-bank", UK, UK_DID).queue("orders").build());
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(d.basis()).isEqualTo(Basis.LEGAL_OBLIGATION);
        assertThat(d.rule()).isEqualTo("mifid-orders");
        assertThat(d.obligations()).containsExactly("play_notice", "stereo");
        assertThat(d.retention().period()).isEqualTo(Period.ofYears(5));
        assertThat(d.retention().expiresAt()).isEqualTo(Instant.parse("2031-03-03T10:00:00Z"));
        assertThat(d.rights()).containsExactly("access", "erasure_exempt_while_obligation_runs");
        assertThat(d.storageRegions()).containsExactly("uk");
    }

    @Test
    void regulatorHoldExtendsMifidRetentionToSevenYears() {
        Decision d = engine.decide(inbound("northgate-bank", UK, UK_DID).queue("orders-fx").header("X-Retention-Hold", "Regulator").build());
        assertThat(d.rule()).isEqualTo("mifid-orders-regulator-hold");
        assertThat(d.retention().retentionClass()).isEqualTo("mifid-extended");
        assertThat(d.retention().period()).isEqualTo(Period.ofYears(7));
    }

    @Test
    void germanPartyKeepsLegalObligationButForcesConsentElsewhere() {
        Decision mifid = engine.decide(inbound("northgate-bank", DE, UK_DID).queue("orders").build());
        assertThat(mifid.basis()).isEqualTo(Basis.LEGAL_OBLIGATION);
        assertThat(mifid.storageRegions()).containsExactly("eu-de", "uk");

        Decision retail = engine.decide(inbound("brightline-retail", DE, UK_DID).queue("general").build());
        assertThat(retail.rule()).isEqualTo("retail-service");
        assertThat(retail.basis()).isEqualTo(Basis.CONSENT);
        assertThat(retail.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(retail.obligations()).contains("require_consent_dtmf", "play_notice");
        assertThat(retail.explanationLines()).anyMatch(l -> l.contains("DE requires consent"));
    }

    @Test
    void otherBankCallsAreNotRecorded() {
        Decision d = engine.decide(inbound("northgate-bank", UK, UK_DID).queue("mortgages").build());
        assertThat(d.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(d.rule()).isEqualTo("bank-other");
        assertThat(d.basis()).isNull();
        assertThat(d.retention()).isNull();
        assertThat(d.obligations()).isEmpty();
        assertThat(d.rights()).isEmpty();
    }

    @Test
    void cardPaymentsPauseAndSuppressDtmf() {
        Decision d = engine.decide(inbound("brightline-retail", UK, UK_DID).queue("payments").build());
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(d.basis()).isEqualTo(Basis.LEGITIMATE_INTERESTS);
        assertThat(d.obligations()).containsExactly("pause_on_card_entry", "play_notice", "suppress_dtmf");
        assertThat(d.rights()).containsExactly("access", "erasure", "object");
    }

    @Test
    void outOfHoursCallbacksFollowTheLondonClock() {
        CallFacts.Builder b = CallFacts.builder().tenant("brightline-retail").direction(Direction.OUTBOUND).caller(UK_DID).callee(UK)
                .queue("callbacks");
        // 21:30 in London in summer is 20:30 UTC
        assertThat(engine.decide(b.time(Instant.parse("2026-07-01T20:30:00Z")).build()).rule()).isEqualTo("retail-out-of-hours-callbacks");
        assertThat(engine.decide(b.time(Instant.parse("2026-07-01T06:30:00Z")).build()).rule()).isEqualTo("retail-out-of-hours-callbacks");
        assertThat(engine.decide(b.time(Instant.parse("2026-07-01T07:30:00Z")).build()).rule()).isEqualTo("retail-service");
    }

    @Test
    void objectionDefeatsLegitimateInterestsAndPublicTaskOnly() {
        for (String tenant : List.of("brightline-retail", "harbour-council", "northgate-bank")) {
            objections.record(new ObjectionRecord(engine.subjectKey(tenant, UK), tenant, "letter", Instant.parse("2026-01-01T00:00:00Z")));
        }

        Decision retail = engine.decide(inbound("brightline-retail", UK, UK_DID).build());
        assertThat(retail.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(retail.rule()).isEqualTo("retail-service");
        assertThat(retail.explanationLines()).anyMatch(l -> l.contains("objection (Art. 21)"));
        assertThat(engine.decide(inbound("harbour-council", UK, UK_DID).build()).outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        // legal obligation is not objectable
        assertThat(engine.decide(inbound("northgate-bank", UK, UK_DID).queue("orders").build()).outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        // an objection raised after the call does not reach back
        Decision before = engine.decide(inbound("brightline-retail", UK, UK_DID).time(Instant.parse("2025-12-31T12:00:00Z")).build());
        assertThat(before.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
    }

    @Test
    void germanTenantAsksForConsentUnlessItIsOnRecord() {
        CallFacts facts = inbound("versand-de", DE, "+4940123456789").build();
        Decision ask = engine.decide(facts);
        assertThat(ask.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(ask.rule()).isEqualTo("versand-service");
        assertThat(ask.rights()).containsExactly("access", "erasure", "portability", "withdraw_consent");

        consents.record(ConsentRecord.given(engine.subjectKey("versand-de", DE), "versand-de", "service-quality", "web", "n-2026-01",
                Instant.parse("2026-02-01T00:00:00Z")));
        Decision given = engine.decide(facts);
        assertThat(given.outcome()).isEqualTo(Outcome.RECORD);
        assertThat(given.rule()).isEqualTo("versand-service-consented");
        assertThat(given.canonicalJson()).contains("\"consent\":{\"givenAt\":\"2026-02-01T00:00:00Z\",\"method\":\"web\",\"noticeVersion\":\"n-2026-01\"");
    }

    @Test
    void usSalesNeedNoticeOnlyInAllPartyConsentStates() {
        CallFacts.Builder b = CallFacts.builder().tenant("pacific-sales").direction(Direction.OUTBOUND).caller("+12125550100")
                .time(WEEKDAY_10_LONDON);
        Decision texas = engine.decide(b.callee(US_TX).build());
        assertThat(texas.outcome()).isEqualTo(Outcome.RECORD);
        Decision california = engine.decide(b.callee(US_CA).build());
        assertThat(california.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(california.obligations()).containsExactly("play_notice", "stereo");
        assertThat(california.explanationLines()).contains("overlay: US-CA is all-party-consent: notice before recording");
        Decision optOut = engine.decide(b.callee(US_CA).header("X-Record-Opt-Out", "1").build());
        assertThat(optOut.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(optOut.rule()).isEqualTo("sales-crm-opt-out");
    }

    @Test
    void emergencyLineIsVitalInterestsOnlyWhenFlagged() {
        Decision d = engine.decide(inbound("gridsafe", "sip:anonymous@anonymous.invalid", "+448001234567").emergency(true).build());
        assertThat(d.basis()).isEqualTo(Basis.VITAL_INTERESTS);
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(d.subject()).isNull(); // a withheld caller is nobody in particular (issue 11, item 4)
        assertThat(engine.decide(inbound("gridsafe", UK, "+448001234567").build()).rule()).isEqualTo("gridsafe-other");
    }

    @Test
    void councilIsPublicTaskWithObjectionRight() {
        Decision d = engine.decide(inbound("harbour-council", UK, UK_DID).build());
        assertThat(d.basis()).isEqualTo(Basis.PUBLIC_TASK);
        assertThat(d.rights()).contains("object");
        assertThat(d.canonicalJson()).contains("\"citation\":\"Local Government Act 1972 s.111");
    }

    @Test
    void unknownTenantIsNotRecordedAndEveryRuleTriedIsExplained() {
        Decision d = engine.decide(inbound("nobody", UK, UK_DID).build());
        assertThat(d.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(d.rule()).isNull();
        assertThat(d.explanationLines()).last().isEqualTo("no rule matched: do not record");
    }

    @Test
    void canonicalJsonHasSortedKeysTheAgreedFieldsAndNoParties() throws Exception {
        Decision d = engine.decide(inbound("northgate-bank", UK, UK_DID).queue("orders").callId("a84b4c76e66710@pc33.example.com").build());
        String json = d.canonicalJson();
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.fieldNames()).toIterable().contains("basis", "decisionId", "explanation", "obligations", "outcome",
                "policyDigest", "purpose", "retention", "rights", "rule", "time", "tenant");
        assertSorted(root);
        assertThat(root.get("policyDigest").asText()).isEqualTo(engine.policy().digest()).matches("[0-9a-f]{64}");
        assertThat(root.get("retention").get("class").asText()).isEqualTo("mifid");
        assertThat(root.get("retention").get("period").asText()).isEqualTo("P5Y");
        assertThat(root.get("decisionId").asText()).isEqualTo(d.decisionId());
        assertThat(json).doesNotContain("2079460", "sip:", "pc33", "\": ", ", \"", "\n");
        assertThat(new ObjectMapper().writeValueAsString(root)).isEqualTo(json);
    }

    @Test
    void sameFactsGiveTheSameDecisionAndId() {
        CallFacts f = inbound("brightline-retail", UK, UK_DID).queue("payments").build();
        Decision a = engine.decide(f);
        Decision b = new PolicyEngine(PolicyLoader.loadExample(), new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(),
                PseudonymKey.insecureForTesting()).decide(f);
        assertThat(b.canonicalJson()).isEqualTo(a.canonicalJson());
        Decision other = engine.decide(f.toBuilder().queue("general").build());
        assertThat(other.decisionId()).isNotEqualTo(a.decisionId());
    }

    private static void assertSorted(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            assertThat(names).isSorted();
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                assertSorted(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(ExamplePolicyTest::assertSorted);
        }
    }
}
