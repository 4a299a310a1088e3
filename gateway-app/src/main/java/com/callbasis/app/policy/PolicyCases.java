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
 * compared, see {@link CaseExpectation}). Format in docs/policy.md.
 */
final class PolicyCases {
    /**
     * Consent the subject party of the call gave.
     *
     * @param tenant the tenant it was given to; null means the case's tenant
     * @param withdrawnAt when it was withdrawn, or null while it stands
     */
    record Consent(String purpose, String tenant, String method, String noticeVersion, Instant at, Instant withdrawnAt) {
    }

    /**
     * An Art. 21 objection of the subject party of the call.
     *
     * @param tenant the tenant objected to; null means the case's tenant
     * @param at when it was raised; {@link Instant#EPOCH} (before any call) unless given
     */
    record Objection(String tenant, String method, Instant at) {
    }

    record Case(String name, int line, CallFacts facts, List<Consent> consents, List<Objection> objections, CaseExpectation expect) {
    }

    private static final List<String> CASE_KEYS = List.of("name", "facts", "consents", "objection", "expect");
    private static final List<String> CONSENT_KEYS = List.of("purpose", "tenant", "method", "noticeVersion", "at", "withdrawnAt");
    private static final List<String> OBJECTION_KEYS = List.of("tenant", "method", "at");
    private static final Set<String> REQUIRED_FACTS = Set.of("tenant", "direction", "time");

    private PolicyCases() {
    }

    static List<Case> load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        Optional<YamlNode> root = YamlNode.parse(file, "test-case file", "example-cases.yaml", problems);
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
                readConsent(n).ifPresent(consents::add);
            }
        }
        List<Objection> objections = e.containsKey("objection") ? readObjections(e.get("objection")) : List.of();
        CaseExpectation expect = null;
        if (!e.containsKey("expect")) {
            c.error("expect: missing (at least the outcome)");
        } else {
            expect = CaseExpectation.read(e.get("expect"));
        }
        if (name == null || facts == null || expect == null) {
            return null;
        }
        return new Case(name, c.line(), facts, consents, objections, expect);
    }

    private static Optional<Consent> readConsent(YamlNode n) {
        Map<String, YamlNode> ce = n.entries(CONSENT_KEYS);
        String purpose = ce.containsKey("purpose") ? ce.get("purpose").nonEmptyText().orElse(null) : null;
        if (!ce.containsKey("purpose")) {
            n.error("purpose: missing");
        }
        String tenant = ce.containsKey("tenant") ? ce.get("tenant").nonEmptyText().orElse(null) : null;
        String method = ce.containsKey("method") ? ce.get("method").nonEmptyText().orElse("test") : "test";
        String notice = ce.containsKey("noticeVersion") ? ce.get("noticeVersion").nonEmptyText().orElse("test") : "test";
        Instant at = ce.containsKey("at") ? instant(ce.get("at")) : Instant.EPOCH;
        Instant withdrawnAt = null;
        if (ce.containsKey("withdrawnAt")) {
            withdrawnAt = instant(ce.get("withdrawnAt"));
            if (withdrawnAt == null) {
                return Optional.empty();
            }
            if (at != null && withdrawnAt.isBefore(at)) {
                ce.get("withdrawnAt").error("withdrawnAt " + withdrawnAt + " is before at " + at + " (consent is withdrawn after it is given)");
                return Optional.empty();
            }
        }
        if (purpose == null || at == null || (ce.containsKey("tenant") && tenant == null)) {
            return Optional.empty();
        }
        return Optional.of(new Consent(purpose, tenant, method, notice, at, withdrawnAt));
    }

    /** {@code objection: true|false} (before any call, the case's tenant), one mapping, or a list of mappings. */
    private static List<Objection> readObjections(YamlNode n) {
        if (n.isScalar()) {
            return n.bool().orElse(false) ? List.of(new Objection(null, "test", Instant.EPOCH)) : List.of();
        }
        List<YamlNode> items = n.isList() ? n.items() : List.of(n);
        List<Objection> out = new ArrayList<>();
        for (YamlNode item : items) {
            Map<String, YamlNode> oe = item.entries(OBJECTION_KEYS);
            String tenant = oe.containsKey("tenant") ? oe.get("tenant").nonEmptyText().orElse(null) : null;
            String method = oe.containsKey("method") ? oe.get("method").nonEmptyText().orElse("test") : "test";
            Instant at = oe.containsKey("at") ? instant(oe.get("at")) : Instant.EPOCH;
            if (at != null && (tenant != null || !oe.containsKey("tenant"))) {
                out.add(new Objection(tenant, method, at));
            }
        }
        return out;
    }

    /**
     * The facts as in FACTS.json (same keys); as there, {@code null} for an optional key means the
     * call does not have it ({@code purpose: null}: a call without a purpose).
     */
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
            if (v.isNull() && !REQUIRED_FACTS.contains(f.getKey())) {
                continue;
            }
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

    static Instant instant(YamlNode n) {
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
