package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 7: the loader's "never reached" warning must never name a rule some call reaches. The
 * check is a brute-force search with the real evaluator over the example policy, hand-written
 * consent cases and seeded random policies.
 */
class NeverReachedWarningTest {
    static final String HEADER = """
            version: 1
            tenants: {t1: {}, t2: {}, authority: {publicAuthority: true}}
            retentionClasses: {qa: P90D, short: P30D, long: P5Y}
            jurisdictions: {DE: {requireConsent: true}, US-CA: {allPartyConsent: notice}}
            rules:
            """;

    static Policy load(String rules) {
        try {
            return PolicyLoader.loadString(HEADER + rules, "r.yaml");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage() + "\n" + rules, e);
        }
    }

    static Set<String> neverReached(Policy p) {
        Set<String> out = new TreeSet<>();
        for (Problem w : p.warnings()) {
            if (w.message().startsWith("never reached")) {
                out.add(w.path());
            }
        }
        return out;
    }

    @Test
    void noFalseNeverReachedWarningAfterConsentAny() {
        Policy p = load("""
                  - {id: consented, match: {tenant: t1, consent: any}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: ask, match: {tenant: t1}, record: true, basis: consent, purpose: p1, retention: qa, obligations: [require_consent_dtmf]}
                """);
        assertThat(p.warnings()).filteredOn(w -> !w.message().startsWith("no notices are declared")).isEmpty();
        // and the engine does reach it: a caller with neither consent on record nor a token
        assertThat(new BruteForceReach(p, new Random(1)).chosenRules(500)).containsExactly("ask", "consented");
    }

    @Test
    void consentForAnotherPurposeDoesNotShadow() {
        Policy p = load("""
                  - {id: a, match: {tenant: t1, consent: recorded}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: b, match: {tenant: t1, consent: recorded}, record: true, basis: consent, purpose: p2, retention: qa}
                  - {id: c, match: {tenant: t1, consent: token}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: d, match: {tenant: t1, consent: any}, record: true, basis: consent, purpose: p1, retention: qa}
                """);
        assertThat(neverReached(p)).isEmpty();
    }

    @Test
    void consentConditionsThatDoCoverStillWarn() {
        Policy p = load("""
                  - {id: any-p1, match: {tenant: t1, consent: any}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: rec-p1, match: {tenant: t1, consent: recorded}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: tok-p1, match: {tenant: t1, consent: token}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: tok-p2, match: {tenant: t1, consent: token}, record: true, basis: consent, purpose: p2, retention: qa}
                  - {id: any-p1-again, match: {tenant: t1, queue: q1, consent: any}, record: true, basis: consent, purpose: p1, retention: qa}
                  - {id: open, match: {tenant: t2}, record: false}
                  - {id: consent-t2, match: {tenant: t2, consent: any}, record: false}
                """);
        assertThat(neverReached(p)).containsExactly("any-p1-again", "consent-t2", "rec-p1", "tok-p1");
    }

    @Test
    void neverReachedWarningsAgreeWithBruteForce() throws Exception {
        Random random = new Random(20260311L);
        List<Policy> policies = new ArrayList<>();
        policies.add(PolicyLoader.load(Path.of("../examples/policy/example-policy.yaml")));
        policies.add(load(Files.readString(Path.of("src/test/resources/com/callbasis/policy/shadowing-rules.yaml"))));
        for (int i = 0; i < 150; i++) {
            policies.add(load(randomRules(random, 2 + random.nextInt(7))));
        }
        for (int i = 0; i < 50; i++) { // the property tests' generator: overlays, all six bases, wider vocabularies
            policies.add(PolicyLoader.loadString(PolicyPropertiesTest.policy(ints(random, 1 + random.nextInt(10), 12), ints(random, 1, 6).get(0)),
                    "g.yaml"));
        }
        int warned = 0;
        int reachable = 0;
        int chosenTotal = 0;
        for (Policy p : policies) {
            Set<String> never = neverReached(p);
            Set<String> chosen = new BruteForceReach(p, random).chosenRules(1000);
            Set<String> warnedButChosen = new TreeSet<>(chosen);
            warnedButChosen.retainAll(never);
            assertThat(warnedButChosen).as("rules warned 'never reached' but chosen, in\n%s", p.canonicalJson()).isEmpty();
            warned += never.size();
            reachable += p.ruleIds().size() - never.size();
            chosenTotal += chosen.size();
        }
        // not vacuous: the loader does warn in this corpus, and the search reaches most of the rest
        assertThat(warned).isGreaterThan(30);
        assertThat(chosenTotal).isGreaterThan(reachable * 8 / 10);
    }

    @Test
    void bruteForceReachesEveryRuleOfTheExample() {
        Policy p = PolicyLoader.loadExample();
        assertThat(new BruteForceReach(p, new Random(7)).chosenRules(5000)).containsExactlyInAnyOrderElementsOf(p.ruleIds());
    }

    private static List<List<Integer>> ints(Random random, int lists, int size) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            List<Integer> l = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                l.add(random.nextInt(100));
            }
            out.add(l);
        }
        return out;
    }

    private static final String[] CONDITIONS = {
        "tenant: t1", "tenant: [t1, t2]", "direction: inbound", "queue: q1", "queue: [q1, q2]", "purpose: p1", "purpose: [p1, p2]",
        "callerPrefix: '+49'", "callerPrefix: '+4930'", "calleePrefix: ['+44', '+49']", "jurisdiction: DE", "jurisdiction: US",
        "jurisdiction: [US-CA, ZZ]", "callerJurisdiction: GB", "calleeJurisdiction: [US, DE]", "headers: {X-A: {present: true}}",
        "headers: {X-A: yes}", "headers: {X-A: {prefix: y}}", "headers: {X-A: {present: false}}",
        "time: {days: [mon-fri], from: '08:00', to: '18:00', zone: Europe/London}",
        "time: {from: '20:00', to: '08:00', zone: America/Los_Angeles}", "emergency: true", "emergency: false",
        "consent: recorded", "consent: token", "consent: any", "consent: any"};

    /** Rules from a tiny vocabulary, so that rules often cover, nearly cover or repeat each other. */
    static String randomRules(Random random, int count) {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < count; i++) {
            List<String> match = new ArrayList<>();
            Set<String> keys = new TreeSet<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                String c = CONDITIONS[random.nextInt(CONDITIONS.length)];
                if (keys.add(c.substring(0, c.indexOf(':')))) {
                    match.add(c);
                }
            }
            y.append("  - {id: r").append(i).append(", match: {").append(String.join(", ", match)).append("}, ");
            if (random.nextBoolean()) {
                y.append("record: false}\n");
                continue;
            }
            String purpose = random.nextBoolean() ? "p1" : "p2";
            boolean consent = random.nextBoolean();
            y.append("record: true, basis: ").append(consent ? "consent" : "contract").append(", purpose: ").append(purpose)
                    .append(", retention: qa");
            if (consent && !keys.contains("consent")) {
                y.append(", obligations: [require_consent_dtmf]");
            }
            y.append("}\n");
        }
        return y.toString();
    }
}
