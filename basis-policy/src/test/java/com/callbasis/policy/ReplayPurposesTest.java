package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: replay is purpose-bound; {@code purposes:} says which replay purposes each recording purpose allows. */
class ReplayPurposesTest {
    /** Lines 1-11; a {@code purposes:} block appended starts at line 12. */
    static final String BASE = """
            version: 1
            tenants:
              bank: {}
              shop: {}
            retentionClasses:
              mifid: P5Y
              qa: P90D
            rules:
              - {id: orders, match: {tenant: bank}, record: true, basis: legal_obligation, citation: MiFID II Art. 16(7),
                 purpose: mifid-order-record, retention: mifid}
              - {id: service, match: {tenant: shop}, record: true, basis: contract, purpose: service-quality, retention: qa}
            """;
    static final String PURPOSES = """
            purposes:
              mifid-order-record: {replay: [regulatory-review, dispute]}
              service-quality: {replay: [quality-review, complaint, dispute], description: QA team and complaints}
            """;
    /** Computed with the code before issue 14 (commit d8eade2): a policy without purposes: keeps its digest. */
    static final String PINNED_DIGEST = "7ddefd352597e887b21430d0f9c885bbcebaddc6d77c7d7ffd38886b8bec0c16";

    static Policy load(String text) throws ConfigException {
        return PolicyLoader.loadString(text, "r.yaml");
    }

    static List<String> errors(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("policy was accepted");
    }

    static List<String> warnings(String text) throws ConfigException {
        return load(text).warnings().stream().map(Problem::toString).toList();
    }

    @Test
    void purposesListTheReplayPurposesOfEachRecordingPurpose() throws Exception {
        Policy p = load(BASE + PURPOSES);
        assertThat(p.warnings()).isEmpty();
        assertThat(p.replayPurposes("mifid-order-record")).containsExactly("dispute", "regulatory-review");
        assertThat(p.replayPurposes("service-quality")).containsExactly("complaint", "dispute", "quality-review");
        assertThat(p.replayPurposes("sales-quality")).isEmpty();
        assertThat(p.replayPurposes(null)).isEmpty();
    }

    @Test
    void checkReplayAllowsListedPurposesAndRefusesOthersWithTheReason() throws Exception {
        Policy p = load(BASE + PURPOSES);
        assertThat(p.checkReplay("mifid-order-record", "regulatory-review")).isEmpty();
        assertThat(p.checkReplay("mifid-order-record", "dispute")).isEmpty();
        assertThat(p.checkReplay("mifid-order-record", "training")).contains("replay purpose \"training\" is not allowed for "
                + "recordings made for \"mifid-order-record\" (allowed: dispute, regulatory-review)");
        assertThat(p.checkReplay("sales-quality", "quality-review")).contains("purpose \"sales-quality\" allows no replay "
                + "(the policy lists no replay purpose for it under purposes:)");
        assertThat(p.checkReplay(null, "dispute")).contains("the recording names no purpose, so it allows no replay");
        assertThat(p.checkReplay("service-quality", null)).contains("a replay request must name its purpose");
        assertThat(p.checkReplay("service-quality", " ")).contains("a replay request must name its purpose");
        // request text that is not a purpose name is refused without being echoed
        Optional<String> odd = p.checkReplay("service-quality", "dispute\nforged: line");
        assertThat(odd).contains("the replay purpose is not a purpose name (letters, digits and . _ : -, at most 128)");
        // the reason is always one line, even for a free-text recording purpose
        assertThat(p.checkReplay("two\nlines \"x\"", "dispute")).hasValueSatisfying(r -> assertThat(r).doesNotContain("\n")
                .startsWith("purpose \"two?lines ?x?\" allows no replay"));
    }

    @Test
    void aPolicyWithoutPurposesAllowsNoReplayAndKeepsItsDigest() throws Exception {
        Policy p = load(BASE);
        assertThat(p.digest()).isEqualTo(PINNED_DIGEST);
        assertThat(p.canonicalJson()).doesNotContain("purposes");
        assertThat(p.warnings()).isEmpty();
        assertThat(p.checkReplay("mifid-order-record", "dispute")).contains("purpose \"mifid-order-record\" allows no replay "
                + "(the policy lists no replay purpose for it under purposes:)");
        // entries that allow nothing mean what no entry means
        assertThat(load(BASE + "purposes: {}\n").digest()).isEqualTo(PINNED_DIGEST);
        assertThat(load(BASE + "purposes:\n  mifid-order-record: {replay: []}\n  service-quality: {replay: []}\n").digest())
                .isEqualTo(PINNED_DIGEST);
    }

