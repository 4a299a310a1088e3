package com.callbasis.app.policy;

import com.callbasis.config.yaml.YamlNode;
import com.callbasis.policy.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code expect} of a test case: the decision fields it names, each compared with what
 * {@link Decision} exposes; fields not named are not compared. Scalars compare exactly, {@code null}
 * meaning "must be null"; lists ({@code obligations}, {@code rights}, {@code storageRegions}) compare
 * as sets; instants compare as instants; mappings ({@code evidence}, {@code jurisdictions}) compare
 * the keys they name. Reference: docs/policy.md, "Test cases".
 */
final class CaseExpectation {
    /** One comparison; it adds a line per difference. */
    private interface Check {
        void compare(Decision d, List<String> diffs);
    }

    private static final List<String> KEYS = List.of("outcome", "basis", "rule", "purpose", "obligations", "rights", "retention",
            "retention.expiresAt", "storageRegions", "evidence", "jurisdictions");
    private static final Set<String> OUTCOMES = Set.of("RECORD", "RECORD_AFTER_CONSENT", "RECORD_AFTER_NOTICE", "DO_NOT_RECORD");
    private static final List<String> EVIDENCE_KEYS = List.of("lia", "citation", "contract", "emergency", "consent", "consentToken",
            "consentTokenRef");
    /** The verified token's fields in the evidence; {@code consentTokenRef} (unsigned tokens) is never present now. */
    private static final List<String> TOKEN_KEYS = List.of("digest", "expiresAt", "givenAt", "issuer", "method", "noticeVersion", "purpose");
    private static final List<String> CONSENT_KEYS = List.of("givenAt", "method", "noticeVersion", "purpose");
    private static final List<String> JURISDICTION_KEYS = List.of("caller", "callee");

    private final List<Check> checks;

