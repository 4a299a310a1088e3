package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: the example policy's notices, and decisions that name the exact notice to play. */
class ExampleNoticesTest {
    static final Instant AT = Instant.parse("2026-03-03T10:00:00Z");
    final PolicyEngine engine = new PolicyEngine(PolicyLoader.loadExample(), new InMemoryConsentRegistry(),
            new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting());

    static CallFacts.Builder call(String tenant, Direction dir, String caller, String callee) {
        return CallFacts.builder().tenant(tenant).direction(dir).caller(caller).callee(callee).time(AT);
    }

    @Test
    void theExampleDeclaresItsNoticesWithTheShippedRecordings() throws Exception {
        Policy p = PolicyLoader.loadExample();
        assertThat(p.notices()).extracting(Notice::id).contains("try-out-notice", "versand-consent", "stopped-de", "stopped-en");
        Notice tryOut = p.notice("try-out-notice").orElseThrow();
        String spoken;
        try (var in = getClass().getResourceAsStream("prompts/notice-en.txt")) {
            spoken = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        assertThat(tryOut.text("en")).isEqualTo(spoken);
        assertThat(tryOut.audio("en").sampleRate()).isEqualTo(8000);
        Notice consent = p.notice("versand-consent").orElseThrow();
        assertThat(consent.languages()).containsExactly("de", "en");
        assertThat(consent.kind()).isEqualTo(Notice.Kind.CONSENT);
        assertThat(p.withdrawalConfirmation("versand-de")).map(Notice::id).contains("stopped-de");
        assertThat(p.language("versand-de")).contains("de");
        // the shipped file resolves prompts/ through the symlink to the same recordings
        Policy shipped = PolicyLoader.load(Path.of("../examples/policy/example-policy.yaml"));
        assertThat(shipped.digest()).isEqualTo(p.digest());
    }

    @Test
    void decisionsNameTheNoticeToPlay() throws Exception {
        Decision d = engine.decide(call("default", Direction.INBOUND, "+442079460123", "+442079460999").build());
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        NoticeChoice n = d.notice().orElseThrow();
        assertThat(n.id()).isEqualTo("try-out-notice");
        assertThat(n.version()).isEqualTo("2026-12-01");
        assertThat(n.language()).isEqualTo("en");
        assertThat(n.kind()).isEqualTo(Notice.Kind.NOTICE);
        JsonNode notice = new ObjectMapper().readTree(d.canonicalJson()).get("notice");
        assertThat(notice.get("id").asText()).isEqualTo("try-out-notice");
        assertThat(notice.get("version").asText()).isEqualTo("2026-12-01");
        assertThat(notice.get("language").asText()).isEqualTo("en");
        assertThat(notice.get("kind").asText()).isEqualTo("notice");
        assertThat(notice.get("audioSha256").asText()).isEqualTo(n.audioSha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void consentDecisionsNameThePromptInTheCallersLanguage() {
        Decision de = engine.decide(call("versand-de", Direction.INBOUND, "+493012345678", "+4940123456789").build());
        assertThat(de.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(de.notice().orElseThrow().id()).isEqualTo("versand-consent");
        assertThat(de.notice().orElseThrow().language()).isEqualTo("de");
        // a German caller of a UK tenant: the DE overlay's prompt, in the overlay's language
        Decision retail = engine.decide(call("brightline-retail", Direction.INBOUND, "+493012345678", "+442079460999").queue("general").build());
        assertThat(retail.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(retail.notice().orElseThrow().reference()).isEqualTo("versand-consent@1");
        assertThat(retail.notice().orElseThrow().language()).isEqualTo("de");
        // a UK caller of the German tenant: the tenant's prompt in the tenant's language
        Decision uk = engine.decide(call("versand-de", Direction.INBOUND, "+442079460123", "+4940123456789").build());
        assertThat(uk.notice().orElseThrow().language()).isEqualTo("de");
        // outbound: the subject is the callee (US-CA), whose overlay names none: the tenant's notice
        Decision sales = engine.decide(call("pacific-sales", Direction.OUTBOUND, "+12145550100", "+14155550123").build());
        assertThat(sales.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(sales.notice().orElseThrow().id()).isEqualTo("sales-notice");
    }

    @Test
    void recordAndDoNotRecordNameNoNotice() {
        Decision rec = engine.decide(call("pacific-sales", Direction.OUTBOUND, "+12145550100", "+12145550123").build());
        assertThat(rec.outcome()).isEqualTo(Outcome.RECORD);
        assertThat(rec.notice()).isEmpty();
        assertThat(rec.canonicalJson()).doesNotContain("\"notice\"");
        Decision no = engine.decide(call("northgate-bank", Direction.INBOUND, "+442079460123", "+442079460999").queue("mortgages").build());
        assertThat(no.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
        assertThat(no.notice()).isEmpty();
        assertThat(no.canonicalJson()).doesNotContain("\"notice\"");
    }

    /** Every tenant, from every overlay region and none, in and out: a decision that needs a notice names one of the right kind. */
    @Test
    void everyTenantAndOverlayResolves() {
        List<String> numbers = List.of("+442079460123", "+493012345678", "+14155550123", "+13025550123", "+12145550123",
                "+33142685300", "sip:anonymous@anonymous.invalid", "sip:alice@example.com");
        Policy p = engine.policy();
        int checked = 0;
        for (String tenant : List.of("northgate-bank", "brightline-retail", "versand-de", "pacific-sales", "gridsafe",
                "harbour-council", "default")) {
            for (String a : numbers) {
                for (String b : numbers) {
                    for (Direction dir : Direction.values()) {
                        for (String queue : new String[] {null, "orders", "payments", "general"}) {
                            for (boolean emergency : new boolean[] {false, true}) {
                                CallFacts f = call(tenant, dir, a, b).queue(queue).emergency(emergency).build();
                                Decision d = engine.decide(f, p);
                                if (d.outcome() == Outcome.RECORD_AFTER_NOTICE || d.outcome() == Outcome.RECORD_AFTER_CONSENT) {
                                    checked++;
                                    assertThat(d.notice()).as(f.toString()).isPresent();
                                    assertThat(d.notice().get().kind()).isEqualTo(d.outcome() == Outcome.RECORD_AFTER_CONSENT
                                            ? Notice.Kind.CONSENT : Notice.Kind.NOTICE);
                                } else {
                                    assertThat(d.notice()).isEmpty();
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }
}
