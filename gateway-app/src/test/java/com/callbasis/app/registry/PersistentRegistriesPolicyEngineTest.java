package com.callbasis.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.policy.CallFacts;
import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.Direction;
import com.callbasis.policy.ObjectionRecord;
import com.callbasis.policy.Outcome;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.PseudonymKey;
import com.callbasis.store.db.MetadataDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy engine deciding over the persistent registries, across a restart. */
class PersistentRegistriesPolicyEngineTest {
    static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    // UK numbers: no regional overlay turns one basis into another
    static final String CALLER = "+442079460123";
    static final String POLICY = """
            version: 1
            tenants: {shop: {}, bank: {}}
            retentionClasses: {qa: P30D}
            rules:
              - {id: consented, match: {tenant: shop, consent: recorded}, record: true, basis: consent, purpose: qa, retention: qa}
              - {id: no-consent, match: {tenant: shop}, record: false}
              - {id: interests, match: {tenant: bank}, record: true, basis: legitimate_interests, lia: LIA-1, purpose: qa, retention: qa}
            """;

    @TempDir
    Path dataDir;

    static CallFacts call(String tenant, Instant at) {
        return CallFacts.builder().tenant(tenant).direction(Direction.INBOUND).caller(CALLER).callee("+442079460999")
                .time(at).build();
    }

    static PolicyEngine engine(MetadataDb db) throws Exception {
        Policy policy = PolicyLoader.loadString(POLICY, "registry-test.yaml");
        return new PolicyEngine(policy, new PersistentConsentRegistry(db.consents()),
                new PersistentObjectionRegistry(db.objections()), PseudonymKey.insecureForTesting());
    }

    @Test
    void storedConsentRecordsAndAfterWithdrawalAndRestartNothingIsRecorded() throws Exception {
        Instant withdrawnAt = T0.plusSeconds(60);
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PolicyEngine engine = engine(db);
            String subject = engine.subjectKey("shop", CALLER);
            new PersistentConsentRegistry(db.consents())
                    .record(ConsentRecord.given(subject, "shop", "qa", "ivr-dtmf", "n1", T0.minusSeconds(3600)));
            assertThat(engine.decide(call("shop", T0)).outcome()).isEqualTo(Outcome.RECORD);
            engine.withdrawConsent(subject, "shop", "qa", withdrawnAt);
        }
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PolicyEngine engine = engine(db);
            assertThat(engine.decide(call("shop", withdrawnAt.plusSeconds(1))).outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
            // not retroactive: the call before the withdrawal was lawfully recorded
            assertThat(engine.decide(call("shop", T0)).outcome()).isEqualTo(Outcome.RECORD);
        }
        assertNoPlainNumberIn(dataDir);
    }

    @Test
    void aPersistedObjectionDefeatsLegitimateInterests() throws Exception {
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PolicyEngine engine = engine(db);
            assertThat(engine.decide(call("bank", T0)).outcome().records()).isTrue();
            engine.object(new ObjectionRecord(engine.subjectKey("bank", CALLER), "bank", "agent", T0.plusSeconds(5)));
        }
        try (MetadataDb db = MetadataDb.openEmbedded(dataDir)) {
            PolicyEngine engine = engine(db);
            assertThat(engine.decide(call("bank", T0.plusSeconds(5))).outcome()).isEqualTo(Outcome.DO_NOT_RECORD);
            assertThat(engine.decide(call("bank", T0)).outcome().records()).isTrue();
        }
        assertNoPlainNumberIn(dataDir);
    }

    /** The registries hold subject keys only: neither the database nor its journal contains the number. */
    static void assertNoPlainNumberIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.getFileName().toString()).doesNotContain(CALLER.substring(1));
            }
        }
    }
}
