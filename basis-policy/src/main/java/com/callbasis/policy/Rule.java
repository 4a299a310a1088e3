package com.callbasis.policy;

import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rule of a policy: what it matches and what it decides. Fields are filled by {@link PolicyLoader}
 * and never changed once the {@link Policy} is built; null in a match field means "any".
 */
final class Rule {
    /** How a rule's {@code match.consent} asks for consent evidence. */
    enum ConsentMatch { RECORDED, TOKEN, ANY }

    int index;
    String id;
    int line;
    String description;

    // match: indexed fields
    Set<String> tenants;
    Direction direction;
    Set<String> queues;
    Set<String> purposes;
    // match: tested per candidate
    List<String> callerPrefixes;
    List<String> calleePrefixes;
    Set<String> jurisdictions;
    Set<String> callerJurisdictions;
    Set<String> calleeJurisdictions;
    List<HeaderCondition> headers = List.of();
    TimeWindow time;
    Boolean emergency;
    ConsentMatch consent;

    // outcome
    boolean record;
    Basis basis;
    String purpose;
    String retentionClass;
    Period retention;
    /** The class's minimum (a floor for erasure and deletion), or null. */
    Period retentionMinimum;
    Set<String> obligations = Set.of();
    /** The obligations sorted, shared by every decision the rule makes unless an overlay adds one. */
    List<String> obligationList = List.of();
    String lia;
    String citation;
    String contract;
    /** The rule's own recording notice and consent prompt, or null (then the overlay's or the tenant's). */
    Notice notice;
    Notice consentPrompt;

    /** Returned instead of a reason on the fast path, where nobody reads it. */
    static final String NO_MATCH = "no match";

    /**
     * Null when the facts satisfy the conditions the index does not cover, else why not. With
     * {@code explain} false the reason is {@link #NO_MATCH}: deciding builds no strings, and the
     * explanation re-runs this test with {@code explain} true only when someone reads it.
     * Consent evidence is checked by the engine, which has the registries.
     */
    String mismatchUnindexed(CallFacts f, boolean explain) {
        if (emergency != null && emergency != f.emergency()) {
            return !explain ? NO_MATCH : emergency ? "not an emergency call" : "an emergency call";
        }
        if (callerPrefixes != null && !startsWithAny(f.callerE164(), callerPrefixes)) {
            return !explain ? NO_MATCH : "caller number does not start with " + String.join("|", callerPrefixes);
        }
        if (calleePrefixes != null && !startsWithAny(f.calleeE164(), calleePrefixes)) {
            return !explain ? NO_MATCH : "callee number does not start with " + String.join("|", calleePrefixes);
        }
        if (callerJurisdictions != null && !in(f.callerJurisdiction(), callerJurisdictions)) {
            return !explain ? NO_MATCH : "caller jurisdiction " + f.callerJurisdiction() + " not in " + sorted(callerJurisdictions);
        }
        if (calleeJurisdictions != null && !in(f.calleeJurisdiction(), calleeJurisdictions)) {
            return !explain ? NO_MATCH : "callee jurisdiction " + f.calleeJurisdiction() + " not in " + sorted(calleeJurisdictions);
        }
        if (jurisdictions != null && !in(f.callerJurisdiction(), jurisdictions) && !in(f.calleeJurisdiction(), jurisdictions)) {
            return !explain ? NO_MATCH : "no party in " + sorted(jurisdictions) + " (caller " + f.callerJurisdiction() + ", callee "
                    + f.calleeJurisdiction() + ")";
        }
        for (int i = 0; i < headers.size(); i++) {
            String why = headers.get(i).mismatch(f, explain);
            if (why != null) {
                return why;
            }
        }
        if (time != null && !time.contains(f.time())) {
            return !explain ? NO_MATCH : "time outside the rule's window";
        }
        return null;
    }

    private static String sorted(Set<String> s) {
        return new TreeSet<>(s).toString();
    }

    /** The same test for the indexed fields; used where no index applies (explanations of single rules, tests). */
    String mismatchIndexed(CallFacts f) {
        if (tenants != null && !tenants.contains(f.tenant())) {
            return "tenant " + f.tenant() + " not in " + sorted(tenants);
        }
        if (direction != null && direction != f.direction()) {
            return "direction is " + f.direction().code();
        }
        if (queues != null && (f.queue() == null || !queues.contains(f.queue()))) {
            return "queue " + f.queue() + " not in " + sorted(queues);
        }
        if (purposes != null && (f.purpose() == null || !purposes.contains(f.purpose()))) {
            return "call purpose " + f.purpose() + " not in " + sorted(purposes);
        }
        return null;
    }

