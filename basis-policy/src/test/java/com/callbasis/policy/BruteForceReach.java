package com.callbasis.policy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rules of a policy the real evaluator ever chooses, over many generated calls. The facts are
 * drawn from the values the policy itself mentions (tenants, queues, purposes, prefixes, jurisdictions,
 * header values, time-window edges) plus one value none of its rules names; each purpose's consent is
 * absent, standing, withdrawn before the call, withdrawn after it, or given after it; the token,
 * emergency flag and objection vary too. Half of the calls aim at one rule's own values, so that a
 * reachable rule is found with few samples.
 */
final class BruteForceReach {
    static final Instant BASE = Instant.parse("2026-03-02T10:00:00Z"); // a Monday
    private static final PseudonymKey KEY = PseudonymKey.insecureForTesting();
    private static final Map<String, String> AREA_CODE = areaCodes();

    private final Policy policy;
    private final Random random;
    private final List<String> tenants = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final List<String> purposes = new ArrayList<>();
    private final List<String> parties = new ArrayList<>();
    private final Map<String, List<String>> headerValues = new TreeMap<>();
    private final List<Instant> times = new ArrayList<>();
    /** Consent purposes the registry is filled for: every purpose a rule or a call can name. */
    private final List<String> consentPurposes;

    BruteForceReach(Policy policy, Random random) {
        this.policy = policy;
        this.random = random;
        Set<String> t = new TreeSet<>();
        Set<String> q = new TreeSet<>();
        Set<String> p = new TreeSet<>();
        Set<String> numbers = new LinkedHashSet<>(List.of("+493012345678", "+442079460123", "+14155550123", "+12145550123",
                "+14165550123", "+18005550123", "sip:anonymous@anonymous.invalid", "sip:alice@example.com"));
        Set<String> zones = new TreeSet<>();
        for (Rule r : policy.rules()) {
            addAll(t, r.tenants);
            addAll(q, r.queues);
            addAll(p, r.purposes);
            if (r.purpose != null) {
                p.add(r.purpose);
            }
            for (List<String> prefixes : List.of(nonNull(r.callerPrefixes), nonNull(r.calleePrefixes))) {
                for (String prefix : prefixes) {
                    numbers.add(fill(prefix));
                }
            }
            for (Set<String> js : List.of(nonNull(r.jurisdictions), nonNull(r.callerJurisdictions), nonNull(r.calleeJurisdictions))) {
                for (String j : js) {
                    String n = numberIn(j);
                    if (n != null) {
                        numbers.add(n);
                    }
                }
            }
            for (HeaderCondition h : r.headers) {
                List<String> vs = headerValues.computeIfAbsent(h.name, k -> new ArrayList<>());
                if (h.value != null) {
                    vs.add(h.value);
                    vs.add(h.value.toUpperCase(java.util.Locale.ROOT));
                    vs.add(h.value + "-more");
                }
                vs.add("other");
            }
            if (r.time != null) {
                zones.add(r.time.zone.getId());
                addWindowEdges(r.time);
            }
        }
        tenants.addAll(t);
        tenants.add("tenant-in-no-rule");
        queues.addAll(q);
        queues.add("queue-in-no-rule");
        queues.add(null);
        purposes.addAll(p);
        purposes.add("purpose-in-no-rule");
        purposes.add(null);
        parties.addAll(numbers);
        parties.add(null);
        times.add(BASE);
        consentPurposes = List.copyOf(p);
    }