    @Test
    void theDigestCoversPurposesButNotTheirOrderOrDescriptions() throws Exception {
        Policy p = load(BASE + PURPOSES);
        assertThat(p.digest()).isNotEqualTo(PINNED_DIGEST);
        assertThat(p.canonicalJson()).contains("\"purposes\":{\"mifid-order-record\":{\"replay\":[\"dispute\",\"regulatory-review\"]},"
                + "\"service-quality\":{\"replay\":[\"complaint\",\"dispute\",\"quality-review\"]}}");
        String reordered = BASE + """
                purposes:
                  service-quality:
                    replay: [dispute, complaint, quality-review]
                  mifid-order-record: {replay: [dispute, regulatory-review]}
                """;
        assertThat(load(reordered).digest()).isEqualTo(p.digest());
        assertThat(load(BASE + PURPOSES.replace("complaint, ", "")).digest()).isNotEqualTo(p.digest());
        assertThat(load(BASE + PURPOSES.replace("regulatory-review", "regulatory-inspection")).digest()).isNotEqualTo(p.digest());
    }

    @Test
    void malformedEntriesAreRefusedWithFileAndLine() {
        String bad = BASE + """
                purposes:
                  mifid-order-record: [regulatory-review]
                  service-quality: {replay: dispute}
                  "bad name": {replay: [dispute]}
                  p1: {replay: [ok, "not ok", ok], reviewers: [qa]}
                  p2: {description: no list}
                  p3: {replay: [""]}
                """;
        assertThat(errors(bad)).containsExactly(
                "r.yaml:13: purposes.mifid-order-record: expected a mapping such as {replay: [regulatory-review, dispute]}",
                "r.yaml:14: purposes.service-quality.replay: expected a list of replay purposes such as "
                        + "[regulatory-review, dispute] ([] for none)",
                "r.yaml:15: purposes.bad name: recording purpose must be letters, digits and . _ : - (at most 128)",
                "r.yaml:16: purposes.p1.reviewers: unknown field (expected one of description, replay)",
                "r.yaml:16: purposes.p1.replay[1]: replay purpose must be letters, digits and . _ : - (at most 128), got 'not ok'",
                "r.yaml:16: purposes.p1.replay[2]: replay purpose 'ok' is listed twice",
                "r.yaml:17: purposes.p2: replay: missing (the purposes these recordings may be replayed for; [] for none)",
                "r.yaml:18: purposes.p3.replay[0]: must not be empty");
        assertThat(errors(BASE + "purposes: [dispute]\n")).containsExactly("r.yaml:12: purposes: expected a mapping (key: value)");
    }

    @Test
    void unusedEntriesAndRulePurposesWithoutOneAreWarnings() throws Exception {
        String text = BASE + """
                purposes:
                  mifid-order-record: {replay: [regulatory-review]}
                  service-qualty: {replay: [quality-review]}
                """;
        assertThat(warnings(text)).containsExactly(
                "r.yaml:11: service: purpose 'service-quality' has no entry under purposes:, so its recordings can never be "
                        + "replayed (add purposes.service-quality: {replay: [...]}, or {replay: []} to mean that)",
                "r.yaml:14: purposes.service-qualty: no recording rule has purpose 'service-qualty' (rules record for: "
                        + "mifid-order-record, service-quality)");
        // {replay: []} says on purpose that a purpose's recordings are not replayed
        assertThat(warnings(BASE + "purposes:\n  mifid-order-record: {replay: [dispute]}\n  service-quality: {replay: []}\n"))
                .isEmpty();
        assertThat(load(BASE + "purposes:\n  mifid-order-record: {replay: [dispute]}\n  service-quality: {replay: []}\n")
                .checkReplay("service-quality", "dispute")).contains("purpose \"service-quality\" allows no replay "
                + "(the policy lists no replay purpose for it under purposes:)");
    }

    @Test
    void theEngineChecksUnderThePolicyInForce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, BASE + PURPOSES);
        PolicyEngine engine = new PolicyEngine(PolicyLoader.load(file), new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(),
                PseudonymKey.insecureForTesting());
        assertThat(engine.checkReplay("service-quality", "complaint")).isEmpty();
        Files.writeString(file, BASE + PURPOSES.replace("complaint, ", ""));
        engine.reload(file);
        assertThat(engine.checkReplay("service-quality", "complaint")).contains("replay purpose \"complaint\" is not allowed for "
                + "recordings made for \"service-quality\" (allowed: dispute, quality-review)");
    }

    @Test
    void theExamplesAllowReplayForEveryPurposeTheyRecordFor() throws Exception {
        Policy example = PolicyLoader.loadExample();
        assertThat(example.warnings()).isEmpty();
        for (Rule r : example.rules()) {
            if (r.record) {
                assertThat(example.replayPurposes(r.purpose)).as(r.id).isNotEmpty();
            }
        }
        assertThat(example.checkReplay("mifid-order-record", "regulatory-review")).isEmpty();
        assertThat(example.checkReplay("mifid-order-record", "dispute")).isEmpty();
        assertThat(example.checkReplay("mifid-order-record", "training")).isPresent();
        assertThat(example.checkReplay("gateway-try-out", "quality-review")).isEmpty();

        Policy tryOut = PolicyLoader.load(Path.of("../examples/try-out/policy.yaml"));
        assertThat(tryOut.warnings()).isEmpty();
        assertThat(tryOut.checkReplay("gateway-try-out", "quality-review")).isEmpty();
    }
}
