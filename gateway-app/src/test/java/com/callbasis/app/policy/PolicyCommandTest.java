package com.callbasis.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.app.ConsoleCapture;
import com.callbasis.app.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gateway policy check|explain|test}: outputs and exit codes as issue 3 names them. */
class PolicyCommandTest extends ConsoleCapture {
    static final String POLICY = "../examples/policy/example-policy.yaml";
    static final String CASES = "../examples/policy/example-cases.yaml";

    @TempDir
    Path dir;
    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkAcceptsTheExample() {
        assertThat(Main.execute("policy", "check", POLICY)).isZero();
        assertThat(outLines()).singleElement().asString().contains("valid, 14 rules, 0 warning(s), digest ");
    }

    @Test
    void checkPrintsWarningsAndStillExitsZero() throws Exception {
        Path p = write("w.yaml", "version: 1\ntenants: {t: {}}\nrules:\n  - {id: a, record: false}\n  - {id: b, match: {tenant: t}, record: false}\n");
        assertThat(Main.execute("policy", "check", p.toString())).isZero();
        assertThat(outLines().get(0)).isEqualTo("warning: " + p + ":5: b: never reached: rule 'a' (line 4) matches every call this rule matches");
    }

    @Test
    void checkRefusesWithEveryErrorAndExitTwo() throws Exception {
        Path p = write("bad.yaml", "version: 1\nretentionClasses: {qa: P90D}\nrules:\n"
                + "  - {id: li, record: true, basis: legitimate_interests, purpose: q, retention: qa}\n"
                + "  - {id: lo, record: true, basis: legal_obligation, purpose: q, retention: none}\n");
        assertThat(Main.execute("policy", "check", p.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).containsExactly(
                p + ":4: li: basis legitimate_interests requires lia: a reference to the legitimate-interest assessment",
                p + ":5: lo: retention: unknown retention class 'none' (declared: qa)",
                "gateway: policy refused: 2 error(s)");
        assertThat(out.size()).isZero();
    }

    @Test
    void missingFileIsOneLineUserError() {
        assertThat(Main.execute("policy", "check", dir.resolve("nope.yaml").toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).singleElement().asString().startsWith("gateway: ").endsWith(
                "nope.yaml: no such file (give the path of the policy file, e.g. policy.yaml)");
    }

    /** Issue 12, item 12: {@code policy check /etc} said "no such file". */
    @Test
    void aDirectoryGivenAsPolicySaysSo() {
        assertThat(Main.execute("policy", "check", dir.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).containsExactly(
                "gateway: " + dir + ": is a directory, not a policy file (give the YAML file, e.g. policy.yaml)");
    }

    @Test
    void aBinaryPolicyFileSaysItIsNotText() throws Exception {
        Path p = Files.write(dir.resolve("p.yaml"), new byte[] {(byte) 0xc3, (byte) 0x28, 0, 1});
        assertThat(Main.execute("policy", "check", p.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).containsExactly(
                "gateway: " + p + ": is not a text (UTF-8) YAML file (give the policy file, e.g. policy.yaml)");
    }

    @Test
    void explainPrintsCanonicalDecisionJson() throws Exception {
        Path facts = write("f.json", "{\"tenant\":\"versand-de\",\"direction\":\"inbound\",\"caller\":\"+493012345678\","
                + "\"callee\":\"+4940123456789\",\"time\":\"2026-03-03T10:00:00Z\"}");
        assertThat(Main.execute("policy", "explain", POLICY, facts.toString())).isZero();
        String json = outLines().get(0);
        assertThat(outLines()).hasSize(1);
        assertThat(json).startsWith("{\"basis\":\"consent\",").contains("\"outcome\":\"RECORD_AFTER_CONSENT\"")
                .doesNotContain("3012345678");

        out.reset();
        assertThat(Main.execute("policy", "explain", "--consent", "service-quality", POLICY, facts.toString())).isZero();
        assertThat(outLines().get(0)).contains("\"outcome\":\"RECORD\"", "\"rule\":\"versand-service-consented\"");
    }

    @Test
    void explainRejectsBadFactsInOneLine() throws Exception {
        Path facts = write("f.json", "{\"tenant\":\"t\",\"direction\":\"sideways\",\"time\":\"2026-03-03T10:00:00Z\"}");
        assertThat(Main.execute("policy", "explain", POLICY, facts.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).containsExactly("gateway: " + facts + ": facts: direction must be inbound or outbound, got 'sideways'");
    }

    @Test
    void shippedCasesAllPassAndCoverEveryRule() {
        assertThat(Main.execute("policy", "test", POLICY, CASES, "--coverage")).isZero();
        assertThat(outLines()).contains("coverage: 14 of 14 rules reached");
        assertThat(outLines()).last().asString().matches("\\d+ passed, 0 failed");
    }

    @Test
    void failingCasePrintsItsExplanationAndExitsOne() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: wrong expectation
                    facts: {tenant: pacific-sales, direction: outbound, callee: "+14155550123", time: "2026-03-03T18:00:00Z"}
                    expect: {outcome: RECORD, basis: legitimate_interests}
                  - name: right expectation
                    facts: {tenant: nobody, direction: inbound, time: "2026-03-03T18:00:00Z"}
                    expect: {outcome: DO_NOT_RECORD, rule: null}
                """);
        assertThat(Main.execute("policy", "test", POLICY, cases.toString(), "--coverage")).isEqualTo(1);
        List<String> lines = outLines();
        assertThat(lines.get(0)).isEqualTo("FAIL wrong expectation (" + cases + ":2)");
        assertThat(lines).contains("  outcome: expected RECORD, got RECORD_AFTER_NOTICE",
                "    overlay: US-CA is all-party-consent: notice before recording",
                "coverage: 1 of 14 rules reached",
                "  not reached: mifid-orders (" + POLICY + ":69)");
        assertThat(lines).last().isEqualTo("1 passed, 1 failed");
    }

    @Test
    void badCaseFileIsRefusedWithLines() throws Exception {
        Path cases = write("c.yaml", "cases:\n  - name: x\n    facts: {tenant: t, direction: up, time: soon}\n    expect: {outcome: MAYBE}\n");
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).contains(
                cases + ":3: cases[0].facts.direction: expected inbound or outbound",
                "gateway: test cases refused: 3 error(s)");
    }

    // --- issue 11, item 10: what the case format can express ------------------------------------

    @Test
    void casesWrittenBeforeIssue11StillPass() {
        String old = "src/test/resources/com/callbasis/app/policy/issue-11_010-cases-before.yaml";
        assertThat(Main.execute("policy", "test", POLICY, old, "--coverage")).isZero();
        assertThat(outLines()).contains("coverage: 14 of 14 rules reached");
        assertThat(outLines()).last().isEqualTo("26 passed, 0 failed");
    }

    static final String VERSAND = "facts: {tenant: versand-de, direction: inbound, caller: \"+493012345678\", callee: \"+4940123456789\", "
            + "time: \"2026-03-03T10:00:00Z\"}";
    static final String RETAIL = "facts: {tenant: brightline-retail, direction: inbound, caller: \"+442079460123\", "
            + "callee: \"+442079460500\", time: \"2026-03-03T10:00:00Z\"}";

    @Test
    void consentsCarryWithdrawnAtAndTenant() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: consent withdrawn before the call does not count
                    %1$s
                    consents: [{purpose: service-quality, at: "2026-02-01T00:00:00Z", withdrawnAt: "2026-03-01T00:00:00Z"}]
                    expect: {outcome: RECORD_AFTER_CONSENT, rule: versand-service}
                  - name: consent withdrawn after the call still counts (Art. 7(3) is not retroactive)
                    %1$s
                    consents: [{purpose: service-quality, at: "2026-02-01T00:00:00Z", withdrawnAt: "2026-03-03T10:00:01Z"}]
                    expect: {outcome: RECORD, rule: versand-service-consented}
                  - name: consent given to another tenant does not count
                    %1$s
                    consents: [{purpose: service-quality, tenant: brightline-retail, at: "2026-02-01T00:00:00Z"}]
                    expect: {outcome: RECORD_AFTER_CONSENT, rule: versand-service}
                  - name: consent given to this tenant, named explicitly
                    %1$s
                    consents: [{purpose: service-quality, tenant: versand-de, at: "2026-02-01T00:00:00Z"}]
                    expect: {outcome: RECORD, rule: versand-service-consented}
                """.formatted(VERSAND));
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isZero();
        assertThat(outLines()).last().isEqualTo("4 passed, 0 failed");
    }

    @Test
    void objectionsCarryTimeAndTenant() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: objection raised before the call stops legitimate interests
                    %1$s
                    objection: {at: "2026-03-03T09:59:59Z"}
                    expect: {outcome: DO_NOT_RECORD, rule: retail-service}
                  - name: objection raised after the call does not reach back
                    %1$s
                    objection: {at: "2026-03-03T10:00:01Z", method: letter}
                    expect: {outcome: RECORD_AFTER_NOTICE, rule: retail-service}
                  - name: objection to another tenant does not count
                    %1$s
                    objection: [{tenant: harbour-council}, {tenant: versand-de, at: "2026-01-01T00:00:00Z"}]
                    expect: {outcome: RECORD_AFTER_NOTICE, rule: retail-service}
                  - name: old form, before any call
                    %1$s
                    objection: true
                    expect: {outcome: DO_NOT_RECORD}
                """.formatted(RETAIL));
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isZero();
        assertThat(outLines()).last().isEqualTo("4 passed, 0 failed");
    }

    @Test
    void expectComparesRightsEvidenceJurisdictionsAndExpiry() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: consent on record, every new field right
                    %1$s
                    consents: [{purpose: service-quality, method: web, noticeVersion: "2026-01", at: "2026-02-01T00:00:00Z"}]
                    expect:
                      outcome: RECORD
                      rights: [withdraw_consent, access, portability, erasure]    # a set: order does not matter
                      evidence:
                        consent: {givenAt: "2026-02-01T00:00:00.000Z", method: web, noticeVersion: "2026-01", purpose: service-quality}
                        lia: null
                        consentTokenRef: null
                      jurisdictions: {caller: DE, callee: DE}
                      retention.expiresAt: "2026-04-02T10:00:00Z"
                  - name: legitimate interests, every new field wrong
                    %2$s
                    expect:
                      rights: [access, erasure]
                      evidence: {lia: LIA-1, consent: {}}
                      jurisdictions: {caller: UK}
                      retention.expiresAt: "2026-06-02T10:00:00Z"
                  - name: not recording
                    %2$s
                    objection: true
                    expect: {rights: [], evidence: {lia: null, consent: null}, retention.expiresAt: null, jurisdictions: {callee: GB}}
                """.formatted(VERSAND, RETAIL));
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isEqualTo(1);
        List<String> lines = outLines();
        assertThat(lines).containsSubsequence("FAIL legitimate interests, every new field wrong (" + cases + ":14)",
                "  retention.expiresAt: expected 2026-06-02T10:00:00Z, got 2026-06-01T10:00:00Z",
                "  rights: expected [access, erasure], got [access, erasure, object]",
                "  evidence.lia: expected LIA-1, got LIA-2025-007 service quality and complaint handling",
                "  evidence.consent: expected a consent record, got none",
                "  jurisdictions.caller: expected UK, got GB",
                "  explanation:");
        assertThat(lines).noneMatch(l -> l.startsWith("FAIL consent on record") || l.startsWith("FAIL not recording"));
        assertThat(lines).last().isEqualTo("2 passed, 1 failed");
    }

    @Test
    void purposeNullInFactsAndExpect() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: a call without a purpose, said explicitly
                    facts: {tenant: brightline-retail, direction: inbound, caller: "+442079460123", purpose: null, time: "2026-03-03T10:00:00Z"}
                    expect: {outcome: RECORD_AFTER_NOTICE, purpose: service-quality}
                  - name: no decision purpose when not recording
                    facts: {tenant: nobody, direction: inbound, time: "2026-03-03T10:00:00Z", purpose: ~}
                    expect: {outcome: DO_NOT_RECORD, purpose: null}
                  - name: purpose null is checked
                    facts: {tenant: brightline-retail, direction: inbound, caller: "+442079460123", time: "2026-03-03T10:00:00Z"}
                    expect: {purpose: null}
                """);
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isEqualTo(1);
        assertThat(outLines()).contains("FAIL purpose null is checked (" + cases + ":8)", "  purpose: expected null, got service-quality");
        assertThat(outLines()).last().isEqualTo("2 passed, 1 failed");
    }

    @Test
    void badNewKeysAreRefusedWithFileLine() throws Exception {
        Path cases = write("c.yaml", """
                cases:
                  - name: bad
                    facts: {tenant: versand-de, direction: inbound, time: "2026-03-03T10:00:00Z"}
                    consents: [{purpose: p, at: "2026-02-01T00:00:00Z", withdrawnAt: "2026-01-01T00:00:00Z"}, {purpose: q, withdrawnAt: soon, colour: red}]
                    objection: {at: yesterday, tenant: ""}
                    expect:
                      evidence: {}
                      jurisdictions: {party: DE}
                      retention.expiresAt: never
                      retention.period: P1Y
                """);
        assertThat(Main.execute("policy", "test", POLICY, cases.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).contains(
                cases + ":4: cases[0].consents[0].withdrawnAt: withdrawnAt 2026-01-01T00:00:00Z is before at 2026-02-01T00:00:00Z "
                        + "(consent is withdrawn after it is given)",
                cases + ":4: cases[0].consents[1].withdrawnAt: expected an ISO-8601 instant such as 2026-03-03T10:00:00Z, got 'soon'",
                cases + ":4: cases[0].consents[1].colour: unknown field (expected one of at, method, noticeVersion, purpose, tenant, withdrawnAt)",
                cases + ":5: cases[0].objection.at: expected an ISO-8601 instant such as 2026-03-03T10:00:00Z, got 'yesterday'",
                cases + ":5: cases[0].objection.tenant: must not be empty",
                cases + ":7: cases[0].expect.evidence: names no key, so it would compare nothing (leave it out, or name keys such as lia)",
                cases + ":8: cases[0].expect.jurisdictions.party: unknown field (expected one of callee, caller)",
                cases + ":9: cases[0].expect.retention.expiresAt: expected an ISO-8601 instant such as 2026-03-03T10:00:00Z, got 'never'");
        assertThat(String.join("\n", errLines())).contains(":10: cases[0].expect.retention.period: unknown field");
        assertThat(errLines()).last().asString().startsWith("gateway: test cases refused: ");
    }
}