    private CaseExpectation(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Reads an {@code expect} mapping; problems are recorded on the nodes (file:line), as by every reader here. */
    static CaseExpectation read(YamlNode n) {
        Map<String, YamlNode> e = n.entries(KEYS);
        List<Check> checks = new ArrayList<>();
        YamlNode outcome = e.get("outcome");
        if (outcome != null) {
            outcome.text().ifPresent(o -> {
                if (OUTCOMES.contains(o)) {
                    checks.add(scalar("outcome", o, d -> d.outcome().name()));
                } else {
                    outcome.error("expected one of " + String.join(", ", OUTCOMES.stream().sorted().toList()));
                }
            });
        }
        nullableText(e.get("basis")).ifPresent(v -> checks.add(scalar("basis", v.orElse(null), d -> d.basis() == null ? null : d.basis().code())));
        nullableText(e.get("rule")).ifPresent(v -> checks.add(scalar("rule", v.orElse(null), Decision::rule)));
        nullableText(e.get("purpose")).ifPresent(v -> checks.add(scalar("purpose", v.orElse(null), Decision::purpose)));
        nullableText(e.get("retention")).ifPresent(v -> checks.add(scalar("retention", v.orElse(null),
                d -> d.retention() == null ? null : d.retention().retentionClass())));
        YamlNode expires = e.get("retention.expiresAt");
        if (expires != null) {
            Instant at = expires.isNull() ? null : PolicyCases.instant(expires);
            if (expires.isNull() || at != null) {
                checks.add(instant("retention.expiresAt", at, d -> d.retention() == null ? null : d.retention().expiresAt()));
            }
        }
        set(checks, e.get("obligations"), "obligations", Decision::obligations);
        set(checks, e.get("rights"), "rights", Decision::rights);
        set(checks, e.get("storageRegions"), "storageRegions", Decision::storageRegions);
        if (e.containsKey("evidence")) {
            evidence(checks, e.get("evidence"));
        }
        if (e.containsKey("jurisdictions")) {
            for (Map.Entry<String, YamlNode> j : mapping(e.get("jurisdictions"), JURISDICTION_KEYS).entrySet()) {
                j.getValue().text().ifPresent(v -> checks.add(scalar("jurisdictions." + j.getKey(), v, d -> d.jurisdictions().get(j.getKey()))));
            }
        }
        return new CaseExpectation(checks);
    }

    /** Every difference between this expectation and the decision, one line each; empty when it holds. */
    List<String> diffs(Decision d) {
        List<String> diffs = new ArrayList<>();
        for (Check c : checks) {
            c.compare(d, diffs);
        }
        return diffs;
    }

    /**
     * {@code evidence}: each key named is compared, {@code null} meaning "absent"; {@code consent} is a
     * mapping of the consent record's fields ({@code {}}: any consent record), {@code consentToken} one
     * of the verified token's, {@code givenAt} and {@code expiresAt} compared as instants, the others
     * as text, like {@code emergency: true}.
     */
    private static void evidence(List<Check> checks, YamlNode n) {
        for (Map.Entry<String, YamlNode> ev : mapping(n, EVIDENCE_KEYS).entrySet()) {
            String key = ev.getKey();
            YamlNode v = ev.getValue();
            List<String> fields = key.equals("consent") ? CONSENT_KEYS : key.equals("consentToken") ? TOKEN_KEYS : null;
            if (fields == null || v.isNull()) {
                nullableText(v).ifPresent(t -> checks.add(scalar("evidence." + key, t.orElse(null), d -> text(d.evidence().get(key)))));
                continue;
            }
            if (!v.isMap()) {
                v.error("expected null or a mapping of " + String.join(", ", fields));
                continue;
            }
            String what = key.equals("consent") ? "a consent record" : "a verified consent token";
            checks.add((d, diffs) -> {
                if (!(d.evidence().get(key) instanceof Map)) {
                    diffs.add("evidence." + key + ": expected " + what + ", got none");
                }
            });
            for (Map.Entry<String, YamlNode> c : v.entries(fields).entrySet()) {
                String field = c.getKey();
                String label = "evidence." + key + "." + field;
                Function<Decision, String> actual = d -> d.evidence().get(key) instanceof Map<?, ?> m ? text(m.get(field)) : null;
                if (field.equals("givenAt") || field.equals("expiresAt")) {
                    Instant at = PolicyCases.instant(c.getValue());
                    if (at != null) {
                        checks.add(instant(label, at, d -> actual.apply(d) == null ? null : Instant.parse(actual.apply(d))));
                    }
                } else {
                    c.getValue().text().ifPresent(t -> checks.add(scalar(label, t, actual)));
                }
            }
        }
    }

    /** A mapping's entries; an empty one is refused, as it would compare nothing and always pass. */
    private static Map<String, YamlNode> mapping(YamlNode n, List<String> keys) {
        Map<String, YamlNode> e = n.entries(keys);
        if (e.isEmpty() && n.isMap()) {
            n.error("names no key, so it would compare nothing (leave it out, or name keys such as " + keys.get(0) + ")");
        }
        return e;
    }

    private static Check scalar(String field, String expected, Function<Decision, String> actual) {
        return (d, diffs) -> {
            String got = actual.apply(d);
            if (!Objects.equals(expected, got)) {
                diffs.add(field + ": expected " + expected + ", got " + got);
            }
        };
    }

    private static Check instant(String field, Instant expected, Function<Decision, Instant> actual) {
        return (d, diffs) -> {
            Instant got = actual.apply(d);
            if (!Objects.equals(expected, got)) {
                diffs.add(field + ": expected " + expected + ", got " + got);
            }
        };
    }

    private static void set(List<Check> checks, YamlNode n, String field, Function<Decision, List<String>> actual) {
        if (n == null) {
            return;
        }
        Set<String> expected = new TreeSet<>(n.isList() && n.items().isEmpty() ? List.of() : n.texts());
        checks.add((d, diffs) -> {
            if (!expected.equals(new TreeSet<>(actual.apply(d)))) {
                diffs.add(field + ": expected " + expected + ", got " + actual.apply(d));
            }
        });
    }

    /**
     * Absent key: empty (not compared). YAML {@code null} or {@code ~}: present and empty, meaning
     * "must be null". Otherwise the text.
     */
    private static Optional<Optional<String>> nullableText(YamlNode n) {
        if (n == null) {
            return Optional.empty();
        }
        if (n.isNull()) {
            return Optional.of(Optional.empty());
        }
        return n.text().map(Optional::of);
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
