package com.callbasis.app.policy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problems;
import com.callbasis.config.yaml.YamlNode;
import com.callbasis.policy.CallFacts;
import com.callbasis.policy.Direction;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The test-case file of {@code policy test}: each case gives call facts, optionally the consent and
 * objection records that exist before the call, and the expected decision (only the fields given are
 * compared). Format in docs/policy.md.
 */
final class PolicyCases {
    /** Consent the subject gave before the call. */
    record Consent(String purpose, String method, String noticeVersion, Instant at) {
    }

    /** Expected fields; null means "not checked". */
    record Expect(String outcome, String basis, boolean basisGiven, String rule, boolean ruleGiven, List<String> obligations,
            String retention, boolean retentionGiven, String purpose, List<String> storageRegions) {
    }

    record Case(String name, int line, CallFacts facts, List<Consent> consents, boolean objection, Expect expect) {
    }

    private static final List<String> CASE_KEYS = List.of("name", "facts", "consents", "objection", "expect");
    private static final List<String> EXPECT_KEYS = List.of("outcome", "basis", "rule", "obligations", "retention", "purpose",
            "storageRegions");
    private static final Set<String> OUTCOMES = Set.of("RECORD", "RECORD_AFTER_CONSENT", "RECORD_AFTER_NOTICE", "DO_NOT_RECORD");

    private PolicyCases() {
    }

    static List<Case> load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        Optional<YamlNode> root = YamlNode.parse(file, problems);
        problems.throwIfAny();
        Map<String, YamlNode> top = root.get().entries(List.of("cases", "description"));
        List<Case> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (!top.containsKey("cases")) {
            root.get().error("cases: missing (a list of test cases)");
        } else {
            for (YamlNode c : top.get("cases").items()) {
                Case k = readCase(c);
                if (k != null && !names.add(k.name())) {
                    c.error("duplicate case name '" + k.name() + "'");
                }
                if (k != null) {
                    out.add(k);
                }
            }
        }
        problems.throwIfAny();
        return out;
    }

    private static Case readCase(YamlNode c) {
        Map<String, YamlNode> e = c.entries(CASE_KEYS);
        String name = e.containsKey("name") ? e.get("name").nonEmptyText().orElse(null) : null;
        if (!e.containsKey("name")) {
            c.error("name: missing");
        }
        CallFacts facts = null;
        if (!e.containsKey("facts")) {
            c.error("facts: missing");
        } else {
            facts = readFacts(e.get("facts"));
        }
        List<Consent> consents = new ArrayList<>();
        if (e.containsKey("consents")) {
            for (YamlNode n : e.get("consents").items()) {
                Map<String, YamlNode> ce = n.entries(List.of("purpose", "method", "noticeVersion", "at"));
                String purpose = ce.containsKey("purpose") ? ce.get("purpose").nonEmptyText().orElse(null) : null;
                if (purpose == null && !ce.containsKey("purpose")) {
                    n.error("purpose: missing");
                }
                String method = ce.containsKey("method") ? ce.get("method").nonEmptyText().orElse("test") : "test";
                String notice = ce.containsKey("noticeVersion") ? ce.get("noticeVersion").nonEmptyText().orElse("test") : "test";
                Instant at = ce.containsKey("at") ? instant(ce.get("at")) : Instant.EPOCH;
                if (purpose != null && at != null) {
                    consents.add(new Consent(purpose, method, notice, at));
                }
            }
        }
        boolean objection = e.containsKey("objection") && e.get("objection").bool().orElse(false);
        Expect expect = null;
        if (!e.containsKey("expect")) {
            c.error("expect: missing (at least the outcome)");
        } else {
            expect = readExpect(e.get("expect"));
        }
        if (name == null || facts == null || expect == null) {
            return null;
        }
        return new Case(name, c.line(), facts, consents, objection, expect);
    }

    private static Expect readExpect(YamlNode n) {
        Map<String, YamlNode> e = n.entries(EXPECT_KEYS);
        String outcome = null;
        if (e.containsKey("outcome")) {
            outcome = e.get("outcome").text().orElse(null);
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                e.get("outcome").error("expected one of " + String.join(", ", OUTCOMES.stream().sorted().toList()));
                outcome = null;
            }
        }
        String basis = nullable(e.get("basis"));
        String rule = nullable(e.get("rule"));
        String retention = nullable(e.get("retention"));
        List<String> obligations = e.containsKey("obligations") ? listOrEmpty(e.get("obligations")) : null;
        String purpose = e.containsKey("purpose") ? e.get("purpose").text().orElse(null) : null;
        List<String> regions = e.containsKey("storageRegions") ? listOrEmpty(e.get("storageRegions")) : null;
        return new Expect(outcome, basis, e.containsKey("basis"), rule, e.containsKey("rule"), obligations, retention,
                e.containsKey("retention"), purpose, regions);
    }

    /** YAML {@code null} or {@code ~} means "expected to be null" here, not "missing". */
    private static String nullable(YamlNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.text().orElse(null);
    }

    private static List<String> listOrEmpty(YamlNode n) {
        if (n.isList() && n.items().isEmpty()) {
            return List.of();
        }
        return n.texts();
    }

    private static CallFacts readFacts(YamlNode n) {
        Map<String, YamlNode> e = n.entries(CallFacts.JSON_KEYS);
        CallFacts.Builder b = CallFacts.builder();
        boolean ok = true;
        for (String required : List.of("tenant", "direction", "time")) {
            if (!e.containsKey(required)) {
                n.error(required + ": missing");
                ok = false;
            }
        }
        for (Map.Entry<String, YamlNode> f : e.entrySet()) {
            YamlNode v = f.getValue();
            switch (f.getKey()) {
                case "headers" -> v.entries().forEach((k, hv) -> hv.text().ifPresent(s -> b.header(k, s)));
                case "emergency" -> b.emergency(v.bool().orElse(false));
                case "time" -> {
                    Instant t = instant(v);
                    if (t == null) {
                        ok = false;
                    }
                    b.time(t);
                }
                case "direction" -> {
                    Direction d = v.text().map(Direction::fromCode).orElse(null);
                    if (d == null) {
                        v.error("expected inbound or outbound");
                        ok = false;
                    }
                    b.direction(d);
                }
                default -> {
                    Optional<String> s = v.text();
                    if (s.isEmpty()) {
                        ok = false;
                        continue;
                    }
                    switch (f.getKey()) {
                        case "callId" -> b.callId(s.get());
                        case "tenant" -> b.tenant(s.get());
                        case "caller" -> b.caller(s.get());
                        case "callee" -> b.callee(s.get());
                        case "queue" -> b.queue(s.get());
                        case "purpose" -> b.purpose(s.get());
                        case "agent" -> b.agent(s.get());
                        case "consentToken" -> b.consentToken(s.get());
                        default -> { } // unknown keys were reported by entries()
                    }
                }
            }
        }
        return ok ? b.build() : null;
    }

    private static Instant instant(YamlNode n) {
        Optional<String> s = n.text();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s.get());
        } catch (DateTimeParseException e) {
            n.error("expected an ISO-8601 instant such as 2026-03-03T10:00:00Z, got '" + s.get() + "'");
            return null;
        }
    }
}
