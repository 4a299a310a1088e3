package com.callbasis.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's answer for one call, immutable. {@link #canonicalJson()} is what the audit log stores:
 * keys sorted at every level, no whitespace, UTF-8, no phone number or SIP URI (parties appear as
 * keyed pseudonyms and jurisdictions). {@link #decisionId()} is derived from that content, so the same
 * facts, registry state and policy always give the same decision and id.
 *
 * <p>Deciding must take about a microsecond, so everything only an auditor reads (the pseudonyms, the
 * explanation's wording, the retention expiry, the JSON) is computed on first access from immutable
 * inputs, which keeps it deterministic.
 */
public final class Decision {
    /** One rule the engine tried; the reason is worded only when the explanation is read. */
    record Trace(Rule rule, boolean matched, String consentReason) {
    }

    /** Everything the evaluator found; package-private scaffolding for the constructor. */
    static final class Draft {
        Outcome outcome = Outcome.DO_NOT_RECORD;
        Basis basis;
        Rule rule;
        String policyDigest;
        Instant time;
        CallFacts facts;
        Pseudonyms key;
        String subject;
        boolean subjectKnown;
        List<String> obligations = List.of();
        List<String> storageRegions = List.of();
        ConsentRecord consent;
        ConsentToken token;
        ConsentTokens.Verified tokenVerified;
        ConsentTokens.Refusal tokenRefusal;
        ConsentTokens.Refusal lastTokenRefusal;
        List<Trace> tried = List.of();
        int skippedByIndex;
        int triedNotListed;
        List<String> overlays = List.of();
        String supersedes;
        java.util.Set<Basis> pauseForbiddenBases = java.util.Set.of();
        NoticeChoice notice;
        ConsentRecord inCallConsent;
    }

    private final Outcome outcome;
    private final Basis basis;
    private final Rule rule;
    private final String policyDigest;
    private final Instant time;
    private final CallFacts facts;
    private final Pseudonyms key;
    private final List<String> obligations;
    private final List<String> storageRegions;
    private final ConsentRecord consent;
    private final ConsentToken token;
    private final ConsentTokens.Refusal tokenRefusal;
    private final boolean pauseAllowed;
    private final List<Trace> tried;
    private final int skippedByIndex;
    private final int triedNotListed;
    private final List<String> overlays;
    private final String supersedes;
    private final NoticeChoice notice;
    private volatile String subject;
    private volatile boolean subjectKnown;
    private volatile Retention retention;
    private volatile String json;
    private volatile String id;

    Decision(Draft d) {
        this.outcome = d.outcome;
        boolean records = outcome.records();
        this.basis = records ? d.basis : null;
        this.rule = d.rule;
        this.policyDigest = d.policyDigest;
        this.time = d.time;
        this.facts = d.facts;
        this.key = d.key;
        this.subject = d.subject;
        this.subjectKnown = d.subjectKnown;
        this.obligations = records ? d.obligations : List.of();
        this.storageRegions = d.storageRegions;
        this.consent = records ? d.consent : null;
        this.token = records && d.consent == null ? d.token : null;
        this.tokenRefusal = this.token == null ? d.tokenRefusal : null;
        this.tried = d.tried;
        this.skippedByIndex = d.skippedByIndex;
        this.triedNotListed = d.triedNotListed;
        this.overlays = d.overlays;
        this.supersedes = d.supersedes;
        this.notice = outcome == Outcome.RECORD_AFTER_NOTICE || outcome == Outcome.RECORD_AFTER_CONSENT ? d.notice : null;
        this.pauseAllowed = !(records && d.basis != null && d.pauseForbiddenBases.contains(d.basis));
    }

    /**
     * Why the call's consent token did not count, when it carried one and the decision does not rest
     * on it (e.g. {@code bad_signature}, {@code expired}); empty otherwise. For the gateway's metric;
     * the explanation words it.
     */
    public java.util.Optional<ConsentTokens.Refusal> consentTokenRefusal() {
        return java.util.Optional.ofNullable(tokenRefusal);
    }

    /**
     * Whether the recording may be paused (e.g. for card entry) under this decision: false when the
     * policy's {@code recordingControl.pauseForbidden} names its basis (legal obligation by default:
     * MiFID II wants the whole conversation).
     */
    public boolean pauseAllowed() {
        return pauseAllowed;
    }

    /**
     * The data subject's rights that follow from the basis (DOMAIN.md table): portability only for
     * consent and contract, objection only for public task and legitimate interests, withdrawal for
     * consent; under legal obligation erasure is exempt while the retention runs (Art. 17(3)(b)).
     */
    static List<String> rightsOf(Basis basis) {
        if (basis == null) {
            return List.of();
        }
        return switch (basis) {
            case CONSENT -> List.of("access", "erasure", "portability", "withdraw_consent");
            case CONTRACT -> List.of("access", "erasure", "portability");
            case LEGAL_OBLIGATION -> List.of("access", "erasure_exempt_while_obligation_runs");
            case VITAL_INTERESTS -> List.of("access", "erasure");
            case PUBLIC_TASK, LEGITIMATE_INTERESTS -> List.of("access", "erasure", "object");
        };
    }

    /** The same call stopped from {@code at} on: consent withdrawn or objection raised mid-call. */
    Decision stopped(String why, Instant at) {
        Draft d = new Draft();
        d.rule = rule;
        d.policyDigest = policyDigest;
        d.time = at;
        d.facts = facts;
        d.key = key;
        d.subject = subject();
        d.subjectKnown = true;
        d.storageRegions = storageRegions;
        d.tried = tried;
        d.skippedByIndex = skippedByIndex;
        d.triedNotListed = triedNotListed;
        List<String> ov = new ArrayList<>(overlays);
        ov.add(why);
        d.overlays = List.copyOf(ov);
        d.supersedes = decisionId();
        return new Decision(d);
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The exact notice to play before recording: for {@link Outcome#RECORD_AFTER_NOTICE} the
     * recording notice, for {@link Outcome#RECORD_AFTER_CONSENT} the consent prompt (it informs and
     * asks); empty for other outcomes, and for policies that declare no notices.
     */
    public java.util.Optional<NoticeChoice> notice() {
        return java.util.Optional.ofNullable(notice);
    }

    /** The lawful basis; null when not recording. */
    public Basis basis() {
        return basis;
    }

    /** The processing purpose named by the rule; null when not recording. */
    public String purpose() {
        return outcome.records() ? rule.purpose : null;
    }

    /** Retention class, period, expiry (call time plus period) and minimum, if any; null when not recording. */
    public Retention retention() {
        if (!outcome.records()) {
            return null;
        }
        Retention r = retention;
        if (r == null) {
            r = Retention.from(rule.retentionClass, rule.retention, rule.retentionMinimum, facts.time());
            retention = r;
        }
        return r;
    }

    /** Sorted obligation names, see {@link Obligations}. */
    public List<String> obligations() {
        return obligations;
    }

    public List<String> rights() {
        return rightsOf(basis);
    }

    /** Id of the rule that matched; null when none did. */
    public String rule() {
        return rule == null ? null : rule.id;
    }

    public String policyDigest() {
        return policyDigest;
    }

    /** The call's time for a first decision, the time of the event for a re-decision. */
    public Instant time() {
        return time;
    }

    public String tenant() {
        return facts.tenant();
    }

    /** Keyed pseudonym of the data subject, or null when the subject has no usable address. */
    public String subject() {
        if (!subjectKnown) {
            subject = Evaluator.subjectKey(key, facts);
            subjectKnown = true;
        }
        return subject;
    }

    /** Storage regions the overlays require for this recording (empty: no requirement). */
    public List<String> storageRegions() {
        return storageRegions;
    }

    /** Id of the decision this one replaces, for re-decisions; otherwise null. */
    public String supersedes() {
        return supersedes;
    }

    /** Human-readable explanation: each rule tried, then each overlay applied. */
    public List<String> explanationLines() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tried.size(); i++) {
            Trace t = tried.get(i);
            if (triedNotListed > 0 && i == tried.size() - 1 && t.matched()) {
                out.add("... " + triedNotListed + " more rule(s) tried, no match");
            }
            String why = reason(t);
            out.add("rule " + t.rule().id + ": " + (why == null ? "matched" : "no match, " + why));
        }
        if (triedNotListed > 0 && rule == null) {
            out.add("... " + triedNotListed + " more rule(s) tried, no match");
        }
        if (skippedByIndex > 0) {
            out.add(skippedByIndex + " other rule(s) excluded by tenant/direction/queue/purpose/number prefix");
        }
        if (rule == null) {
            out.add("no rule matched: do not record");
        }
        for (String o : overlays) {
            out.add("overlay: " + o);
        }
        if (subject() == null) {
            out.add("subject: " + NO_SUBJECT);
        }
        return out;
    }

    private String reason(Trace t) {
        if (t.matched()) {
            return null;
        }
        return t.consentReason() != null ? t.consentReason() : t.rule().mismatchUnindexed(facts, true);
    }

    /**
     * A content-derived id: {@code dec-} and the first 128 bits of SHA-256 over the decision without
     * its id and without {@code subject}. The subject is left out because the store keeps it as a
     * salted commitment that an erasure unlinks (issue 11, item 5): the id, and an auditor's check of
     * it, must survive that.
     */
    public String decisionId() {
        String i = id;
        if (i == null) {
            Map<String, Object> t = tree(null);
            t.remove("subject");
            i = "dec-" + Canonical.sha256Hex(Canonical.json(t)).substring(0, 32);
            id = i;
        }
        return i;
    }

    /** What the explanation says when the subject party has no usable identity (item 4). */
    static final String NO_SUBJECT = "the data subject has no usable identity (withheld or not a number or address): "
            + "no consent or objection on record applies, and consent captured in this call binds only this call";

    /** The audit form: canonical JSON, see the class comment and docs/policy.md. */
    public String canonicalJson() {
        String j = json;
        if (j == null) {
            j = Canonical.json(tree(decisionId()));
            json = j;
        }
        return j;
    }

    /**
     * The evidence the decision carries, as in its audit JSON: {@code lia}, {@code citation},
     * {@code contract}, {@code emergency} (true), {@code consent} (a map of {@code givenAt}, {@code method},
     * {@code noticeVersion}, {@code purpose}) or {@code consentToken} (a map of {@code digest}, {@code expiresAt},
     * {@code givenAt}, {@code issuer}, {@code method}, {@code noticeVersion}, {@code purpose}); empty when not recording.
     * Unmodifiable.
     */
    public Map<String, Object> evidence() {
        return Collections.unmodifiableMap(evidenceTree());
    }

    /** Each party's jurisdiction as in the audit JSON: {@code caller} and {@code callee}, e.g. GB and US-CA. */
    public Map<String, String> jurisdictions() {
        return Map.of("caller", facts.callerJurisdiction(), "callee", facts.calleeJurisdiction());
    }

    private Map<String, Object> evidenceTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!outcome.records()) {
            return m;
        }
        if (basis == Basis.CONSENT) {
            if (consent != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("givenAt", consent.givenAt().toString());
                c.put("method", consent.method());
                c.put("noticeVersion", consent.noticeVersion());
                c.put("purpose", consent.purpose());
                m.put("consent", Collections.unmodifiableMap(c));
            } else if (token != null) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("digest", token.digest());
                t.put("expiresAt", token.expiresAt().toString());
                t.put("givenAt", token.issuedAt().toString());
                t.put("issuer", token.issuer());
                t.put("method", token.method());
                t.put("noticeVersion", token.noticeVersion());
                t.put("purpose", token.purpose());
                m.put("consentToken", Collections.unmodifiableMap(t));
            }
        }
        if (basis == rule.basis) { // the rule's own evidence, unless an overlay replaced its basis by consent
            switch (basis) {
                case LEGITIMATE_INTERESTS -> m.put("lia", rule.lia);
                case LEGAL_OBLIGATION, PUBLIC_TASK -> m.put("citation", rule.citation);
                case VITAL_INTERESTS -> m.put("emergency", true);
                case CONTRACT -> {
                    if (rule.contract != null) {
                        m.put("contract", rule.contract);
                    }
                }
                case CONSENT -> { }
            }
        }
        return m;
    }

    private Map<String, Object> tree(String decisionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("basis", basis == null ? null : basis.code());
        if (decisionId != null) {
            m.put("decisionId", decisionId);
        }
        Map<String, Object> ex = new LinkedHashMap<>();
        List<Object> rs = new ArrayList<>();
        for (Trace t : tried) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("rule", t.rule().id);
            tm.put("matched", t.matched());
            String why = reason(t);
            if (why != null) {
                tm.put("reason", why);
            }
            rs.add(tm);
        }
        ex.put("rulesTried", rs);
        ex.put("rulesExcludedByIndex", skippedByIndex);
        ex.put("rulesTriedNotListed", triedNotListed);
        ex.put("overlays", overlays);
        if (subject() == null) {
            ex.put("subject", NO_SUBJECT);
        }
        m.put("explanation", ex);
        m.put("evidence", evidenceTree());
        m.put("obligations", obligations);
        m.put("outcome", outcome.name());
        m.put("policyDigest", policyDigest);
        m.put("purpose", purpose());
        Retention r = retention();
        if (r != null) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("class", r.retentionClass());
            rm.put("period", r.period().toString());
            rm.put("expiresAt", r.expiresAt().toString());
            if (r.minimumUntil() != null) { // only then, so that decisions of classes without one keep their ids
                rm.put("minimum", r.minimum().toString());
                rm.put("minimumUntil", r.minimumUntil().toString());
            }
            m.put("retention", rm);
        } else {
            m.put("retention", null);
        }
        m.put("rights", rights());
        m.put("rule", rule());
        m.put("time", time.toString());
        m.put("tenant", facts.tenant());
        m.put("subject", subject());
        m.put("callRef", facts.callId() == null ? null : key.reference("call-", facts.callId()));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("caller", facts.callerJurisdiction());
        j.put("callee", facts.calleeJurisdiction());
        m.put("jurisdictions", j);
        m.put("storageRegions", storageRegions);
        m.put("supersedes", supersedes);
        if (notice != null) { // only then, so that decisions without a notice keep their ids
            m.put("notice", notice.canonical());
        }
        if (!pauseAllowed) { // only when forbidden, so that decisions of other bases keep their form
            m.put("pauseAllowed", false);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decision d && canonicalJson().equals(d.canonicalJson());
    }

    @Override
    public int hashCode() {
        return canonicalJson().hashCode();
    }

    @Override
    public String toString() {
        return "Decision[" + outcome + ", basis=" + (basis == null ? null : basis.code()) + ", rule=" + rule() + "]";
    }
}
