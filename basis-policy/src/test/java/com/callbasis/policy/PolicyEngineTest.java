package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Life cycle: tracked calls, re-decisions, hot reload. */
class PolicyEngineTest {
    static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    final InMemoryConsentRegistry consents = new InMemoryConsentRegistry();
    final InMemoryObjectionRegistry objections = new InMemoryObjectionRegistry();
    final PolicyEngine engine = new PolicyEngine(PolicyLoader.loadExample(), consents, objections, PseudonymKey.insecureForTesting());
    final List<String> events = new ArrayList<>();

    CallFacts call(String id, String tenant, String caller) {
        return CallFacts.builder().callId(id).tenant(tenant).direction(Direction.INBOUND).caller(caller).callee("+4940123456789")
                .time(T0).build();
    }

    @Test
    void withdrawingConsentMidCallStopsThatCallOnlyAndIsNotRetroactive() {
        String subject = engine.subjectKey("versand-de", "+493012345678");
        consents.record(ConsentRecord.given(subject, "versand-de", "service-quality", "ivr-dtmf", "n1", T0.minusSeconds(3600)));
        engine.addRedecisionListener((id, prev, next) -> events.add(id + " " + prev.outcome() + " -> " + next.outcome()));
        Decision first = engine.startCall(call("c1", "versand-de", "+493012345678"));
        engine.startCall(call("c2", "versand-de", "+493099999999"));
        assertThat(first.outcome()).isEqualTo(Outcome.RECORD);

        Instant at = T0.plusSeconds(60);
        List<Decision> redecided = engine.withdrawConsent(subject, "versand-de", "service-quality", at);

        assertThat(events).containsExactly("c1 RECORD -> DO_NOT_RECORD");
        Decision next = redecided.get(0);
        assertThat(next.supersedes()).isEqualTo(first.decisionId());
        assertThat(next.time()).isEqualTo(at);
        assertThat(next.policyDigest()).isEqualTo(first.policyDigest());
        assertThat(engine.currentDecision("c1")).isEqualTo(next);
        assertThat(engine.currentDecision("c2").outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        // a decision for the original call time still finds the consent: withdrawal is not retroactive
        assertThat(engine.decide(call("c1", "versand-de", "+493012345678")).outcome()).isEqualTo(Outcome.RECORD);
        // a new call after the withdrawal must ask again
        assertThat(engine.decide(call("c3", "versand-de", "+493012345678").toBuilder().time(at.plusSeconds(1)).build()).outcome())
                .isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(engine.endCall("c1")).isEqualTo(next);
        assertThat(engine.currentDecision("c1")).isNull();
    }

    @Test
    void objectionMidCallStopsLegitimateInterestsButNotLegalObligation() {
        engine.addRedecisionListener((id, prev, next) -> events.add(id));
        // UK parties only: a German party would have turned legitimate interests into consent
        engine.startCall(call("retail", "brightline-retail", "+442079460123").toBuilder().callee("+442079460999").build());
        engine.startCall(call("mifid", "northgate-bank", "+442079460123").toBuilder().callee("+442079460999").queue("orders").build());
        String party = "sip:+44-20-7946-0123@sbc.example.net;user=phone";
        List<Decision> stopped = engine.object(new ObjectionRecord(engine.subjectKey("brightline-retail", party),
                "brightline-retail", "agent", T0.plusSeconds(5)));
        engine.object(new ObjectionRecord(engine.subjectKey("northgate-bank", party), "northgate-bank", "agent", T0.plusSeconds(5)));
        assertThat(events).containsExactly("retail");
        assertThat(stopped).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
            assertThat(d.explanationLines()).last().asString()
                    .isEqualTo("overlay: objection (Art. 21) raised at 2026-03-03T10:00:05Z defeats legitimate_interests: stop recording");
        });
        assertThat(engine.currentDecision("mifid").outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
    }

    @Test
    void reloadSwapsAtomicallyAnnouncesTheDigestAndRunningCallsKeepTheirPolicy(@TempDir Path dir) throws Exception {
        engine.addLoadListener(e -> events.add(e.previousDigest() + " -> " + e.digest()));
        String oldDigest = engine.policy().digest();
        engine.startCall(call("running", "brightline-retail", "+442079460123"));

        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "version: 1\ntenants: {brightline-retail: {}}\nretentionClasses: {qa: P30D}\nrules:\n"
                + "  - {id: all-off, match: {tenant: brightline-retail}, record: false}\n");
        PolicyLoaded loaded = engine.reload(file);

        assertThat(loaded.digest()).isEqualTo(engine.policy().digest()).isNotEqualTo(oldDigest);
        assertThat(loaded.previousDigest()).isEqualTo(oldDigest);
        assertThat(loaded.rules()).isEqualTo(1);
        assertThat(events).containsExactly(oldDigest + " -> " + loaded.digest());
        assertThat(engine.currentDecision("running").policyDigest()).isEqualTo(oldDigest);
        assertThat(engine.decide(call("new", "brightline-retail", "+442079460123")).rule()).isEqualTo("all-off");

