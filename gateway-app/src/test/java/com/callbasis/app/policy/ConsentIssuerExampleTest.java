package com.callbasis.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.app.ConsoleCapture;
import com.callbasis.app.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrator's path of docs/consent-tokens.md, with the tools it names: keys made by openssl, a
 * token made by the example issuer in examples/consent-issuer, checked by {@code policy explain
 * --config} against the example policy.
 */
class ConsentIssuerExampleTest extends ConsoleCapture {
    static final Path ISSUER = Path.of("../examples/consent-issuer/IssueConsentToken.java");
    static final String POLICY = "../examples/policy/example-policy.yaml";
    static final String CALLER = "+493012345678";

    @TempDir
    Path dir;
    /** Runs a command in the temp folder; returns its standard output, failing on a non-zero exit. */
    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s exit code", List.of(command)).isZero();
        return new String(stdout, StandardCharsets.UTF_8).strip();
    }

    private String issue(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ISSUER.toAbsolutePath().toString(), "--subject", CALLER, "--tenant", "versand-de", "--purpose", "service-quality",
                "--method", "web-form", "--notice-version", "web-consent-2026-01"));
        cmd.addAll(List.of(extra));
        return run(cmd.toArray(String[]::new));
    }

    private String explain(String token) throws Exception {
        Path facts = Files.writeString(dir.resolve("facts.json"), """
                {"tenant": "versand-de", "direction": "inbound", "caller": "%s", "callee": "+4940123456789",
                 "time": "%s", "consentToken": "%s"}
                """.formatted(CALLER, java.time.Instant.now(), token));
        out.reset();
        assertThat(Main.execute("policy", "explain", "--config", dir.resolve("gw.yaml").toString(), POLICY, facts.toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tokensFromTheExampleIssuerAreConsentForTheExamplePolicy() throws Exception {
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", "ivr.key.pem");
        run("openssl", "pkey", "-in", "ivr.key.pem", "-pubout", "-out", "ivr.pub.pem");
        Files.writeString(dir.resolve("crm.secret"), run("openssl", "rand", "-base64", "48") + "\n");
        Files.writeString(dir.resolve("gw.yaml"), """
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                policy:
                  consentTokens:
                    issuers:
                      webshop-ivr: {algorithm: EdDSA, publicKey: ivr.pub.pem, tenants: [versand-de]}
                      webshop-crm: {algorithm: HS256, secretFile: crm.secret, maxLifetime: 1h}
                """);

        String eddsa = explain(issue("--issuer", "webshop-ivr", "--private-key", "ivr.key.pem"));
        assertThat(eddsa).contains("\"rule\":\"versand-service-consented\"", "\"outcome\":\"RECORD\"",
                "\"issuer\":\"webshop-ivr\"", "\"method\":\"web-form\"", "\"noticeVersion\":\"web-consent-2026-01\"")
                .doesNotContain(CALLER);

        assertThat(explain(issue("--issuer", "webshop-crm", "--secret-file", "crm.secret")))
                .contains("\"rule\":\"versand-service-consented\"", "\"issuer\":\"webshop-crm\"");

        // longer than the CRM issuer's maxLifetime: not consent, so the caller is asked
        String tooLong = explain(issue("--issuer", "webshop-crm", "--secret-file", "crm.secret", "--valid-for", "PT2H"));
        assertThat(tooLong).contains("\"rule\":\"versand-service\"", "RECORD_AFTER_CONSENT", "consent token refused (lifetime_too_long)");

        // without --config no issuer is trusted
        Path facts = dir.resolve("facts.json");
        out.reset();
        assertThat(Main.execute("policy", "explain", POLICY, facts.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"rule\":\"versand-service\"", "consent token refused (no_issuer)");
    }
}
