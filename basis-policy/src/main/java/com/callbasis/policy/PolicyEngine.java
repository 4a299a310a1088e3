package com.callbasis.policy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The lawful-basis engine the gateway asks before recording any call. Thread-safe: {@link #decide}
 * reads an immutable {@link Policy} through an atomic reference, so a reload swaps the whole policy at
 * once and a decision never sees half of one. Calls started with {@link #startCall} keep the policy
 * they started with; when consent is withdrawn or an objection arrives during such a call, the engine
 * makes a new decision for it and tells the {@link RedecisionListener}s.
 *
 * <p>The engine does not log: loads and re-decisions are events ({@link #addLoadListener},
 * {@link #addRedecisionListener}) that the application sends to the audit log, and the command line
 * prints decisions on standard output where a log line would corrupt them.
 */
public final class PolicyEngine {
    private final AtomicReference<Policy> policy = new AtomicReference<>();
    private final AtomicReference<PolicyLoaded> lastLoaded = new AtomicReference<>();
    private final ConsentRegistry consents;
    private final ObjectionRegistry objections;
    private final Evaluator evaluator;
    private final Pseudonyms key;
    private final Clock clock;
    private final List<Consumer<PolicyLoaded>> loadListeners = new CopyOnWriteArrayList<>();
    private final List<RedecisionListener> redecisionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, ActiveCall> calls = new ConcurrentHashMap<>();

    /**
     * A running call: its facts, the policy it started with, its latest decision, and consent captured
     * in it that is in no registry (its subject has no usable identity), or null.
     */
    private record ActiveCall(CallFacts facts, Policy policy, Decision decision, ConsentRecord callConsent) {
        ActiveCall(CallFacts facts, Policy policy, Decision decision) {
            this(facts, policy, decision, null);
        }

        ActiveCall next(Decision d) {
            return new ActiveCall(facts, policy, d, callConsent);
        }
    }

    /** Reasons {@link #consentRefused} accepts. */
    public static final java.util.Set<String> CONSENT_REFUSALS = java.util.Set.of("consent.declined", "consent.timeout",
            "consent.abandoned");
    /** What a consent record names as notice version when the decision named no notice (a policy without notices). */
    public static final String NO_NOTICE_VERSION = "unnamed";
    /** How a withdrawal or objection is recorded by {@link #withdrawOrObject(String, Instant)}. */
    public static final String IN_CALL_METHOD = "in-call";
    /** Serialises the in-call operations (human-paced), so that two for one call cannot interleave. */
    private final Object inCallLock = new Object();

    /**
     * @param initial the policy in force from the start (e.g. {@link PolicyLoader#loadExample()})
     * @param consents where consent is looked up
     * @param objections where Art. 21 objections are looked up
     * @param key the subject pseudonymisation; the same one must be used wherever registries are keyed
     *     (in the gateway: the recording store's)
     */
    public PolicyEngine(Policy initial, ConsentRegistry consents, ObjectionRegistry objections, Pseudonyms key) {
        this(initial, consents, objections, key, Clock.systemUTC());
    }

    public PolicyEngine(Policy initial, ConsentRegistry consents, ObjectionRegistry objections, Pseudonyms key, Clock clock) {
        this(initial, consents, objections, key, ConsentTokens.NONE, clock);
    }

    /**
     * @param tokens the issuers whose signed consent tokens count as consent ({@link ConsentTokens#NONE}:
     *     no token counts)
     */
    public PolicyEngine(Policy initial, ConsentRegistry consents, ObjectionRegistry objections, Pseudonyms key,
            ConsentTokens tokens, Clock clock) {
        this.consents = Objects.requireNonNull(consents);
        this.objections = Objects.requireNonNull(objections);
        this.evaluator = new Evaluator(consents, objections, Objects.requireNonNull(key), Objects.requireNonNull(tokens));
        this.key = key;
        this.clock = Objects.requireNonNull(clock);
        install(Objects.requireNonNull(initial));
    }

    /** The policy in force for new calls. */
    public Policy policy() {
        return policy.get();
    }

    /** The event of the policy in force (for the audit log at start-up). */
    public PolicyLoaded lastLoaded() {
        return lastLoaded.get();
    }

    /** Decides a call under the policy in force. Pure: nothing is tracked or written. */
    public Decision decide(CallFacts facts) {
        return evaluator.decide(policy.get(), facts);
    }

    /** Decides a call under a given policy (e.g. the one a running call started with). */
    public Decision decide(CallFacts facts, Policy under) {
        return evaluator.decide(under, facts);
    }

    /**
     * Whether a recording made for {@code recordingPurpose} (stored with the recording) may be replayed
     * for {@code requestedPurpose} under the policy in force now, not the one it was recorded under: a
     * replay purpose the policy withdraws is refused from the reload on. Empty when allowed, else the
     * one-line reason ({@link Policy#checkReplay}). A caller that audits the policy digest with the
     * answer asks {@link #policy()} once and calls {@link Policy#checkReplay} on it, so both are of the
     * same policy across a reload.
     */
    public java.util.Optional<String> checkReplay(String recordingPurpose, String requestedPurpose) {
        return policy.get().checkReplay(recordingPurpose, requestedPurpose);
    }

    /**
     * The pseudonymous key of a party (E.164 number or SIP URI) within a tenant, for the registries;
     * null when the party has no usable identity ({@link SubjectIdentity}). Neither registries nor
     * decisions hold the number itself.
     */
    public String subjectKey(String tenant, String party) {
        return evaluator.subjectKey(tenant, party);
    }

    /**
     * Validates a policy file and, only if it is valid, puts it in force for new calls.
     *
     * @throws ConfigException with every problem; the policy in force stays unchanged
     */
    public PolicyLoaded reload(Path file) throws ConfigException {
        return install(PolicyLoader.load(file));
    }

    /** Puts an already validated policy in force for new calls and announces it. */
    public PolicyLoaded install(Policy next) {
        Policy previous = policy.getAndSet(next);
        List<String> warnings = new ArrayList<>();
        for (Problem p : next.warnings()) {
            warnings.add(p.toString());
        }
        PolicyLoaded event = new PolicyLoaded(next.digest(), previous == null ? null : previous.digest(), next.source(),
                next.ruleIds().size(), warnings, clock.instant());
        lastLoaded.set(event);
        for (Consumer<PolicyLoaded> l : loadListeners) {
            l.accept(event);
        }
        return event;
    }

    public void addLoadListener(Consumer<PolicyLoaded> listener) {
        loadListeners.add(Objects.requireNonNull(listener));
    }

    public void addRedecisionListener(RedecisionListener listener) {
        redecisionListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Decides a new call under the policy in force and tracks it until {@link #endCall}, so that a later
     * withdrawal or objection re-decides it under the same policy.
     *
     * @throws IllegalArgumentException when the facts carry no call id
     */
    public Decision startCall(CallFacts facts) {
        if (facts.callId() == null) {
            throw new IllegalArgumentException("a tracked call needs a callId");
        }
        Policy p = policy.get();
        Decision d = evaluator.decide(p, facts);
        calls.put(facts.callId(), new ActiveCall(facts, p, d));
        return d;
    }

    /** Stops tracking a call; returns its last decision, or null if it was not tracked. */
    public Decision endCall(String callId) {
        ActiveCall c = calls.remove(callId);
        return c == null ? null : c.decision();
    }

    /** The latest decision of a tracked call, or null. */
    public Decision currentDecision(String callId) {
        ActiveCall c = calls.get(callId);
        return c == null ? null : c.decision();
    }

    /**
     * Records a withdrawal of consent (Art. 7(3)) and stops every running call of that subject and
     * tenant recording on consent for that purpose. Not retroactive: what was recorded stays lawful.
     *
     * @return the new decisions, one per call stopped
     */
    public List<Decision> withdrawConsent(String subjectKey, String tenant, String purpose, Instant at) {
        consents.withdraw(subjectKey, tenant, purpose, at);
        return redecide(subjectKey, tenant, at, d -> d.basis() == Basis.CONSENT && purpose.equals(d.purpose()),
                d -> "consent for " + purpose + " withdrawn at " + at + " (Art. 7(3)): stop recording");
    }

    /**
     * Records an Art. 21 objection and stops every running call of that subject and tenant recording
     * on legitimate interests or public task.
     *
     * @return the new decisions, one per call stopped
     */
    public List<Decision> object(ObjectionRecord objection) {
        objections.record(objection);
        return redecide(objection.subjectKey(), objection.tenant(), objection.at(),
                d -> d.basis() != null && d.basis().objectable(),
                d -> "objection (Art. 21) raised at " + objection.at() + " defeats " + d.basis().code() + ": stop recording");
    }

    private List<Decision> redecide(String subjectKey, String tenant, Instant at, Predicate<Decision> affected,
            Function<Decision, String> why) {
        List<Decision> out = new ArrayList<>();
        for (Map.Entry<String, ActiveCall> e : calls.entrySet()) {
            ActiveCall c = e.getValue();
            Decision prev = c.decision();
            if (!tenant.equals(c.facts().tenant()) || !subjectKey.equals(prev.subject()) || !prev.outcome().records()
                    || !affected.test(prev)) {
                continue;
            }
            Decision next = prev.stopped(why.apply(prev), at);
            if (calls.replace(e.getKey(), c, c.next(next))) {
                out.add(next);
                for (RedecisionListener l : redecisionListeners) {
                    l.redecided(e.getKey(), prev, next);
                }
            }
        }
        return out;
    }

    /**
     * The caller agreed to recording (e.g. pressed the consent prompt's agree digit) in a tracked call
     * whose current decision is {@link Outcome#RECORD_AFTER_CONSENT}. The consent is recorded as
     * {@code ConsentRecord.given(subject, tenant, purpose, method, "<noticeId>@<version>", at)} in the
     * consent registry, so it counts for the subject's later calls until withdrawn; for a subject with
     * no usable identity (a withheld number) it binds only this call and stays with it, in no registry.
     * The call is then decided again under the policy it started with, with that consent on record;
     * the new decision (RECORD, or RECORD_AFTER_NOTICE when a notice is still due) supersedes the
     * previous one, becomes the call's current decision and is announced to the RedecisionListeners.
     *
     * @param method how consent was given, e.g. {@code ivr-dtmf}
     * @throws IllegalArgumentException when the call is not tracked
     * @throws IllegalStateException when its current decision is not RECORD_AFTER_CONSENT
     */
    public Decision consentGiven(String callId, String method, Instant at) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(at, "at");
        synchronized (inCallLock) {
            ActiveCall c = waitingForConsent(callId);
            Decision prev = c.decision();
            String noticeVersion = prev.notice().map(NoticeChoice::reference).orElse(NO_NOTICE_VERSION);
            String subject = prev.subject();
            ConsentRecord consent;
            ConsentRecord callConsent = null;
            if (subject != null) {
                consent = ConsentRecord.given(subject, prev.tenant(), prev.purpose(), method, noticeVersion, at);
                consents.record(consent);
            } else {
                consent = ConsentRecord.given(key.reference("call-", callId), prev.tenant(), prev.purpose(), method, noticeVersion, at);
                callConsent = consent;
            }
            Decision next = evaluator.decide(c.policy(), c.facts(), consent, at, prev.decisionId());
            return replace(callId, c, new ActiveCall(c.facts(), c.policy(), next, callConsent));
        }
    }

    /**
     * The caller did not agree to recording in a tracked call waiting for consent: a
     * {@link Outcome#DO_NOT_RECORD} decision superseding the pending one, whose explanation names the
     * reason, tracked and announced.
     *
     * @param reason {@code consent.declined} (the decline digit), {@code consent.timeout} (no digit after
     *     the prompt and its repeats) or {@code consent.abandoned} (the caller hung up or the call was
     *     transferred first)
     * @throws IllegalArgumentException when the call is not tracked or the reason is not one of these
     * @throws IllegalStateException when its current decision is not RECORD_AFTER_CONSENT
     */
    public Decision consentRefused(String callId, String reason, Instant at) {
        if (!CONSENT_REFUSALS.contains(reason)) {
            throw new IllegalArgumentException("reason must be one of " + new java.util.TreeSet<>(CONSENT_REFUSALS) + ", got " + reason);
        }
        Objects.requireNonNull(at, "at");
        synchronized (inCallLock) {
            ActiveCall c = waitingForConsent(callId);
            Decision prev = c.decision();
            Decision next = prev.stopped("consent not given (" + reason + ") at " + at + ": do not record", at);
            return replace(callId, c, c.next(next));
        }
    }

    /** {@link #withdrawOrObject(String, String, Instant)} with method {@value #IN_CALL_METHOD}. */
    public InCallRequest withdrawOrObject(String callId, Instant at) {
        return withdrawOrObject(callId, IN_CALL_METHOD, at);
    }

    /**
     * The caller asked, during a tracked call, to stop being recorded (e.g. star nine, as the notice
     * says). What that means depends on the current decision's basis (DOMAIN.md, rights per basis):
     * <ul>
     * <li>consent: withdrawn ({@link #withdrawConsent}: every running call of the subject on that
     * purpose stops); for a subject with no usable identity only this call's consent is withdrawn;
     * {@link InCallRequest#CONSENT_WITHDRAWN}.
     * <li>legitimate interests, public task: an Art. 21 objection ({@link #object}); for a subject with no
     * usable identity it stops only this call and nothing is recorded in the registry;
     * {@link InCallRequest#OBJECTION_RECORDED}.
     * <li>legal obligation, contract, vital interests: nothing stops; the decision is returned unchanged
     * with {@link InCallRequest#BASIS_NOT_WITHDRAWABLE}, for the gateway to audit and tell the caller.
     * <li>a call still waiting for consent (RECORD_AFTER_CONSENT): the request declines it, as
     * {@link #consentRefused} with {@code consent.declined}; {@link InCallRequest#CONSENT_DECLINED}.
     * <li>a call not recorded: unchanged, {@link InCallRequest#NOT_RECORDING}.
     * </ul>
     * A decision in RECORD_AFTER_NOTICE (the notice may still be playing) is treated as recording.
     *
     * @param method how the request was made, e.g. {@code ivr-dtmf}; stored with an objection
     * @throws IllegalArgumentException when the call is not tracked
     */
    public InCallRequest withdrawOrObject(String callId, String method, Instant at) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(at, "at");
        synchronized (inCallLock) {
            ActiveCall c = tracked(callId);
            Decision prev = c.decision();
            if (!prev.outcome().records()) {
                return new InCallRequest(prev, false, InCallRequest.NOT_RECORDING, null);
            }
            if (prev.outcome() == Outcome.RECORD_AFTER_CONSENT) {
                Decision next = consentRefused(callId, "consent.declined", at);
                return new InCallRequest(next, true, InCallRequest.CONSENT_DECLINED, null);
            }
            Basis basis = prev.basis();
            String subject = prev.subject();
            Decision next;
            String reason;
            if (basis == Basis.CONSENT) {
                reason = InCallRequest.CONSENT_WITHDRAWN;
                String why = "consent for " + prev.purpose() + " withdrawn at " + at + " (Art. 7(3)): stop recording";
                if (subject != null) {
                    withdrawConsent(subject, prev.tenant(), prev.purpose(), at);
                    next = stopIfStill(callId, prev, why, at);
                } else {
                    // a withheld subject's consent binds only this call, so only this call's is withdrawn
                    ConsentRecord cc = c.callConsent();
                    next = replace(callId, c, new ActiveCall(c.facts(), c.policy(), prev.stopped(why + " (this call only)", at),
                            cc == null ? null : cc.withdrawn(at)));
                }
            } else if (basis.objectable()) {
                reason = InCallRequest.OBJECTION_RECORDED;
                String why = "objection (Art. 21) raised at " + at + " defeats " + basis.code() + ": stop recording";
                if (subject != null) {
                    object(new ObjectionRecord(subject, prev.tenant(), method, at));
                    next = stopIfStill(callId, prev, why, at);
                } else {
                    next = replace(callId, c, c.next(prev.stopped(why + " (this call only: the subject has no usable identity)", at)));
                }
            } else {
                return new InCallRequest(prev, false, InCallRequest.BASIS_NOT_WITHDRAWABLE, null);
            }
            return new InCallRequest(next, true, reason, c.policy().withdrawalConfirmation(c.facts()).orElse(null));
        }
    }

    /** After a registry-wide re-decision: this call's new decision, or stops it here if that did not reach it. */
    private Decision stopIfStill(String callId, Decision prev, String why, Instant at) {
        ActiveCall now = calls.get(callId);
        if (now == null) {
            return prev.stopped(why, at); // ended meanwhile
        }
        if (now.decision() != prev) {
            return now.decision();
        }
        return replace(callId, now, now.next(prev.stopped(why, at)));
    }

    private ActiveCall waitingForConsent(String callId) {
        ActiveCall c = tracked(callId);
        if (c.decision().outcome() != Outcome.RECORD_AFTER_CONSENT) {
            throw new IllegalStateException("call " + callId + " is not waiting for consent (" + c.decision().outcome() + ")");
        }
        return c;
    }

    private ActiveCall tracked(String callId) {
        ActiveCall c = callId == null ? null : calls.get(callId);
        if (c == null) {
            throw new IllegalArgumentException("not a tracked call: " + callId);
        }
        return c;
    }

    /** Installs the call's next decision (unless the call ended meanwhile) and announces it. */
    private Decision replace(String callId, ActiveCall current, ActiveCall next) {
        if (calls.replace(callId, current, next)) {
            for (RedecisionListener l : redecisionListeners) {
                l.redecided(callId, current.decision(), next.decision());
            }
        }
        return next.decision();
    }
}
