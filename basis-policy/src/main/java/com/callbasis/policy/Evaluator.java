package com.callbasis.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Decides one call against one policy: first matching rule, then the overlays that can only make the
 * decision stricter (objection, consent-required regions, notice regions, all-party-consent regions).
 * Stateless; the registries are read, never written. The fast path builds no strings: explanations
 * are worded later by {@link Decision}.
 */
final class Evaluator {
    /**
     * Non-matching rules listed by name in an explanation; the rest are counted. Keeps a decision's
     * audit record small when a policy makes the engine try thousands of rules.
     */
    static final int MAX_LISTED = 16;

    private final ConsentRegistry consents;
    private final ObjectionRegistry objections;
    private final Pseudonyms key;
    private final ConsentTokens tokens;

    Evaluator(ConsentRegistry consents, ObjectionRegistry objections, Pseudonyms key, ConsentTokens tokens) {
        this.consents = consents;
        this.objections = objections;
        this.key = key;
        this.tokens = tokens;
    }

    /** Keyed pseudonym of a party within a tenant, or null when it has no usable identity. */
    String subjectKey(String tenant, String party) {
        String identity = SubjectIdentity.of(party);
        return identity == null ? null : key.subjectKey(tenant, identity);
    }

    /** The same pseudonym for a call's subject, from the identity computed when the facts were built. */
    static String subjectKey(Pseudonyms key, CallFacts f) {
        String identity = f.subjectIdentity();
        return identity == null ? null : key.subjectKey(f.tenant(), identity);
    }

    Decision decide(Policy policy, CallFacts f) {
        return decide(policy, f, null, null, null);
    }

