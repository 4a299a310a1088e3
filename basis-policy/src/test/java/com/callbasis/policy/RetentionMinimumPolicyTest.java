package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 9: a retention class may carry a minimum (MiFID II's five years are a floor), in the
 * long form {@code name: {period: P5Y, minimum: P5Y}}; the short form {@code name: P5Y} keeps its
 * meaning, its policy digest and the ids of the decisions made under it.
 */
class RetentionMinimumPolicyTest {
    static final Instant CALL = Instant.parse("2026-03-03T10:00:00Z");

    static String policy(String mifidClass) {
        return """
                version: 1
                tenants:
                  bank: {}
                retentionClasses:
                  mifid: %s
                rules:
                  - id: orders
                    match: {tenant: bank}
                    record: true
                    basis: legal_obligation
                    citation: MiFID II Art. 16(7)
                    purpose: order-record
                    retention: mifid
                """.formatted(mifidClass);
    }

    static Decision decide(Policy p) {
        PolicyEngine engine = new PolicyEngine(p, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(),
                PseudonymKey.insecureForTesting());
        return engine.decide(CallFacts.builder().tenant("bank").direction(Direction.INBOUND).caller("+442079460123")
                .time(CALL).build());
    }

    static List<String> errors(String text) {
        try {
            PolicyLoader.loadString(text, "p.yaml");
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("policy was accepted");
    }

    /**
     * Pinned with the code before minimums existed (commit 3a68025): a policy in the short form, and the
     * decision made under it, must keep their digest and id, or every stored decision would stop
     * matching the policy that made it.
     */
    @Test
    void theShortFormKeepsItsDigestAndItsDecisionsTheirIds() throws Exception {
        Policy shortForm = PolicyLoader.loadString(policy("P5Y"), "p.yaml");
        Decision d = decide(shortForm);
        assertThat(shortForm.digest()).isEqualTo(PINNED_DIGEST);
        assertThat(d.decisionId()).isEqualTo(PINNED_DECISION_ID);
        assertThat(d.canonicalJson()).contains("\"retention\":{\"class\":\"mifid\",\"expiresAt\":\"2031-03-03T10:00:00Z\",\"period\":\"P5Y\"}");
        assertThat(d.retention().minimum()).isNull();
        assertThat(d.retention().minimumUntil()).isNull();

        Policy longWithoutMinimum = PolicyLoader.loadString(policy("{period: P5Y}"), "p.yaml");
        assertThat(longWithoutMinimum.digest()).isEqualTo(shortForm.digest());
        assertThat(decide(longWithoutMinimum).decisionId()).isEqualTo(d.decisionId());
    }

    static final String PINNED_DIGEST = "98ed1cb01e6ca7273e4f2a9c3c5ab6a324a784298ce55653b0448c947ea5563c";
    static final String PINNED_DECISION_ID = "dec-af13a2595e7d78fa93c819346414e0ec";

    @Test
    void aMinimumIsCarriedByTheDecisionAndCoveredByTheDigest() throws Exception {
        Policy withMinimum = PolicyLoader.loadString(policy("{period: P7Y, minimum: P5Y}"), "p.yaml");
        Policy without = PolicyLoader.loadString(policy("P7Y"), "p.yaml");
        assertThat(withMinimum.digest()).isNotEqualTo(without.digest());
        assertThat(withMinimum.canonicalJson()).contains("\"retentionClasses\":{\"mifid\":{\"minimum\":\"P5Y\",\"period\":\"P7Y\"}}");
        assertThat(PolicyLoader.loadString(policy("{period: P7Y, minimum: P6Y}"), "p.yaml").digest())
                .isNotEqualTo(withMinimum.digest());

        Decision d = decide(withMinimum);
        assertThat(d.retention().minimum()).isEqualTo(Period.ofYears(5));
        assertThat(d.retention().minimumUntil()).isEqualTo(Instant.parse("2031-03-03T10:00:00Z"));
        assertThat(d.retention().expiresAt()).isEqualTo(Instant.parse("2033-03-03T10:00:00Z"));
        JsonNode retention = new ObjectMapper().readTree(d.canonicalJson()).get("retention");
        assertThat(retention.get("minimumUntil").asText()).isEqualTo("2031-03-03T10:00:00Z");
        assertThat(retention.get("minimum").asText()).isEqualTo("P5Y");
        assertThat(d.decisionId()).isNotEqualTo(decide(without).decisionId());
    }

    @Test
    void badMinimumsAreRefusedWithFileAndLine() {
        assertThat(errors(policy("{period: P5Y, minimum: P6Y}"))).containsExactly(
                "p.yaml:5: retentionClasses.mifid.minimum: retention minimum P6Y is longer than the period P5Y (a recording "
                        + "cannot be kept at least longer than it is kept; compare in the same units)");
        assertThat(errors(policy("{period: P5Y, minimum: P0D}")))
                .contains("p.yaml:5: retentionClasses.mifid.minimum: retention minimum must be positive");
        assertThat(errors(policy("{period: P5Y, minimum: -P1Y}")))
                .contains("p.yaml:5: retentionClasses.mifid.minimum: retention minimum must be positive");
        assertThat(errors(policy("{period: P5Y, minimum: five years}")))
                .contains("p.yaml:5: retentionClasses.mifid.minimum: expected an ISO-8601 period such as P5Y or P90D, got 'five years'");
        assertThat(errors(policy("{minimum: P5Y}")))
                .contains("p.yaml:5: retentionClasses.mifid: period: missing (an ISO-8601 period such as P5Y)");
        assertThat(errors(policy("{period: P5Y, floor: P5Y}")))
                .anyMatch(e -> e.startsWith("p.yaml:5: retentionClasses.mifid.floor: unknown field"));
        assertThat(errors(policy("{period: -P5Y}")))
                .contains("p.yaml:5: retentionClasses.mifid.period: retention period must be positive");
        // units that do not compare for every start date count as longer
        assertThat(errors(policy("{period: P400D, minimum: P1Y}"))).first().asString()
                .startsWith("p.yaml:5: retentionClasses.mifid.minimum: retention minimum P1Y is longer than the period P400D");
    }

    @Test
    void aMinimumEqualToThePeriodOrInOtherUnitsIsAccepted() throws Exception {
        assertThat(decide(PolicyLoader.loadString(policy("{period: P5Y, minimum: P5Y}"), "p.yaml")).retention().minimumUntil())
                .isEqualTo(Instant.parse("2031-03-03T10:00:00Z"));
        assertThat(decide(PolicyLoader.loadString(policy("{period: P5Y, minimum: P60M}"), "p.yaml")).retention().minimumUntil())
                .isEqualTo(Instant.parse("2031-03-03T10:00:00Z"));
    }

    @Test
    void theExampleMifidClassesCarryTheirFloors() {
        PolicyEngine engine = new PolicyEngine(PolicyLoader.loadExample(), new InMemoryConsentRegistry(),
                new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting());
        CallFacts.Builder call = CallFacts.builder().tenant("northgate-bank").direction(Direction.INBOUND)
                .caller("+442079460123").callee("+442079460999").time(CALL);
        Decision orders = engine.decide(call.queue("orders").build());
        assertThat(orders.retention().minimumUntil()).isEqualTo(Instant.parse("2031-03-03T10:00:00Z"));
        Decision held = engine.decide(call.queue("orders-fx").header("X-Retention-Hold", "Regulator").build());
        assertThat(held.retention().retentionClass()).isEqualTo("mifid-extended");
        assertThat(held.retention().minimumUntil()).isEqualTo(Instant.parse("2033-03-03T10:00:00Z"));
    }
}
