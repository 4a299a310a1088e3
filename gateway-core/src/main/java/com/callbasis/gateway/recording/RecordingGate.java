package com.callbasis.gateway.recording;

import com.callbasis.config.RecordingConfig;
import com.callbasis.gateway.media.PromptResult;
import com.callbasis.gateway.notice.PromptLibrary;
import com.callbasis.gateway.notice.PromptPlan;
import com.callbasis.gateway.notice.PromptPlans;
import com.callbasis.policy.CallFacts;
import com.callbasis.policy.Decision;
import com.callbasis.policy.InCallRequest;
import com.callbasis.policy.Outcome;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.recorder.CallRecorder;
import com.callbasis.recorder.DtmfEvent;
import com.callbasis.recorder.PayloadTypes;
import com.callbasis.recorder.RecorderConfig;
import com.callbasis.recorder.RecorderListener;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.audit.AuditEvent;
import com.callbasis.store.audit.AuditEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy gate: asks the lawful-basis engine about every new call, keeps every decision in the
 * audit log, and records only calls decided {@code RECORD}, from their answer to their end. A call
 * decided {@code RECORD} always ends with a sealed recording or a {@code recording.not-started} /
 * {@code recording.failed} audit event saying why not.
 *
 * <p>Decisions are made on the SIP core thread (the engine answers in microseconds); everything that
 * touches the store (decision log, recording creation, writes, seals) runs on the storage threads.
 */
