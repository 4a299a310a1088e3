package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: notices and consent prompts in the policy file, read and checked at load. */
class NoticesPolicyTest {
    /** Line 6 is the audio of notice n (a problem with it is reported there). */
    static final String NOTICES = """
            version: 1
            notices:
              n:
                kind: notice
                version: "v1"
                audio: {en: n.wav}
                text: {en: "This call is recorded."}
              c:
                kind: consent
                version: "2"
                text: {de: "Zustimmen: 1", en: "Agree: 1"}
                audio: {de: c-de.wav, en: c-en.wav}
              done:
                kind: confirmation
                version: "1"
                text: {en: "Stopped."}
                audio: {en: n.wav}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void prompts() throws Exception {
        Files.write(dir.resolve("n.wav"), TestWav.wav(1, 1, 8000, 16, 8000 * 2, true, false)); // 2 s, with a LIST chunk
        Files.write(dir.resolve("c-de.wav"), TestWav.wav(1, 1, 16000, 16, 16000, false, true)); // extensible PCM
        Files.write(dir.resolve("c-en.wav"), TestWav.pcm(48000, 1.5));
    }

    Policy load(String text) throws ConfigException {
        return PolicyLoader.loadString(text, "n.yaml", dir);
    }

    List<String> errors(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("policy was accepted");
    }

    static String policy(String tenants, String rules) {
        return NOTICES + "tenants:\n" + tenants + "retentionClasses: {qa: P90D}\nrules:\n" + rules;
    }

    static final String SHOP = "  shop: {language: en, notice: n, consentPrompt: c, withdrawalConfirmation: done}\n";
    static final String LI_NOTICE = "  - {id: r1, match: {tenant: shop}, record: true, basis: legitimate_interests, lia: L, purpose: p, "
            + "retention: qa, obligations: [play_notice]}\n";

    @Test
    void noticesAreReadWithTheirRecordings() throws Exception {
        Policy p = load(policy(SHOP, LI_NOTICE));
        assertThat(p.notices()).extracting(Notice::id).containsExactly("n", "c", "done");
        Notice n = p.notice("n").orElseThrow();
        assertThat(n.kind()).isEqualTo(Notice.Kind.NOTICE);
        assertThat(n.version()).isEqualTo("v1");
        assertThat(n.reference()).isEqualTo("n@v1");
        assertThat(n.text("en")).isEqualTo("This call is recorded.");
        assertThat(n.agreeDigit()).isNull();
        NoticeAudio a = n.audio("en");
        assertThat(a.file()).isEqualTo("n.wav");
        assertThat(a.sampleRate()).isEqualTo(8000);
        assertThat(a.sampleCount()).isEqualTo(16000);
        assertThat(a.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.sha256()).isEqualTo(Canonical.hex(Canonical.sha256(Files.readAllBytes(dir.resolve("n.wav")))));
        short[] s = a.samples();
        s[0] = 42;
        assertThat(a.samples()[0]).isNotEqualTo((short) 42); // a copy
        assertThat(a.samplesView().isReadOnly()).isTrue();

        Notice c = p.notice("c").orElseThrow();
        assertThat(c.languages()).containsExactly("de", "en");
        assertThat(c.audio("de").sampleRate()).isEqualTo(16000);
        assertThat(c.audio("en").sampleRate()).isEqualTo(48000);
        assertThat(c.agreeDigit()).isEqualTo("1");
        assertThat(c.declineDigit()).isEqualTo("2");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.repeats()).isEqualTo(1);
        assertThatThrownBy(() -> c.audio("fr")).isInstanceOf(IllegalArgumentException.class);
        assertThat(p.withdrawalConfirmation("shop")).map(Notice::id).contains("done");
        assertThat(p.language("shop")).contains("en");
        assertThat(p.notice("nope")).isEmpty();
    }

    @Test
    void loadResolvesAudioRelativeToThePolicyFile() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policy(SHOP, LI_NOTICE));
        assertThat(PolicyLoader.load(file).notice("n")).isPresent();
    }

    @Test
    void consentPromptSettings() throws Exception {
        String text = policy(SHOP, LI_NOTICE).replace("    audio: {de: c-de.wav, en: c-en.wav}\n",
                "    audio: {de: c-de.wav, en: c-en.wav}\n    digits: {agree: \"9\", decline: \"#\"}\n    timeout: 5s\n    repeats: 0\n");
        Notice c = load(text).notice("c").orElseThrow();
        assertThat(c.agreeDigit()).isEqualTo("9");
        assertThat(c.declineDigit()).isEqualTo("#");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.repeats()).isZero();
        assertThat(errors(text.replace("\"#\"", "\"9\""))).containsExactly("n.yaml:13: notices.c.digits: agree and decline are the same digit '9'");
        assertThat(errors(text.replace("\"#\"", "\"x\""))).containsExactly(
                "n.yaml:13: notices.c.digits.decline: expected one DTMF digit (0-9, *, #, A-D), got 'x'");
        assertThat(errors(text.replace("timeout: 5s", "timeout: 2m"))).containsExactly(
                "n.yaml:14: notices.c.timeout: must be positive and at most PT1M, got PT2M");
        assertThat(errors(policy(SHOP, LI_NOTICE).replace("    version: \"v1\"\n", "    version: \"v1\"\n    repeats: 2\n")))
                .containsExactly("n.yaml:6: notices.n.repeats: only a consent prompt (kind: consent) takes repeats");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "stereo     | 2 channels (mono required)",
        "22050 Hz   | 22050 Hz (8000, 16000 or 48000 required)",
        "8-bit      | 8-bit samples (16-bit required)",
        "A-law      | format tag 6 is not PCM",
        "not RIFF   | not a WAV file (no RIFF/WAVE header)",
        "truncated  | truncated: chunk 'data' declares 32000 bytes, 1000 remain",
        "odd data   | ends inside a 16-bit sample",
        "empty      | no samples (empty data chunk)",
        "too long   | plays 31.00 s, longer than the bound of 30.00 s (noticeLimits.maxDuration)",
        "missing    | n.wav: no such file",
        "extensible float | WAVE_FORMAT_EXTENSIBLE with a sub-format other than PCM",
        "no fmt     | no fmt chunk",
    })
    void badRecordingsAreRefusedAtTheirLine(String bad, String problem) throws Exception {
        Path n = dir.resolve("n.wav");
        switch (bad) {
            case "stereo" -> Files.write(n, TestWav.wav(1, 2, 8000, 16, 8000, false, false));
            case "22050 Hz" -> Files.write(n, TestWav.pcm(22050, 1));
            case "8-bit" -> Files.write(n, TestWav.wav(1, 1, 8000, 8, 8000, false, false));
            case "A-law" -> Files.write(n, TestWav.wav(6, 1, 8000, 8, 8000, false, false));
            case "not RIFF" -> Files.writeString(n, "ID3 this is an mp3, honest");
            case "truncated" -> Files.write(n, Arrays.copyOf(TestWav.pcm(16000, 1), 44 + 1000));
            case "odd data" -> {
                byte[] b = TestWav.wav(1, 1, 8000, 16, 10, false, false);
                b[40] = 19; // data length 19: half a sample at the end (the padding byte follows)
                Files.write(n, Arrays.copyOf(b, 44 + 20));
            }
            case "empty" -> Files.write(n, TestWav.pcm(8000, 0));
            case "too long" -> Files.write(n, TestWav.pcm(8000, 31));
            case "missing" -> Files.delete(n);
            case "extensible float" -> Files.write(n, TestWav.wav(3, 1, 8000, 16, 8000, false, true));
            case "no fmt" -> Files.write(n, Arrays.copyOfRange(TestWav.pcm(8000, 1), 0, 12));
            default -> throw new AssertionError(bad);
        }
        List<String> errs = errors(policy(SHOP, LI_NOTICE));
        assertThat(errs).hasSize(2); // notice n's audio, and done, which uses the same file (line 17)
        assertThat(errs.get(0)).startsWith("n.yaml:6: notices.n.audio.en: n.wav: ").contains(problem);
        assertThat(errs.get(1)).startsWith("n.yaml:17: notices.done.audio.en: n.wav: ");
    }

    @Test
    void theBoundIsConfigurable() throws Exception {
        String text = policy(SHOP, LI_NOTICE).replace("notices:\n", "noticeLimits: {maxDuration: PT1S}\nnotices:\n");
        assertThat(errors(text)).contains(
                "n.yaml:7: notices.n.audio.en: n.wav: plays 2.00 s, longer than the bound of 1.00 s (noticeLimits.maxDuration)");
        assertThat(errors(text.replace("PT1S", "PT10M"))).contains(
                "n.yaml:2: noticeLimits.maxDuration: must be positive and at most PT5M (a caller is not kept listening longer), got PT10M");
    }

    @Test
    void textAndAudioMustCoverTheSameLanguages() {
        String noDe = policy(SHOP, LI_NOTICE).replace("text: {de: \"Zustimmen: 1\", en: \"Agree: 1\"}", "text: {en: \"Agree: 1\"}");
        assertThat(errors(noDe)).containsExactly(
                "n.yaml:12: notices.c.audio.de: no text for language de: the text says what the caller hears in it (add text.de)");
        String extraFr = policy(SHOP, LI_NOTICE).replace("text: {en: \"Stopped.\"}", "text: {en: \"Stopped.\", fr: \"Arrêté.\"}");
        assertThat(errors(extraFr)).containsExactly(
                "n.yaml:16: notices.done.text.fr: text for language fr without a recording (add audio.fr)");
    }

    @Test
    void referencesMustNameADeclaredNoticeOfTheRightKind() {
        assertThat(errors(policy("  shop: {notice: nope, consentPrompt: n, withdrawalConfirmation: c}\n", LI_NOTICE))).containsExactly(
                "n.yaml:19: tenants.shop.notice: unknown notice 'nope' (declared: c, done, n)",
                "n.yaml:19: tenants.shop.consentPrompt: notice 'n' is of kind notice; this field needs one of kind consent",
                "n.yaml:19: tenants.shop.withdrawalConfirmation: notice 'c' is of kind consent; this field needs one of kind confirmation");
        assertThat(errors(policy(SHOP, LI_NOTICE.replace("obligations: [play_notice]", "obligations: [play_notice], notice: done"))))
                .containsExactly("n.yaml:22: r1: notice: notice 'done' is of kind confirmation; this field needs one of kind notice");
        assertThat(errors(policy(SHOP, LI_NOTICE).replace("tenants:\n", "jurisdictions: {DE: {requireConsent: true, consentPrompt: x, language: 'de x'}}\ntenants:\n")))
                .containsExactly("n.yaml:18: jurisdictions.DE.consentPrompt: unknown notice 'x' (declared: c, done, n)",
                        "n.yaml:18: jurisdictions.DE.language: not a language tag such as en, de or en-GB: 'de x'");
        assertThat(errors(policy(SHOP, "  - {id: r0, match: {tenant: shop}, record: false, notice: n}\n"))).containsExactly(
                "n.yaml:22: r0: notice: a rule with record: false takes no notice");
    }

    @Test
    void aDecisionThatCanNeedANoticeMustResolveOneForEveryTenantItServes() throws Exception {
        String tenants = SHOP + "  bare: {}\n";
        String li = "  - {id: r1, match: {tenant: [shop, bare]}, record: true, basis: legitimate_interests, lia: L, purpose: p, "
                + "retention: qa, obligations: [play_notice]}\n";
        assertThat(errors(policy(tenants, li))).containsExactly("n.yaml:23: r1: can need a recording notice (play_notice) that "
                + "nothing names for tenant 'bare': name notice: on the rule, or tenants.<tenant>.notice");
        // the rule's own notice serves every tenant
        assertThat(load(policy(tenants, li).replace("[play_notice]}", "[play_notice], notice: n}")).warnings()).isEmpty();
    }

    @Test
    void anOverlayCanAddTheNeedToAnyRecordingRule() throws Exception {
        String tenants = "  bare: {}\n";
        String contract = "  - {id: k, match: {tenant: bare}, record: true, basis: contract, purpose: p, retention: qa}\n";
        String gb = "jurisdictions: {GB: {requireNotice: true}}\n";
        assertThat(errors(policy(tenants, contract).replace("tenants:\n", gb + "tenants:\n"))).containsExactly(
                "n.yaml:23: k: can need a recording notice (GB requireNotice) that nothing names for tenant 'bare': name notice: "
                        + "on the rule, or tenants.<tenant>.notice, or notice: on every overlay listed");
        // an overlay that names its own notice meets the need it creates
        load(policy(tenants, contract).replace("tenants:\n", "jurisdictions: {GB: {requireNotice: true, notice: n}}\ntenants:\n"));
        // requireConsent and all-party consent ask for a consent prompt
        assertThat(errors(policy(tenants, contract).replace("tenants:\n", "jurisdictions: {US-CA: {allPartyConsent: consent, notice: n}}\ntenants:\n")))
                .containsExactly("n.yaml:23: k: can need a consent prompt (US-CA allPartyConsent: consent) that nothing names for tenant 'bare': "
                        + "name consentPrompt: on the rule, or tenants.<tenant>.consentPrompt, or consentPrompt: on every overlay listed");
        // legal obligation is never switched to consent by requireConsent
        load(policy(tenants, "  - {id: lo, match: {tenant: bare}, record: true, basis: legal_obligation, citation: Act, purpose: p, retention: qa}\n")
                .replace("tenants:\n", "jurisdictions: {DE: {requireConsent: true}}\ntenants:\n"));
    }

    @Test
    void consentCaptureNeedsAConsentPrompt() {
        String rule = "  - {id: cs, match: {tenant: bare}, record: true, basis: consent, purpose: p, retention: qa, obligations: [require_consent_dtmf]}\n";
        assertThat(errors(policy("  bare: {notice: n}\n", rule))).containsExactly("n.yaml:22: cs: can need a consent prompt "
                + "(require_consent_dtmf) that nothing names for tenant 'bare': name consentPrompt: on the rule, or tenants.<tenant>.consentPrompt");
    }

    @Test
    void aRuleWithoutTenantAlsoServesUndeclaredTenants() {
        String rule = "  - {id: any, record: true, basis: legitimate_interests, lia: L, purpose: p, retention: qa, obligations: [play_notice]}\n";
        assertThat(errors(policy(SHOP, rule))).containsExactly("n.yaml:22: any: can need a recording notice (play_notice) that nothing "
                + "names for tenant tenants not declared under tenants: (the rule has no match.tenant): name notice: on the rule, or "
                + "tenants.<tenant>.notice");
    }

    @Test
    void policiesWithoutNoticesKeepTheirMeaningAndDigest() throws Exception {
        String old = """
                version: 1
                tenants: {shop: {}}
                retentionClasses: {qa: P90D}
                jurisdictions: {GB: {requireNotice: true}}
                rules:
                  - {id: r1, match: {tenant: shop}, record: true, basis: legitimate_interests, lia: L, purpose: p, retention: qa, obligations: [play_notice]}
                """;
        Policy p = load(old);
        assertThat(p.notices()).isEmpty();
        assertThat(p.canonicalJson()).doesNotContain("notice\":").contains("\"tenants\":{\"shop\":{\"publicAuthority\":false}}");
        assertThat(p.warnings()).extracting(Problem::toString).containsExactly("n.yaml:6: rules: no notices are declared: decisions "
                + "that need a recording notice or a consent prompt name none (first: rule r1); declare them under notices: (docs/policy.md)");
        // computed with the code before issue 13 (commit f311662): the digest of a policy without notices did not change
        assertThat(p.digest()).isEqualTo(PINNED_OLD_DIGEST);
        Decision d = new PolicyEngine(p, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(), PseudonymKey.insecureForTesting())
                .decide(CallFacts.builder().tenant("shop").direction(Direction.INBOUND).caller("+442079460123").callee("+442079460999")
                        .time(java.time.Instant.parse("2026-03-03T10:00:00Z")).build());
        assertThat(d.outcome()).isEqualTo(Outcome.RECORD_AFTER_NOTICE);
        assertThat(d.notice()).isEmpty();
        assertThat(d.canonicalJson()).doesNotContain("\"notice\"");
    }

    static final String PINNED_OLD_DIGEST = "e590dec7e14bb8e72779eb36b686cdceede9774bcc1440e90a89c0907cd8d200";

    @Test
    void theDigestCoversEachRecordingByItsHash() throws Exception {
        Policy a = load(policy(SHOP, LI_NOTICE));
        byte[] wav = Files.readAllBytes(dir.resolve("n.wav"));
        wav[wav.length - 1] ^= 1; // one sample's low bit
        Files.write(dir.resolve("n.wav"), wav);
        Policy b = load(policy(SHOP, LI_NOTICE));
        assertThat(b.digest()).isNotEqualTo(a.digest());
        assertThat(b.canonicalJson()).contains(b.notice("n").orElseThrow().audio("en").sha256());
        // the file name is not meaning: the same recording under another name keeps the digest
        Files.write(dir.resolve("other.wav"), wav);
        assertThat(load(policy(SHOP, LI_NOTICE).replace("{en: n.wav}", "{en: other.wav}")).digest()).isEqualTo(b.digest());
        // text, version, digits and the tenant's choices are meaning
        for (String changed : List.of(policy(SHOP, LI_NOTICE).replace("recorded.\"", "recorded!\""),
                policy(SHOP, LI_NOTICE).replace("\"v1\"", "\"v2\""),
                policy(SHOP, LI_NOTICE).replace("    audio: {de: c-de.wav, en: c-en.wav}\n", "    audio: {de: c-de.wav, en: c-en.wav}\n    repeats: 2\n"),
                policy(SHOP.replace("language: en, ", "language: de, "), LI_NOTICE))) {
            assertThat(load(changed).digest()).isNotEqualTo(b.digest());
        }
    }
}