    /**
     * Decides a running call again after consent was captured in it ({@code inCall}, also when it is
     * in no registry: a withheld subject's consent binds only this call). The decision is dated
     * {@code at} and supersedes the call's previous one.
     */
    Decision decide(Policy policy, CallFacts f, ConsentRecord inCall, java.time.Instant at, String supersedes) {
        Decision.Draft d = new Decision.Draft();
        d.policyDigest = policy.digest();
        d.time = at != null ? at : f.time();
        d.supersedes = supersedes;
        d.inCallConsent = inCall;
        d.facts = f;
        d.key = key;
        d.pauseForbiddenBases = policy.pauseForbidden();
        RuleIndex index = policy.index();
        long[][] candidates = index.candidates(f);
        List<Decision.Trace> tried = new ArrayList<>(4);
        Rule match = null;
        for (int i = index.next(candidates, 0); i >= 0; i = index.next(candidates, i + 1)) {
            Rule r = index.rule(i);
            boolean ok = r.mismatchUnindexed(f, false) == null;
            String consentReason = null;
            if (ok && r.consent != null) {
                ConsentRecord rec = r.consent != Rule.ConsentMatch.TOKEN ? findConsent(d, r) : null;
                ConsentToken token = rec == null && r.consent != Rule.ConsentMatch.RECORDED ? token(d, r) : null;
                if (rec == null && token == null) {
                    ok = false;
                    consentReason = switch (r.consent) {
                        case RECORDED -> "no consent on record for purpose " + purposeFor(r, f);
                        case TOKEN -> noToken(d);
                        case ANY -> "no consent on record for purpose " + purposeFor(r, f) + " and " + noToken(d);
                    };
                } else {
                    d.consent = rec;
                    d.token = token;
                }
            }
            if (ok || tried.size() < MAX_LISTED) {
                tried.add(new Decision.Trace(r, ok, consentReason));
            } else {
                d.triedNotListed++;
            }
            if (ok) {
                match = r;
                break;
            }
        }
        d.tried = tried;
        d.rule = match;
        d.skippedByIndex = (match == null ? index.size() : match.index + 1) - tried.size() - d.triedNotListed;
        Overlay callerOverlay = policy.overlay(f.callerJurisdiction());
        Overlay calleeOverlay = policy.overlay(f.calleeJurisdiction());
        d.storageRegions = regions(callerOverlay, calleeOverlay);
        if (match == null || !match.record) {
            return new Decision(d);
        }
        Basis basis = match.basis;
        List<String> overlays = new ArrayList<>(2);
        d.overlays = overlays;
        if (inCall != null) {
            overlays.add("consent captured in this call at " + inCall.givenAt() + " (" + inCall.method() + ", notice "
                    + inCall.noticeVersion() + ") for " + inCall.purpose());
        }
        ObligationList obligations = new ObligationList(match.obligationList);

        // Art. 21: an objection defeats legitimate interests and public task, before anything else.
        if (basis.objectable() && subject(d) != null) {
            Optional<ObjectionRecord> o = objections.find(subject(d), f.tenant(), f.time());
            if (o.isPresent()) {
                overlays.add("objection (Art. 21) raised " + o.get().at() + " defeats " + basis.code());
                return new Decision(d);
            }
        }
        // Regions that require consent (e.g. DE, StGB s.201), unless the law obliges recording.
        if (basis != Basis.CONSENT && basis != Basis.LEGAL_OBLIGATION) {
            Overlay req = callerOverlay != null && callerOverlay.requireConsent ? callerOverlay
                    : calleeOverlay != null && calleeOverlay.requireConsent ? calleeOverlay : null;
            if (req != null) {
                overlays.add(req.region + " requires consent: basis " + basis.code() + " replaced by consent");
                basis = Basis.CONSENT;
                d.consent = findConsent(d, match);
                d.token = d.consent == null ? token(d, match) : null;
            }
        }
        if (basis == Basis.CONSENT) {
            if (d.consent == null && d.token == null && match.consent == null) {
                d.consent = findConsent(d, match);
                d.token = d.consent == null ? token(d, match) : null;
            }
            if (d.consent != null || d.token != null) {
                if (obligations.remove(Obligations.REQUIRE_CONSENT_DTMF)) {
                    overlays.add(d.consent != null ? "consent on record: no capture needed" : "consent token: no capture needed");
                }
            } else {
                obligations.add(Obligations.REQUIRE_CONSENT_DTMF);
            }
        }
        notice(callerOverlay, obligations, overlays);
        if (calleeOverlay != callerOverlay) {
            notice(calleeOverlay, obligations, overlays);
        }
        boolean consentGiven = basis == Basis.CONSENT && !obligations.contains(Obligations.REQUIRE_CONSENT_DTMF) || inCall != null;
        allParty(callerOverlay, obligations, overlays, consentGiven);
        if (calleeOverlay != callerOverlay) {
            allParty(calleeOverlay, obligations, overlays, consentGiven);
        }
        d.basis = basis;
        d.obligations = obligations.list();
        d.outcome = obligations.contains(Obligations.REQUIRE_CONSENT_DTMF) ? Outcome.RECORD_AFTER_CONSENT
                : obligations.contains(Obligations.PLAY_NOTICE) ? Outcome.RECORD_AFTER_NOTICE : Outcome.RECORD;
        if (d.outcome != Outcome.RECORD) {
            Overlay subjectOverlay = f.direction() == Direction.INBOUND ? callerOverlay : calleeOverlay;
            Overlay otherOverlay = f.direction() == Direction.INBOUND ? calleeOverlay : callerOverlay;
            d.notice = policy.resolve(d.outcome == Outcome.RECORD_AFTER_CONSENT ? Notice.Kind.CONSENT : Notice.Kind.NOTICE,
                    match, f.tenant(), subjectOverlay, otherOverlay);
        }
        return new Decision(d);
    }

    private String subject(Decision.Draft d) {
        if (!d.subjectKnown) {
            d.subject = subjectKey(key, d.facts);
            d.subjectKnown = true;
        }
        return d.subject;
    }

