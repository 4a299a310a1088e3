package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    static final String HEADER = """
            version: 1
            tenants:
              shop: {}
              council: {publicAuthority: true}
            retentionClasses:
              qa: P90D
            """;

    static Policy load(String rules) throws ConfigException {
        return PolicyLoader.loadString(HEADER + rules, "p.yaml");
    }

    static List<String> errors(String rules) {
        try {
            load(rules);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("policy was accepted");
    }

    @Test
    void exampleLoadsWithoutWarnings() {
        Policy p = PolicyLoader.loadExample();
        assertThat(p.warnings()).isEmpty();
        assertThat(p.ruleIds()).contains("mifid-orders", "retail-service", "versand-service", "gas-emergency", "council-services",
                "default-try-out");
        assertThat(p.digest()).matches("[0-9a-f]{64}");
        assertThat(p.source()).isEqualTo(PolicyLoader.EXAMPLE);
    }

    @Test
    void shippedExampleFileEqualsEmbeddedCopy() throws Exception {
        Path shipped = Path.of("../examples/policy/example-policy.yaml");
        assertThat(PolicyLoader.load(shipped).digest()).isEqualTo(PolicyLoader.loadExample().digest());
    }

    @Test
    void digestIgnoresCommentsAndFormattingButNotMeaning() throws Exception {
        String a = "rules:\n  - {id: r1, match: {tenant: shop}, record: true, basis: contract, purpose: service, retention: qa}\n";
        String b = "# a comment\nrules:\n  - id: r1\n    retention: qa\n    record: true\n    purpose: service\n    basis: contract\n    match:\n      tenant: [shop]\n";
        String c = a.replace("P90D", "P91D").replace("purpose: service", "purpose: sales");
        assertThat(load(a).digest()).isEqualTo(load(b).digest());
        assertThat(load(c).digest()).isNotEqualTo(load(a).digest());
        assertThat(load(a).canonicalJson()).doesNotContain(" ").startsWith("{\"jurisdictions\":");
    }

    @Test
    void everyLegalProblemIsReportedWithFileLineAndRuleId() {
        List<String> errs = errors("""
                rules:
                  - id: c1
                    match: {tenant: shop}
                    record: true
                    basis: consent
                    purpose: service
                    retention: qa
                  - id: li1
                    record: true
                    basis: legitimate_interests
                    purpose: service
                    retention: qa
                  - id: lo1
                    record: true
                    basis: legal_obligation
                    purpose: service
                    retention: qa
                  - id: pt1
                    match: {tenant: shop}
                    record: true
                    basis: public_task
                    citation: Some Act s.1
                    purpose: service
                    retention: qa
                  - id: vi1
                    record: true
                    basis: vital_interests
                    purpose: service
                    retention: qa
                  - id: rc1
                    record: true
                    basis: contract
                    purpose: service
                    retention: forever
                  - id: uf1
                    record: false
                    colour: blue
                  - id: c1
                    record: false
                """);
        assertThat(errs).containsExactlyInAnyOrder(
                "p.yaml:8: c1: basis consent requires a consent record or consent capture: set match.consent (recorded, token or any) or the obligation require_consent_dtmf",
                "p.yaml:14: li1: basis legitimate_interests requires lia: a reference to the legitimate-interest assessment",
                "p.yaml:19: lo1: basis legal_obligation requires citation: the law that obliges recording (e.g. MiFID II Art. 16(7))",
                "p.yaml:24: pt1: basis public_task for tenant 'shop', which is not declared a public authority (tenants.shop.publicAuthority: true)",
                "p.yaml:31: vi1: basis vital_interests requires match.emergency: true (emergency and safety lines only)",
                "p.yaml:40: rc1: retention: unknown retention class 'forever' (declared: qa)",
                "p.yaml:43: uf1: colour: unknown field (expected one of basis, citation, consentPrompt, contract, description, id, lia, match, notice, obligations, purpose, record, retention)",
                "p.yaml:44: c1: duplicate rule id (first defined at line 8)");
    }

    @Test
    void publicTaskForAPublicAuthorityWithCitationIsAccepted() throws Exception {
        Policy p = load("""
                rules:
                  - {id: pt, match: {tenant: council}, record: true, basis: public_task, citation: Act s.1, purpose: p, retention: qa}
                """);
        assertThat(p.publicAuthorities()).containsExactly("council");
    }

    @Test
    void matchFieldsAreValidated() {
        List<String> errs = errors("""
                rules:
                  - id: m1
                    match:
                      tenant: nobody
                      direction: sideways
                      callerPrefix: "0044"
                      jurisdiction: germany
                      headers: {X-A: {matches: "("}}
                      time: {from: "25:00", to: "08:00", zone: Mars/Base}
                      consent: maybe
                    record: false
                """);
        assertThat(errs).hasSize(8).allMatch(e -> e.startsWith("p.yaml:") && e.contains(": m1: match."));
        assertThat(String.join("\n", errs)).contains("unknown tenant 'nobody'", "expected inbound or outbound",
                "number prefix must be '+' and digits", "ISO 3166", "not a valid regular expression", "unknown time zone",
                "expected recorded, token or any");
    }

    static final String CODES = "expected an ISO 3166 code such as DE, GB (ISO 3166-1 alpha-2), a US state or territory "
            + "such as US-CA (ISO 3166-2:US), or ZZ for unknown";

    /** Issue 11, item 6: a code no party can have would never match and silently drop a notice or consent. */
    @Test
    void unknownJurisdictionCodesAreRefused() {
        List<String> errs = errors("""
                jurisdictions:
                  UK: {requireNotice: true}
                  US-XX: {allPartyConsent: notice}
                  XX: {requireNotice: true}
                  US-ZZ: {allPartyConsent: consent}
                  EL: {requireConsent: true}
                  GB: {requireNotice: true}
                rules:
                  - id: r1
                    match: {tenant: shop, jurisdiction: [UK, DE], callerJurisdiction: US-XX, calleeJurisdiction: [gb]}
                    record: false
                """);
        assertThat(errs).containsExactlyInAnyOrder(
                "p.yaml:8: jurisdictions.UK: unknown jurisdiction 'UK' (did you mean GB?): " + CODES,
                "p.yaml:9: jurisdictions.US-XX: unknown jurisdiction 'US-XX': " + CODES,
                "p.yaml:10: jurisdictions.XX: unknown jurisdiction 'XX': " + CODES,
                "p.yaml:11: jurisdictions.US-ZZ: unknown jurisdiction 'US-ZZ': " + CODES,
                "p.yaml:12: jurisdictions.EL: unknown jurisdiction 'EL' (did you mean GR?): " + CODES,
                "p.yaml:16: r1: match.jurisdiction: unknown jurisdiction 'UK' (did you mean GB?): " + CODES,
                "p.yaml:16: r1: match.callerJurisdiction: unknown jurisdiction 'US-XX': " + CODES,
                "p.yaml:16: r1: match.calleeJurisdiction: unknown jurisdiction 'gb' (did you mean GB?): " + CODES);
    }

    @Test
    void assignedCountriesUsStatesTerritoriesAndZzAreAccepted() throws Exception {
        Policy p = load("""
                jurisdictions:
                  GB: {requireNotice: true}
                  GR: {requireConsent: true}
                  US-CA: {allPartyConsent: notice}
                  US-DC: {allPartyConsent: notice}
                  US-PR: {requireNotice: true}
                  US-VI: {requireNotice: true}
                  ZZ: {requireNotice: true}
                rules:
                  - {id: r1, match: {jurisdiction: [US, US-WY, US-AS], callerJurisdiction: [AX, ZW]}, record: false}
                """);
        assertThat(p.ruleIds()).containsExactly("r1");
        assertThat(p.canonicalJson()).contains("\"US-VI\"", "\"US-WY\"", "\"ZZ\"");
    }

    @Test
    void nonRecordingRuleTakesNoBasisAndRecordingRuleNeedsPurposeAndRetention() {
        List<String> errs = errors("""
                rules:
                  - {id: a, record: false, basis: contract}
                  - {id: b, record: true, basis: contract}
                """);
        assertThat(errs).containsExactlyInAnyOrder(
                "p.yaml:8: a: basis: a rule with record: false takes no basis",
                "p.yaml:9: b: purpose: missing (a recording rule names its purpose, Art. 5(1)(b))",
                "p.yaml:9: b: retention: missing (a recording rule names a retention class, Art. 5(1)(e))");
    }

    @Test
    void shadowedRulesAreWarnedNotRefused() throws Exception {
        Policy p = load("""
                rules:
                  - {id: broad, match: {tenant: shop}, record: false}
                  - {id: narrow, match: {tenant: shop, queue: [a, b]}, record: true, basis: contract, purpose: p, retention: qa}
                  - {id: other, match: {queue: a}, record: false}
                """);
        assertThat(p.warnings()).extracting(Problem::toString)
                .containsExactly("p.yaml:9: narrow: never reached: rule 'broad' (line 8) matches every call this rule matches");
    }

    /** Issue 11, item 8: consent capture on another basis misleads callers; every non-consent basis is warned. */
    @Test
    void legitimateInterestsThatAsksForConsentIsWarned() throws Exception {
        Policy p = load("""
                rules:
                  - id: li
                    match: {tenant: shop, queue: a}
                    record: true
                    basis: legitimate_interests
                    lia: LIA-1
                    purpose: service
                    retention: qa
                    obligations: [play_notice, require_consent_dtmf]
                  - {id: ct, match: {queue: b}, record: true, basis: contract, purpose: p, retention: qa, obligations: [require_consent_dtmf]}
                  - {id: lo, match: {queue: c}, record: true, basis: legal_obligation, citation: Act s.1, purpose: p, retention: qa,
                     obligations: [require_consent_dtmf]}
                  - {id: pt, match: {tenant: council}, record: true, basis: public_task, citation: Act s.2, purpose: p, retention: qa,
                     obligations: [require_consent_dtmf]}
                  - {id: vi, match: {emergency: true}, record: true, basis: vital_interests, purpose: p, retention: qa,
                     obligations: [require_consent_dtmf]}
                  - {id: cs, match: {queue: d}, record: true, basis: consent, purpose: p, retention: qa, obligations: [require_consent_dtmf]}
                  - {id: li-notice, match: {queue: e}, record: true, basis: legitimate_interests, lia: LIA-1, purpose: p, retention: qa,
                     obligations: [play_notice]}
                """);
        assertThat(p.warnings()).filteredOn(w -> !w.message().startsWith("no notices are declared"))
                .extracting(Problem::toString).containsExactly(
                "p.yaml:15: li: obligations: " + asksConsent("legitimate_interests"),
                "p.yaml:16: ct: obligations: " + asksConsent("contract"),
                "p.yaml:18: lo: obligations: " + asksConsent("legal_obligation"),
                "p.yaml:20: pt: obligations: " + asksConsent("public_task"),
                "p.yaml:22: vi: obligations: " + asksConsent("vital_interests"));
    }

    private static String asksConsent(String basis) {
        return "require_consent_dtmf on a " + basis + " rule asks callers for consent the decision does not rely on, which "
                + "misleads them about the basis and their rights (EDPB Guidelines 05/2020 on consent, section 6); use basis "
                + "consent, or play_notice instead";
    }

    @Test
    void yamlSyntaxAndTopLevelErrorsAreRefused() {
        assertThatThrownBy(() -> PolicyLoader.loadString("version: 1\nrules: [\n", "s.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("s.yaml:");
        assertThatThrownBy(() -> PolicyLoader.loadString("version: 2\nrules: []\nextra: 1\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml:3: extra: unknown field");
    }

    /** Issue 12, item 12: {@code version: 2} read "must be between 1 and 1, got 2". */
    @Test
    void aWrongVersionSaysWhichOneIsUnderstood() {
        assertThatThrownBy(() -> PolicyLoader.loadString("version: 2\nrules: []\n", "v.yaml"))
                .hasMessage("v.yaml:1: version: must be 1, the only policy format version, got '2'");
    }

    /**
     * Issue 12, item 12: one refused retention class made the rules naming it, and with no valid class
     * left every rule, report "unknown retention class 'qa' (declared: )".
     */
    @Test
    void oneBadRetentionClassDoesNotCascade() {
        String text = """
                version: 1
                tenants: {t: {}}
                retentionClasses:
                  qa: P-90D
                  sales: P1Y
                rules:
                  - {id: a, match: {tenant: t}, record: true, basis: legal_obligation, citation: x, purpose: q, retention: qa}
                  - {id: b, match: {tenant: t, queue: s}, record: true, basis: legal_obligation, citation: x, purpose: q, retention: sales}
                  - {id: c, match: {tenant: t, queue: u}, record: true, basis: legal_obligation, citation: x, purpose: q, retention: forever}
                """;
        assertThatThrownBy(() -> PolicyLoader.loadString(text, "r.yaml")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
                        "r.yaml:4: retentionClasses.qa: retention period must be positive",
                        "r.yaml:9: c: retention: unknown retention class 'forever' (declared: qa, sales)"));
        assertThatThrownBy(() -> PolicyLoader.loadString("version: 1\ntenants: {t: {}}\nrules:\n"
                + "  - {id: a, match: {tenant: t}, record: true, basis: legal_obligation, citation: x, purpose: q, retention: qa}\n", "n.yaml"))
                .hasMessage("n.yaml:4: a: retention: unknown retention class 'qa' (no retentionClasses are declared; "
                        + "declare it there, e.g. qa: P1Y)");
    }

    @Test
    void loadsFromPath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, HEADER + "rules:\n  - {id: r, record: false}\n");
        Policy p = PolicyLoader.load(f);
        assertThat(p.ruleIds()).containsExactly("r");
        assertThat(p.ruleLine("r")).isEqualTo(8);
    }
}