    /** Ids of the rules chosen by at least one of {@code samples} generated calls. */
    Set<String> chosenRules(int samples) {
        Set<String> chosen = new TreeSet<>();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < samples; i++) {
            Rule target = rules.isEmpty() || random.nextBoolean() ? null : rules.get(random.nextInt(rules.size()));
            Decision d = decideOne(target);
            if (d.rule() != null) {
                chosen.add(d.rule());
            }
        }
        return chosen;
    }

    private Decision decideOne(Rule target) {
        CallFacts.Builder b = CallFacts.builder()
                .tenant(target != null && target.tenants != null && random.nextInt(4) > 0 ? pick(target.tenants) : pick(tenants))
                .direction(target != null && target.direction != null && random.nextInt(4) > 0 ? target.direction
                        : random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND)
                .queue(target != null && target.queues != null && random.nextInt(4) > 0 ? pick(target.queues) : pick(queues))
                .purpose(target != null && target.purposes != null && random.nextInt(4) > 0 ? pick(target.purposes) : pick(purposes))
                .caller(party(target, true))
                .callee(party(target, false))
                .time(pick(times))
                .emergency(target != null && target.emergency != null && random.nextInt(4) > 0 ? target.emergency : random.nextBoolean());
        for (Map.Entry<String, List<String>> h : headerValues.entrySet()) {
            if (random.nextInt(3) > 0) {
                b.header(h.getKey(), pick(h.getValue()));
            }
        }
        CallFacts plain = b.build();
        // Half the calls carry a signed token: for the target's purpose, another one, or forged.
        String tokenPurpose = target != null && target.purpose != null && random.nextBoolean() ? target.purpose : pick(purposes);
        if (random.nextBoolean() && plain.subjectParty() != null && tokenPurpose != null) {
            b.consentToken(random.nextInt(5) == 0 ? TestTokens.forgedCrm(plain.subjectParty(), plain.tenant(), tokenPurpose, plain.time())
                    : TestTokens.crm(plain.subjectParty(), plain.tenant(), tokenPurpose, plain.time()));
        }
        CallFacts f = b.build();
        InMemoryConsentRegistry consents = new InMemoryConsentRegistry();
        InMemoryObjectionRegistry objections = new InMemoryObjectionRegistry();
        Evaluator evaluator = new Evaluator(consents, objections, KEY, TestTokens.tokens());
        String subject = evaluator.subjectKey(f.tenant(), f.subjectParty());
        if (subject != null) {
            for (String purpose : consentPurposes) {
                consent(consents, subject, f, purpose);
            }
            if (random.nextInt(4) == 0) {
                objections.record(new ObjectionRecord(subject, f.tenant(), "test", f.time().minusSeconds(60)));
            }
        }
        return evaluator.decide(policy, f);
    }

    /** Mostly a number the target's prefix or jurisdiction condition for this side accepts, else any party. */
    private String party(Rule target, boolean caller) {
        if (target != null && random.nextInt(4) > 0) {
            List<String> prefixes = caller ? target.callerPrefixes : target.calleePrefixes;
            Set<String> js = caller ? target.callerJurisdictions : target.calleeJurisdictions;
            if (js == null && target.jurisdictions != null && random.nextBoolean()) {
                js = target.jurisdictions;
            }
            if (prefixes != null) {
                return fill(pick(prefixes));
            }
            if (js != null) {
                String n = numberIn(pick(js));
                if (n != null) {
                    return n;
                }
            }
        }
        return pick(parties);
    }

    /** One of: none, standing, withdrawn before the call, withdrawn after it, given after it, another tenant's. */
    private void consent(InMemoryConsentRegistry consents, String subject, CallFacts f, String purpose) {
        Instant before = f.time().minusSeconds(3600);
        switch (random.nextInt(6)) {
            case 1 -> consents.record(ConsentRecord.given(subject, f.tenant(), purpose, "ivr-dtmf", "v1", before));
            case 2 -> consents.record(ConsentRecord.given(subject, f.tenant(), purpose, "ivr-dtmf", "v1", before)
                    .withdrawn(f.time().minusSeconds(60)));
            case 3 -> consents.record(ConsentRecord.given(subject, f.tenant(), purpose, "ivr-dtmf", "v1", before)
                    .withdrawn(f.time().plusSeconds(60)));
            case 4 -> consents.record(ConsentRecord.given(subject, f.tenant(), purpose, "ivr-dtmf", "v1", f.time().plusSeconds(60)));
            case 5 -> consents.record(ConsentRecord.given(subject, "tenant-in-no-rule", purpose, "ivr-dtmf", "v1", before));
            default -> { }
        }
    }

    /** Instants at, just before and just after each window's edges, on every day of one week. */
    private void addWindowEdges(TimeWindow w) {
        ZonedDateTime monday = BASE.atZone(w.zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (int day = 0; day < 7; day++) {
            for (LocalTime edge : List.of(w.from, w.to)) {
                ZonedDateTime at = monday.plusDays(day).with(edge);
                times.add(at.toInstant());
                times.add(at.minusMinutes(1).toInstant());
                times.add(at.plusMinutes(1).toInstant());
            }
        }
    }

    /** A dialable-looking number starting with the prefix: twelve digits after the {@code +}. */
    private static String fill(String prefix) {
        StringBuilder s = new StringBuilder(prefix);
        String filler = "5550123456789";
        for (int i = 0; s.length() < 13; i++) {
            s.append(filler.charAt(i % filler.length()));
        }
        return s.toString();
    }

    /** A number whose derived jurisdiction is {@code j}, where one exists. */
    private static String numberIn(String j) {
        if (j.equals(Jurisdictions.UNKNOWN)) {
            return "sip:anonymous@anonymous.invalid";
        }
        if (j.startsWith("US-")) {
            String area = AREA_CODE.get(j.substring(3));
            return area == null ? null : "+1" + area + "5550123";
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        PhoneNumber n = util.getExampleNumber(j);
        return n == null ? null : util.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static Map<String, String> areaCodes() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = Jurisdictions.class.getResourceAsStream("nanp-area-codes.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> {
                        String[] f = l.trim().split("\\s+");
                        out.put(f[0], f[1]);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Sorted first: the iteration order of {@code Set.copyOf} changes between JVM runs, the seed must not. */
    private String pick(Set<String> values) {
        return pick(new ArrayList<>(new TreeSet<>(values)));
    }

    private static <T> void addAll(Set<T> into, Set<T> from) {
        if (from != null) {
            into.addAll(from);
        }
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <T> Set<T> nonNull(Set<T> s) {
        return s == null ? Set.of() : s;
    }
}