    private ConsentRecord findConsent(Decision.Draft d, Rule r) {
        String purpose = purposeFor(r, d.facts);
        ConsentRecord inCall = d.inCallConsent;
        if (inCall != null && purpose != null && inCall.withdrawnAt() == null && inCall.purpose().equals(purpose)
                && inCall.tenant().equals(d.facts.tenant())) {
            return inCall;
        }
        String subject = subject(d);
        if (subject == null || purpose == null) {
            return null;
        }
        return consents.find(subject, d.facts.tenant(), purpose, d.facts.time()).orElse(null);
    }

    /**
     * The call's consent token when it verifies and is consent for the rule's purpose, else null (the
     * first refusal is kept for the explanation and the metric). The signature is checked once per call.
     */
    private ConsentToken token(Decision.Draft d, Rule r) {
        String compact = d.facts.consentToken();
        if (compact == null) {
            return null;
        }
        if (d.tokenVerified == null) {
            d.tokenVerified = tokens.verify(compact);
        }
        ConsentTokens.Refusal why = tokens.refusal(d.tokenVerified, d.facts, purposeFor(r, d.facts));
        d.lastTokenRefusal = why;
        if (why != null && d.tokenRefusal == null) {
            d.tokenRefusal = why;
        }
        return why == null ? d.tokenVerified.token() : null;
    }

    /** Why the last rule tried found no token consent (right after {@link #token} returned null). */
    private static String noToken(Decision.Draft d) {
        return d.facts.consentToken() == null ? "no consent token" : d.lastTokenRefusal.toString();
    }

    /** Consent covers a processing purpose: the rule's, or for a non-recording rule the call's. */
    private static String purposeFor(Rule r, CallFacts f) {
        return r.purpose != null ? r.purpose : f.purpose();
    }

    private static List<String> regions(Overlay a, Overlay b) {
        String ra = a == null ? null : a.storageRegion;
        String rb = b == null ? null : b.storageRegion;
        if (ra == null) {
            return rb == null ? List.of() : List.of(rb);
        }
        if (rb == null || rb.equals(ra)) {
            return List.of(ra);
        }
        return ra.compareTo(rb) < 0 ? List.of(ra, rb) : List.of(rb, ra);
    }

    /** Recorded even when the notice was already due: the audit trail names every overlay that applied. */
    private static void notice(Overlay o, ObligationList obligations, List<String> overlays) {
        if (o != null && o.requireNotice) {
            obligations.add(Obligations.PLAY_NOTICE);
            overlays.add(o.region + " requires a recording notice");
        }
    }

    /** Any party in an all-party-consent region: never record without notice; consent capture where the region says so. */
    private static void allParty(Overlay o, ObligationList obligations, List<String> overlays, boolean consentGiven) {
        if (o == null || o.allPartyConsent == null) {
            return;
        }
        obligations.add(Obligations.PLAY_NOTICE);
        overlays.add(o.region + " is all-party-consent: notice before recording");
        if (o.allPartyConsent == Overlay.AllParty.CONSENT && !consentGiven) {
            obligations.add(Obligations.REQUIRE_CONSENT_DTMF);
            overlays.add(o.region + " is all-party-consent: consent capture before recording");
        }
    }

    /** A sorted obligation list, copied only when an overlay changes it (most decisions keep the rule's). */
    private static final class ObligationList {
        private List<String> list;
        private boolean copied;

        ObligationList(List<String> sorted) {
            this.list = sorted;
        }

        boolean contains(String o) {
            return Collections.binarySearch(list, o) >= 0;
        }

        void add(String o) {
            int at = Collections.binarySearch(list, o);
            if (at < 0) {
                copy();
                list.add(-at - 1, o);
            }
        }

        boolean remove(String o) {
            int at = Collections.binarySearch(list, o);
            if (at < 0) {
                return false;
            }
            copy();
            list.remove(at);
            return true;
        }

        private void copy() {
            if (!copied) {
                list = new ArrayList<>(list);
                copied = true;
            }
        }

        List<String> list() {
            return copied ? Collections.unmodifiableList(list) : list;
        }
    }
}
