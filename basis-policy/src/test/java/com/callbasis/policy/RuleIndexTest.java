package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
    static PolicyEngine engine(String rules) throws Exception {
        Policy p = PolicyLoader.loadString("version: 1\ntenants: {t: {}, u: {}}\nretentionClasses: {qa: P90D}\nrules:\n" + rules, "i.yaml");
        return new PolicyEngine(p, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting());
    }

    static CallFacts call(String tenant, String callee) {
        return CallFacts.builder().tenant(tenant).direction(Direction.OUTBOUND).callee(callee).time(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    @Test
    void longestStoredPrefixFindsEveryRuleWhosePrefixTheNumberHasInOrder() throws Exception {
        PolicyEngine e = engine("""
                  - {id: berlin, match: {calleePrefix: '+4930'}, record: false}
                  - {id: germany-or-uk, match: {calleePrefix: ['+49', '+44']}, record: false}
                  - {id: any, record: false}
                """);
        assertThat(e.decide(call("t", "+493012345678")).rule()).isEqualTo("berlin");
        assertThat(e.decide(call("t", "+494012345678")).rule()).isEqualTo("germany-or-uk");
        assertThat(e.decide(call("t", "+442079460123")).rule()).isEqualTo("germany-or-uk");
        assertThat(e.decide(call("t", "+14155550123")).rule()).isEqualTo("any");
        assertThat(e.decide(call("t", "sip:bob@example.com")).rule()).isEqualTo("any");
        Decision d = e.decide(call("t", "+14155550123"));
        assertThat(d.explanationLines()).containsExactly("rule any: matched",
                "2 other rule(s) excluded by tenant/direction/queue/purpose/number prefix");
    }

    @Test
    void earlierWildcardRuleStillWinsOverLaterIndexedOne() throws Exception {
        PolicyEngine e = engine("""
                  - {id: first, match: {direction: outbound}, record: false}
                  - {id: second, match: {tenant: t, calleePrefix: '+44'}, record: false}
                """);
        assertThat(e.decide(call("t", "+442079460123")).rule()).isEqualTo("first");
    }

    @Test
    void longScansListSixteenRulesAndCountTheRest() throws Exception {
        StringBuilder rules = new StringBuilder("  - {id: other, match: {tenant: u}, record: false}\n");
        for (int i = 0; i < 40; i++) {
            rules.append("  - {id: r").append(i).append(", match: {tenant: t, jurisdiction: [FR]}, record: false}\n");
        }
        rules.append("  - {id: last, match: {tenant: t}, record: false}\n");
        Decision d = engine(rules.toString()).decide(call("t", "+442079460123"));
        assertThat(d.rule()).isEqualTo("last");
        assertThat(d.explanationLines()).hasSize(16 + 3)
                .contains("... 24 more rule(s) tried, no match", "rule last: matched",
                        "1 other rule(s) excluded by tenant/direction/queue/purpose/number prefix");
        assertThat(d.canonicalJson()).contains("\"rulesExcludedByIndex\":1,", "\"rulesTriedNotListed\":24");
    }
}
