package com.callbasis.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.app.registry.PersistentConsentRegistry;
import com.callbasis.app.registry.PersistentObjectionRegistry;
import com.callbasis.policy.CallFacts;
import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.Decision;
import com.callbasis.policy.Direction;
import com.callbasis.policy.Outcome;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 5: one keyed pseudonymisation, the store's, for the engine, registries and store. */
class StorePseudonymsTest {
    static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    static final String CALLER = "+442079460123";
    static final String POLICY = """
            version: 1
            tenants: {shop: {}, outsourced: {}}
            retentionClasses: {qa: P30D}
            rules:
              - {id: consented, match: {consent: recorded}, record: true, basis: consent, purpose: qa, retention: qa}
              - {id: no-consent, match: {}, record: false}
            """;

    @TempDir
    Path dataDir;
    RecordingStore store;
    PolicyEngine engine;

    @BeforeEach
    void open() throws Exception {
        try (SecretBytes pass = SecretBytes.copyOf("test passphrase".getBytes(StandardCharsets.UTF_8))) {
            store = RecordingStore.openEmbedded(dataDir, pass, Clock.systemUTC());
        }
        engine = new PolicyEngine(PolicyLoader.loadString(POLICY, "pseudonyms-test.yaml"),
                new PersistentConsentRegistry(store.consents()), new PersistentObjectionRegistry(store.objections()),
                new StorePseudonyms(store));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    CallFacts call(String tenant, String caller) {
        return CallFacts.builder().tenant(tenant).direction(Direction.INBOUND).caller(caller).callee("+442079460999")
                .time(T0).callId("c-" + tenant).build();
    }

    @Test
    void engineAndStoreUseOneKeyedPseudonymisation() throws Exception {
        // the engine normalises the party as it arrives; the store is given the normalised identity
        assertThat(engine.subjectKey("shop", "sip:+442079460123@pbx.example;user=phone"))
                .isEqualTo(store.subjectKey("shop", CALLER));
        Decision d = engine.decide(call("shop", CALLER));
        assertThat(d.subject()).isEqualTo(store.subjectKey("shop", CALLER));
    }

    @Test
    void oneCallerInTwoTenantsIsTwoUnlinkableSubjects() throws Exception {
        assertThat(store.subjectKey("shop", CALLER)).isNotEqualTo(store.subjectKey("outsourced", CALLER));
        // consent given to one tenant is not consent for the other
        new PersistentConsentRegistry(store.consents())
                .record(ConsentRecord.given(store.subjectKey("shop", CALLER), "shop", "qa", "ivr-dtmf", "n1", T0.minusSeconds(60)));
        assertThat(engine.decide(call("shop", CALLER)).outcome()).isEqualTo(Outcome.RECORD);
        assertThat(engine.decide(call("outsourced", CALLER)).outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
    }

    @Test
    void storedDecisionOfTheEngineKeepsNoSubjectKey() throws Exception {
        Decision d = engine.decide(call("shop", CALLER));
        String stored = store.recordDecision(d.canonicalJson()).canonicalJson();
        assertThat(d.canonicalJson()).contains(d.subject());
        assertThat(stored).doesNotContain(d.subject()).contains("\"subject\":\"sc_").doesNotContain(CALLER);
        assertThat(stored).contains(d.decisionId());
    }
}