    private static boolean startsWithAny(String number, List<String> prefixes) {
        if (number == null) {
            return false;
        }
        for (String p : prefixes) {
            if (number.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** A jurisdiction is in a set when it or its country is: {@code US} covers {@code US-CA}. */
    static boolean in(String jurisdiction, Set<String> set) {
        return set.contains(jurisdiction) || set.contains(Jurisdictions.country(jurisdiction));
    }

    /** True when this rule's conditions hold whenever {@code later}'s do, so {@code later} can never be reached. */
    boolean covers(Rule later) {
        return coversSet(tenants, later.tenants) && (direction == null || direction == later.direction)
                && coversSet(queues, later.queues) && coversSet(purposes, later.purposes)
                && coversPrefixes(callerPrefixes, later.callerPrefixes) && coversPrefixes(calleePrefixes, later.calleePrefixes)
                && coversJurisdictions(jurisdictions, later.jurisdictions)
                && coversJurisdictions(callerJurisdictions, later.callerJurisdictions)
                && coversJurisdictions(calleeJurisdictions, later.calleeJurisdictions)
                && headers.stream().allMatch(h -> later.headers.stream().anyMatch(h::sameAs))
                && (time == null || (later.time != null && time.sameAs(later.time)))
                && (emergency == null || emergency.equals(later.emergency))
                && coversConsent(later);
    }

    /**
     * A consent condition is a condition like any other: a call without the evidence it asks for fails
     * it, so it covers only a later rule that asks for at least that evidence. Evidence on record and
     * signed tokens are both for one purpose, the rule's own (or the call's, when the rule names none),
     * so a consent condition covers only a later one for the same effective purpose.
     */
    private boolean coversConsent(Rule later) {
        if (consent == null) {
            return true;
        }
        if (later.consent == null) {
            return false; // calls without evidence reach the later rule (issue 11, item 7)
        }
        boolean samePurpose = java.util.Objects.equals(purpose, later.purpose);
        return switch (consent) {
            case TOKEN -> later.consent == ConsentMatch.TOKEN && samePurpose;
            case RECORDED -> later.consent == ConsentMatch.RECORDED && samePurpose;
            case ANY -> samePurpose;
        };
    }

    private static boolean coversSet(Set<String> mine, Set<String> theirs) {
        return mine == null || (theirs != null && mine.containsAll(theirs));
    }

    private static boolean coversPrefixes(List<String> mine, List<String> theirs) {
        if (mine == null) {
            return true;
        }
        if (theirs == null) {
            return false;
        }
        return theirs.stream().allMatch(t -> mine.stream().anyMatch(t::startsWith));
    }

    private static boolean coversJurisdictions(Set<String> mine, Set<String> theirs) {
        return mine == null || (theirs != null && theirs.stream().allMatch(j -> in(j, mine)));
    }

    /** The rule as a canonical-JSON tree (for the policy digest). */
    Object canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> match = new LinkedHashMap<>();
        putSet(match, "tenant", tenants);
        if (direction != null) {
            match.put("direction", direction.code());
        }
        putSet(match, "queue", queues);
        putSet(match, "purpose", purposes);
        if (callerPrefixes != null) {
            match.put("callerPrefix", callerPrefixes);
        }
        if (calleePrefixes != null) {
            match.put("calleePrefix", calleePrefixes);
        }
        putSet(match, "jurisdiction", jurisdictions);
        putSet(match, "callerJurisdiction", callerJurisdictions);
        putSet(match, "calleeJurisdiction", calleeJurisdictions);
        if (!headers.isEmpty()) {
            List<Object> hs = new ArrayList<>();
            headers.forEach(h -> hs.add(h.canonical()));
            match.put("headers", hs);
        }
        if (time != null) {
            match.put("time", time.canonical());
        }
        if (emergency != null) {
            match.put("emergency", emergency);
        }
        if (consent != null) {
            match.put("consent", consent.name().toLowerCase(java.util.Locale.ROOT));
        }
        m.put("match", match);
        m.put("record", record);
        if (basis != null) {
            m.put("basis", basis.code());
        }
        putText(m, "purpose", purpose);
        putText(m, "retention", retentionClass);
        m.put("obligations", new ArrayList<>(new TreeSet<>(obligations)));
        putText(m, "lia", lia);
        putText(m, "citation", citation);
        putText(m, "contract", contract);
        putText(m, "description", description);
        if (notice != null) { // only when named, so that older policies keep their digests
            m.put("notice", notice.id());
        }
        if (consentPrompt != null) {
            m.put("consentPrompt", consentPrompt.id());
        }
        return m;
    }

    private static void putSet(Map<String, Object> m, String key, Set<String> s) {
        if (s != null) {
            m.put(key, new ArrayList<>(new TreeSet<>(s)));
        }
    }

    private static void putText(Map<String, Object> m, String key, String s) {
        if (s != null) {
            m.put(key, s);
        }
    }
}
