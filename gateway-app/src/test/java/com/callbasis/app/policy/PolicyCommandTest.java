package com.callbasis.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gateway policy check|explain|test}: outputs and exit codes as issue 3 names them. */
class PolicyCommandTest {
    static final String POLICY = "../examples/policy/example-policy.yaml";
    static final String CASES = "../examples/policy/example-cases.yaml";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

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
        assertThat(errLines()).singleElement().asString().startsWith("gateway: no such file: ");
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
}