        Files.writeString(file, "version: 1\nrules:\n  - {id: x, record: true, basis: consent}\n");
        assertThatThrownBy(() -> engine.reload(file)).isInstanceOf(ConfigException.class).hasMessageContaining(": x: ");
        assertThat(engine.policy().digest()).isEqualTo(loaded.digest());
        assertThat(engine.lastLoaded()).isEqualTo(loaded);
    }

    @Test
    void decisionsDuringReloadsAlwaysComeFromOneWholePolicy() throws Exception {
        Policy on = PolicyLoader.loadString("version: 1\ntenants: {t: {}}\nretentionClasses: {qa: P1D}\nrules:\n"
                + "  - {id: on, match: {tenant: t}, record: true, basis: contract, purpose: p, retention: qa}\n", "on.yaml");
        Policy off = PolicyLoader.loadString("version: 1\ntenants: {t: {}}\nrules:\n  - {id: off, match: {tenant: t}, record: false}\n",
                "off.yaml");
        PolicyEngine e = new PolicyEngine(on, consents, objections, PseudonymKey.insecureForTesting());
        CallFacts f = CallFacts.builder().tenant("t").direction(Direction.INBOUND).time(T0).build();
        java.util.concurrent.atomic.AtomicReference<String> torn = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable decider = () -> {
            for (int i = 0; i < 20_000; i++) {
                Decision d = e.decide(f);
                boolean consistent = d.policyDigest().equals(on.digest()) ? "on".equals(d.rule()) && d.outcome() == Outcome.RECORD
                        : d.policyDigest().equals(off.digest()) && "off".equals(d.rule()) && d.outcome() == Outcome.DO_NOT_RECORD;
                if (!consistent) {
                    torn.set(d.canonicalJson());
                }
            }
        };
        Thread a = new Thread(decider);
        Thread b = new Thread(decider);
        a.start();
        b.start();
        for (int i = 0; a.isAlive() || b.isAlive(); i++) {
            e.install(i % 2 == 0 ? off : on);
        }
        a.join();
        b.join();
        assertThat(torn.get()).isNull();
    }

    @Test
    void startCallNeedsACallId() {
        CallFacts noId = call(null, "versand-de", "+493012345678");
        assertThatThrownBy(() -> engine.startCall(noId)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subjectKeysArePseudonymsThatIgnoreNotationButDependOnTheKey() {
        String a = engine.subjectKey("acme", "+442079460123");
        assertThat(a).matches("sk_[0-9a-f]{40}").doesNotContain("2079460123");
        assertThat(engine.subjectKey("acme", "sip:+442079460123@sbc.example.net")).isEqualTo(a);
        assertThat(engine.subjectKey("acme", "tel:+44-20-7946-0123")).isEqualTo(a);
        PolicyEngine other = new PolicyEngine(PolicyLoader.loadExample(), consents, objections, PseudonymKey.random());
        assertThat(other.subjectKey("acme", "+442079460123")).isNotEqualTo(a);
        assertThat(PseudonymKey.random().toString()).doesNotContainPattern("[0-9a-f]{8}");
    }

    /** Issue 11, item 5: an outsourced centre serving two tenants must not be able to link one caller across them. */
    @Test
    void samePersonInTwoTenantsIsNotLinkable() {
        String retail = engine.subjectKey("brightline-retail", "+442079460123");
        String bank = engine.subjectKey("northgate-bank", "+442079460123");
        assertThat(retail).isNotEqualTo(bank);
        // and a decision carries the tenant's key, the one its registries are keyed by
        Decision d = engine.decide(call("c1", "northgate-bank", "+442079460123"));
        assertThat(d.subject()).isEqualTo(bank);
    }

    /** Issue 11, item 4: every withheld caller was one person, so one's consent or objection counted for all. */
    @Test
    void withheldCallersAreNotOnePerson() {
        for (String withheld : List.of("sip:anonymous@anonymous.invalid", "anonymous", "sip:unknown@sbc.example.net",
                "Restricted", "tel:restricted", "sip:user@host.invalid", "")) {
            assertThat(engine.subjectKey("versand-de", withheld)).as(withheld).isNull();
        }
        // consent captured from one anonymous caller in the registry would have matched them all: nothing matches now
        Decision d = engine.decide(call("c9", "versand-de", "sip:anonymous@anonymous.invalid"));
        assertThat(d.subject()).isNull();
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_CONSENT);
        assertThat(d.explanationLines()).contains("subject: " + Decision.NO_SUBJECT);
        assertThat(d.canonicalJson()).contains("\"subject\":null");
    }
}
