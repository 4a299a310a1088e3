package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 11, item 1: a policy may forbid pausing the recordings of a basis (legal obligation by default). */
class RecordingControlPolicyTest {
    static final String RULES = """
            version: 1
            tenants: {bank: {}}
            retentionClasses: {mifid: P5Y, qa: P30D}
            rules:
              - {id: orders, match: {queue: orders}, record: true, basis: legal_obligation, citation: "MiFID II Art. 16(7)", purpose: orders, retention: mifid}
              - {id: service, match: {}, record: true, basis: legitimate_interests, lia: LIA-1, purpose: qa, retention: qa}
            """;

    static Decision decide(Policy p, String queue) {
        PolicyEngine e = new PolicyEngine(p, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting());
        return e.decide(CallFacts.builder().tenant("bank").direction(Direction.INBOUND).caller("+442079460123")
                .callee("+442079460999").queue(queue).time(Instant.parse("2026-03-03T10:00:00Z")).callId("c1").build());
    }

    @Test
    void legalObligationRecordingsCannotBePausedByDefault() throws Exception {
        Policy p = PolicyLoader.loadString(RULES, "p.yaml");
        Decision mifid = decide(p, "orders");
        assertThat(mifid.basis()).isEqualTo(Basis.LEGAL_OBLIGATION);
        assertThat(mifid.pauseAllowed()).isFalse();
        assertThat(mifid.canonicalJson()).contains("\"pauseAllowed\":false");
        Decision service = decide(p, "service");
        assertThat(service.pauseAllowed()).isTrue();
        assertThat(service.canonicalJson()).doesNotContain("pauseAllowed");
    }

    @Test
    void aPolicyChoosesWhichBasesMayNotBePaused() throws Exception {
        Policy none = PolicyLoader.loadString(RULES.replace("rules:", "recordingControl: {pauseForbidden: []}\nrules:"), "p.yaml");
        assertThat(decide(none, "orders").pauseAllowed()).isTrue();
        assertThat(none.digest()).isNotEqualTo(PolicyLoader.loadString(RULES, "p.yaml").digest());
        Policy li = PolicyLoader.loadString(RULES.replace("rules:",
                "recordingControl: {pauseForbidden: [legal_obligation, legitimate_interests]}\nrules:"), "p.yaml");
        assertThat(decide(li, "service").pauseAllowed()).isFalse();
    }

    @Test
    void unknownBasisInPauseForbiddenIsRefusedWithItsLine() {
        assertThatThrownBy(() -> PolicyLoader.loadString(RULES.replace("rules:",
                "recordingControl:\n  pauseForbidden: [mifid]\nrules:"), "p.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("p.yaml:5").hasMessageContaining("unknown lawful basis 'mifid'");
    }
}
