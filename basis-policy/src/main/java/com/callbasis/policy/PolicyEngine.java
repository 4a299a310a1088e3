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
    private final Clock clock;
    private final List<Consumer<PolicyLoaded>> loadListeners = new CopyOnWriteArrayList<>();
    private final List<RedecisionListener> redecisionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, ActiveCall> calls = new ConcurrentHashMap<>();

    /** A running call: its facts, the policy it started with, and its latest decision. */
    private record ActiveCall(CallFacts facts, Policy policy, Decision decision) {
    }

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
            if (calls.replace(e.getKey(), c, new ActiveCall(c.facts(), c.policy(), next))) {
                out.add(next);
                for (RedecisionListener l : redecisionListeners) {
                    l.redecided(e.getKey(), prev, next);
                }
            }
        }
        return out;
    }
}