public final class RecordingGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingGate.class);

    private final PolicyEngine engine;
    private final RecordingStore store;
    private final RecordingConfig config;
    private final CallFactsReader facts;
    private final LongSupplier nanoClock;
    private final Clock clock;
    private final MeterRegistry registry;
    private final PollingExecutor io;
    private final ScheduledExecutorService ticker;
    private final Map<String, CallRecording> active = new ConcurrentHashMap<>();
    /** Running recordings per source address of their calls, and each call's source (recording.maxActivePerSource). */
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final Map<String, InetAddress> sources = new ConcurrentHashMap<>();
    /** At most 4 MiB of spare PCM blocks kept between calls' writes. */
    private final PcmBlocks blocks = new PcmBlocks(AsyncPcmSink.BLOCK, 1024);
    private final Counter started;
    private final Counter dtmf;
    private final PromptLibrary prompts = new PromptLibrary();
    /** When a re-decision stopped a call's recording (System.nanoTime), for the withdrawal's stop latency. */
    private final Map<String, Long> stoppedAt = new ConcurrentHashMap<>();

    public RecordingGate(PolicyEngine engine, RecordingStore store, RecordingConfig config, MeterRegistry registry,
            LongSupplier nanoClock, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.config = config;
        this.facts = new CallFactsReader(config, clock);
        this.nanoClock = nanoClock;
        this.clock = clock;
        this.registry = registry;
        this.io = new PollingExecutor(2, 10, TimeUnit.MILLISECONDS, new DefaultThreadFactory("recording-io", true));
        this.ticker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("recorder-tick", true));
        this.started = registry.counter("recording.started");
        this.dtmf = registry.counter("recording.dtmf.events");
        Gauge.builder("recording.active", active, Map::size).register(registry);
        // Calls on hold or silent on both sides still need their silence written.
        ticker.scheduleAtFixedRate(() -> {
            long now = nanoClock.getAsLong();
            active.values().forEach(r -> r.tick(now));
        }, 100, 100, TimeUnit.MILLISECONDS);
        engine.addRedecisionListener(this::redecided);
        // Prompts are encoded when a policy goes into force, never on a call's path.
        prompts.prepare(engine.policy());
        engine.addLoadListener(loaded -> prompts.prepare(engine.policy()));
    }

    public CallFactsReader factsReader() {
        return facts;
    }

    /**
     * Decides a new call (core thread). The decision is logged and audited asynchronously; an engine
     * failure (e.g. the consent registry's database is down) means the call is not recorded.
     */
    public GateDecision decide(CallFacts callFacts) {
        Decision d;
        try {
            d = engine.startCall(callFacts);
        } catch (RuntimeException e) {
            LOG.warn("call {}: policy engine failed ({}); the call is not recorded", callFacts.callId(), e.getClass().getSimpleName());
            registry.counter("recording.decisions", "outcome", "error").increment();
            GateDecision g = new GateDecision(callFacts.callId(), callFacts.tenant(), null, null, "policy_unavailable");
            io.execute(() -> audit(AuditEvent.of(AuditEventType.RECORDING_NOT_STARTED, callFacts.tenant())
                    .with("callRef", callFacts.callId()).with("reason", "policy_unavailable")));
            return g;
        }
        GateDecision g = new GateDecision(callFacts.callId(), callFacts.tenant(), callFacts.subjectIdentity(), d, null);
        registry.counter("recording.decisions", "outcome", g.outcomeCode()).increment();
        // A forged, expired or misdirected consent token is worth an alert; the decision explains it.
        d.consentTokenRefusal().ifPresent(r -> registry.counter("consent.token.refused", "reason", r.code()).increment());
        logDecision(d);
        LOG.info("call {}: decision {} ({}, rule {})", callFacts.callId(), d.decisionId(), g.outcomeCode(), d.rule());
        return g;
    }

    private void logDecision(Decision d) {
        String json = d.canonicalJson();
        io.execute(() -> {
            try {
                store.recordDecision(json);
            } catch (Exception e) {
                registry.counter("recording.decision.log.failures").increment();
                LOG.error("decision {} could not be logged: {}", d.decisionId(), e.toString());
            }
        });
    }

    /**
     * Arms the recording of an answered call decided {@code RECORD} (core thread). Packets are taken
     * from now on; the first one creates the recording in the store (on a storage thread). A call that
     * ends before any packet came leaves no recording, only a {@code recording.not-started} event
     * ({@code no_media}). At most {@code recording.maxActivePerSource} calls from {@code source} are
     * recorded at once; beyond it the call is not recorded ({@code source_limit}).
     *
     * @param source the address the call's INVITE came from; null when unknown (not limited)
     */
    public Optional<CallRecording> start(GateDecision g, InetAddress source, PayloadTypes caller, PayloadTypes callee) {
        if (!g.records()) {
            return Optional.empty();
        }
        if (!config.enabled()) {
            notStarted(g, "recording_disabled");
            return Optional.empty();
        }
        if (source != null && perSource.merge(source, 1, Integer::sum) > config.maxActivePerSource()) {
            releaseSource(source);
            LOG.warn("call {}: not recorded, {} recordings already running for its source", g.callRef(), config.maxActivePerSource());
            notStarted(g, "source_limit");
            return Optional.empty();
        }
        CallRecording rec = new CallRecording(g, caller, callee, (c, e) -> startRecorder(g, c, e));
        active.put(g.callRef(), rec);
        if (source != null) {
            sources.put(g.callRef(), source);
        }
        return Optional.of(rec);
    }

    /** At the first packet (relay thread): the recorder, whose sink creates the store's object. Null when it failed. */
    private CallRecording.Started startRecorder(GateDecision g, PayloadTypes caller, PayloadTypes callee) {
        Decision d = g.decision();
        // A party without a usable identity is a subject of this call only: its recording gets a key
        // of its own, never one shared with other withheld callers.
        String subject = g.subjectIdentity() != null ? g.subjectIdentity() : "anonymous-call:" + g.callRef();
        String json = d.canonicalJson();
        // One rate per recording: the best either leg negotiated (G.711 8 kHz, G.722 16 kHz, Opus 48 kHz).
        int rate = Math.max(8000, Math.max(caller.maxSampleRate(), callee.maxSampleRate()));
        RecorderConfig rc = RecorderConfig.builder().sampleRate(rate).reorderDepth(config.reorderDepth())
                .maxAhead(config.reorderDepth().compareTo(java.time.Duration.ofSeconds(1)) > 0 ? config.reorderDepth() : java.time.Duration.ofSeconds(1))
                .lossThreshold(config.lossThreshold()).suppressDtmf(g.suppressDtmf()).build();
        AsyncPcmSink sink = new AsyncPcmSink(io, blocks, () -> store.startRecording(g.tenant(), List.of(subject), json),
                config.sealEvery(), e -> failed(g, e));
        try {
            CallRecorder recorder = CallRecorder.create(rc, sink, new RecorderListener() {
                @Override
                public void onDtmf(DtmfEvent event) {
                    dtmf.increment();
                }
            }, nanoClock, clock);
            started.increment();
            return new CallRecording.Started(recorder, sink);
        } catch (java.io.IOException | RuntimeException e) {
            notStarted(g, "recorder_error");
            return null;
        }
    }

    private void releaseSource(InetAddress source) {
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** The recording of {@code callRef} is no longer running: its source's slot is free. */
    private CallRecording removeActive(String callRef) {
        CallRecording rec = active.remove(callRef);
        InetAddress source = sources.remove(callRef);
        if (source != null) {
            releaseSource(source);
        }
        return rec;
    }

    /** Audits why a call decided {@code RECORD} has no recording (not answered, no media, ...). */
    public void notStarted(GateDecision g, String reason) {
        if (!g.records()) {
            return;
        }
        registry.counter("recording.not_started", "reason", reason).increment();
        io.execute(() -> audit(AuditEvent.of(AuditEventType.RECORDING_NOT_STARTED, g.tenant()).with("callRef", g.callRef())
                .with("decisionId", g.decision().decisionId()).with("reason", reason)));
    }

    /**
     * Audits and counts a refused in-call control ({@code reason}: untrusted_leg, untrusted_peer,
     * pause_forbidden); {@code g} may be null when the call was never decided.
     */
    public void controlRefused(String callRef, GateDecision g, String action, String reason) {
        registry.counter("recording.control.refused", "reason", reason).increment();
        String tenant = g == null ? null : g.tenant();
        if (tenant == null) {
            return;
        }
        AuditEvent e = AuditEvent.of(AuditEventType.RECORDING_CONTROL_REFUSED, tenant).with("callRef", callRef)
                .with("action", action).with("reason", reason);
        if (g.decision() != null) {
            e = e.with("decisionId", g.decision().decisionId());
        }
        AuditEvent event = e;
        io.execute(() -> audit(event));
    }

    private void failed(GateDecision g, Exception e) {
        registry.counter("recording.failed").increment();
        LOG.error("call {}: recording failed: {}", g.callRef(), e.toString());
        audit(AuditEvent.of(AuditEventType.RECORDING_FAILED, g.tenant()).with("callRef", g.callRef())
                .with("decisionId", g.decision().decisionId()).with("reason", e.getClass().getSimpleName()));
    }

    private void audit(AuditEvent e) {
        try {
            store.audit().append(e);
        } catch (Exception ex) {
            LOG.error("audit event {} could not be appended: {}", e.type(), ex.toString());
        }
    }

    /**
     * The call ended (core thread): seals its recording, if any, and stops tracking it in the engine.
     * Completes when the recording is sealed.
     */
    public CompletableFuture<CallRecording.Finished> end(String callRef) {
        engine.endCall(callRef);
        stoppedAt.remove(callRef);
        CallRecording rec = removeActive(callRef);
        if (rec == null) {
            return CompletableFuture.completedFuture(null);
        }
        return rec.finish().whenComplete((f, e) -> {
            if (f != null && f.summary() == null) {
                if (!rec.startFailed()) {
                    notStarted(rec.decision(), "no_media"); // answered, but no audio ever came: nothing stored
                }
                return;
            }
            if (f != null) {
                // Packet accounting across all recordings: missing = lost + late, the benchmark's loss figure.
                for (var c : List.of(f.summary().caller(), f.summary().agent())) {
                    registry.counter("recording.packets", "kind", "expected").increment(c.expected());
                    registry.counter("recording.packets", "kind", "lost").increment(c.lost());
                    registry.counter("recording.packets", "kind", "late").increment(c.late());
                    registry.counter("recording.packets", "kind", "written").increment(c.written());
                }
            }
            if (f != null && !f.failed()) {
                registry.counter("recording.sealed", "flagged", Boolean.toString(f.summary().flagged())).increment();
                LOG.info("call {}: recording {} sealed, {} ms{}", callRef, f.recordingId(), f.summary().durationMillis(),
                        f.summary().flagged() ? ", flagged for loss" : "");
            }
        });
    }

    /** A running call's decision changed (consent withdrawn, objection): recording stops now. */
    private void redecided(String callRef, Decision previous, Decision next) {
        logDecision(next);
        if (next.outcome() != Outcome.RECORD) {
            CallRecording rec = removeActive(callRef);
            if (rec != null) {
                LOG.info("call {}: re-decided {}; recording stops", callRef, next.outcome());
                stoppedAt.put(callRef, System.nanoTime()); // from here on no packet is written
                rec.finish();
            }
        }
    }

    // ---------------------------------------------------------------- notices and consent (issue 13)

    /** The prompt a call waiting for a notice or consent must hear, as its decision names it; empty when none resolves. */
    public Optional<PromptPlan> promptPlan(GateDecision g) {
        return g.decision() == null ? Optional.empty() : PromptPlans.of(g.decision());
    }

    /** Every prompt of the policies in force, prepared in every codec (prepared again at each policy load). */
    public PromptLibrary prompts() {
        return prompts;
    }

    /** The subject heard the prompt to its end: the evidence that they were told (audit {@code notice.played}). */
    public void noticePlayed(GateDecision g, PromptPlan plan, PromptResult r) {
        registry.counter("notices.played").increment();
        AuditEvent e = promptEvent(AuditEventType.NOTICE_PLAYED, g, plan).with("start", r.start().toString())
                .with("end", r.end().toString()).with("framesSent", Long.toString(r.framesSent()))
                .with("framesLate", Long.toString(r.framesLate())).with("framesNotSent", Long.toString(r.framesNotSent()));
        io.execute(() -> audit(e));
    }

    /** The call ended before the notice did: nothing is recorded (audit {@code notice.abandoned}). */
    public void noticeAbandoned(GateDecision g, PromptPlan plan) {
        registry.counter("notices.abandoned").increment();
        AuditEvent e = promptEvent(AuditEventType.NOTICE_ABANDONED, g, plan);
        io.execute(() -> audit(e));
    }

    /** A call that needs a prompt the gateway cannot play (no audio line, no shared codec): not recorded. */
    public void promptNotPlayable(GateDecision g, PromptPlan plan, String reason) {
        registry.counter("recording.not_started", "reason", "notice_not_playable").increment();
        LOG.warn("call {}: the prompt its decision needs cannot be played ({}); the call is not recorded", g.callRef(), reason);
        AuditEvent e = AuditEvent.of(AuditEventType.RECORDING_NOT_STARTED, g.tenant()).with("callRef", g.callRef())
                .with("decisionId", g.decision().decisionId()).with("reason", "notice_not_playable").with("detail", reason);
        AuditEvent ev = plan == null ? e : e.with("notice", plan.reference());
        io.execute(() -> audit(ev));
    }

    /**
     * The subject agreed after the consent prompt: the consent record goes into the registry (a withheld
     * subject's binds this call only), the engine decides the call again and the new decision (with
     * {@code supersedes}) is logged by the re-decision listener.
     */
    public GateDecision consentGiven(GateDecision g, PromptPlan plan, String method, String via) {
        Decision next = engine.consentGiven(g.callRef(), method, clock.instant());
        registry.counter("consent.outcomes", "result", "agreed").increment();
        AuditEvent e = promptEvent(AuditEventType.CONSENT_GIVEN, g, plan).with("method", method).with("via", via)
                .with("newDecisionId", next.decisionId());
        io.execute(() -> audit(e));
        return g.redecided(next);
    }

    /** Declined, no answer, or hung up during the question: {@code DO_NOT_RECORD}, superseding the pending decision. */
    public GateDecision consentRefused(GateDecision g, PromptPlan plan, String reason) {
        Decision next = engine.consentRefused(g.callRef(), reason, clock.instant());
        registry.counter("consent.outcomes", "result", reason.substring(reason.indexOf('.') + 1)).increment();
        AuditEventType type = switch (reason) {
            case "consent.declined" -> AuditEventType.CONSENT_DECLINED;
            case "consent.timeout" -> AuditEventType.CONSENT_TIMEOUT;
            default -> AuditEventType.CONSENT_ABANDONED;
        };
        AuditEvent e = promptEvent(type, g, plan).with("newDecisionId", next.decisionId());
        io.execute(() -> audit(e));
        return g.redecided(next);
    }

    /**
     * What a mid-call withdrawal came to: the call's decision now, whether the recording stopped, why,
     * and the tenant's confirmation prompt to play, if its policy names one.
     */
    public record Withdrawal(GateDecision next, boolean stopped, String reason, Optional<PromptPlan> confirmation) {
    }

    /**
     * The subject pressed the withdrawal sequence: consent is withdrawn (consent basis) or an objection
     * recorded (legitimate interests, public task), through the engine, which stops the recording at
     * once (a running recording is sealed with what came before: not retroactive). Under a legal
     * obligation nothing stops; the audit log says why. {@code endNanos}: when the sequence's last key
     * was released (System.nanoTime), for the stop latency ({@code recording.withdrawal.stop}).
     */
    public Withdrawal withdraw(GateDecision g, long endNanos) {
        InCallRequest r = engine.withdrawOrObject(g.callRef(), "dtmf", clock.instant());
        Long stopped0 = stoppedAt.remove(g.callRef());
        long latency = (stopped0 != null ? stopped0 : System.nanoTime()) - endNanos;
        boolean stopped = r.stopsRecording();
        GateDecision next = stopped ? g.redecided(r.decision()) : g;
        AuditEventType type = !stopped ? AuditEventType.WITHDRAWAL_REFUSED
                : g.decision() != null && g.decision().basis() == com.callbasis.policy.Basis.CONSENT
                        ? AuditEventType.CONSENT_WITHDRAWN : AuditEventType.OBJECTION_RECORDED;
        registry.counter("withdrawals", "result", r.reason()).increment();
        AuditEvent e = AuditEvent.of(type, g.tenant()).with("callRef", g.callRef()).with("method", "dtmf")
                .with("reason", r.reason()).with("decisionId", g.decision() == null ? "" : g.decision().decisionId());
        if (stopped) {
            registry.timer("recording.withdrawal.stop").record(latency, TimeUnit.NANOSECONDS);
            e = e.with("newDecisionId", r.decision().decisionId()).with("stopMicros", Long.toString(latency / 1000));
        }
        AuditEvent ev = e;
        io.execute(() -> audit(ev));
        return new Withdrawal(next, stopped, r.reason(), r.confirmationToPlay().map(PromptPlans::of));
    }

    private static AuditEvent promptEvent(AuditEventType type, GateDecision g, PromptPlan plan) {
        AuditEvent e = AuditEvent.of(type, g.tenant()).with("callRef", g.callRef()).with("noticeId", plan.noticeId())
                .with("noticeVersion", plan.version()).with("language", plan.language()).with("audioSha256", plan.audioSha256());
        return g.decision() == null ? e : e.with("decisionId", g.decision().decisionId());
    }

    /** The recording of a running call (Java API for pause/resume; HTTP comes later). */
    public Optional<CallRecording> recording(String callRef) {
        return Optional.ofNullable(active.get(callRef));
    }

    public int activeRecordings() {
        return active.size();
    }

    /** Seals every running recording and waits (bounded) for the store to finish. */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (String ref : List.copyOf(active.keySet())) {
            try {
                end(ref).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.error("call {}: recording not sealed at shutdown: {}", ref, e.toString());
            }
        }
        try {
            if (!io.shutdownAndWait(10, TimeUnit.SECONDS)) {
                LOG.error("storage threads still busy after 10 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
