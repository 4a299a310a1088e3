package com.callbasis.gateway.b2bua;

import com.callbasis.gateway.dtmf.DigitSequence;
import com.callbasis.gateway.media.PromptListener;
import com.callbasis.gateway.media.PromptResult;
import com.callbasis.gateway.notice.PromptLibrary;
import com.callbasis.gateway.notice.PromptPlan;
import com.callbasis.gateway.recording.RecordingGate;
import com.callbasis.gateway.sip.transaction.TimerService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the answer of a call the policy gate decided (core thread): the recording at once, or
 * first the notice or consent prompt ({@link PromptFlow}); then, for the rest of the call, the
 * subject's withdrawal or objection by DTMF. Every change of the recording state is told to the
 * agent's side in an in-dialog INFO carrying the new {@code X-Recording} value.
 */
final class CallPhases implements PromptFlow.Host {
    private static final Logger LOG = LoggerFactory.getLogger(CallPhases.class);

    /** What the B2BUA does for the phases. */
    interface Signalling {
        /** Arms the recording of a call whose gate decision now records. */
        void startRecording(Call call);

        /** Sends the agent's leg an INFO with {@code X-Recording: value}. */
        void tellAgent(Call call, String value);

        /** Sends the INVITE held back during an early notice ({@code notice.play: early}). */
        void forward(Call call);
    }

    private final RecordingGate gate;
    private final TimerService timers;
    private final Signalling signalling;
    private final PromptLibrary prompts;

    CallPhases(RecordingGate gate, TimerService timers, Signalling signalling) {
        this.gate = gate;
        this.timers = timers;
        this.signalling = signalling;
        this.prompts = gate.prompts();
    }

    /**
     * The target answered (before the caller hears it): records at once, or unbridges the call and
     * plays the prompt its decision names. A call that needs a prompt the gateway cannot play is not recorded.
     */
    void answered(Call call) {
        call.withdrawal = DigitSequence.of(call.route.notice().withdrawSequence()).matcher();
        if (call.gate == null) {
            return;
        }
        if (!call.gate.needsPrompt()) {
            signalling.startRecording(call);
            return;
        }
        startPrompt(call);
    }

    /**
     * A route playing notices as early media: the caller got our 183 with SDP; the prompt plays before the
     * target is called. The phase's end forwards the INVITE; the recording starts at the answer.
     */
    void early(Call call) {
        call.withdrawal = DigitSequence.of(call.route.notice().withdrawSequence()).matcher();
        startPrompt(call);
        if (call.prompts == null || call.prompts.done()) {
            signalling.forward(call); // not playable after all: the call goes on, unrecorded
        }
    }

    private void startPrompt(Call call) {
        Optional<PromptPlan> plan = gate.promptPlan(call.gate);
        boolean media = call.media != null && (call.media.negotiated() || call.deferredInvite != null); // early: the offer suffices
        if (plan.isEmpty() || !media) {
            gate.promptNotPlayable(call.gate, plan.orElse(null), !media ? "no_media" : "no_prompt");
            signalling.tellAgent(call, "off; reason=notice_not_playable; decision=" + call.gate.decision().decisionId());
            return;
        }
        call.prompts = new PromptFlow(call, plan.get(), prompts, call.route.notice(), timers, this, call.subject);
        LOG.info("call {}: playing {} {} to the subject", call.ref, plan.get().consent() ? "consent prompt" : "notice", plan.get().reference());
        call.prompts.start();
    }

    /** A re-INVITE or UPDATE settled new media: a prompt still playing restarts in the new codec. */
    void renegotiated(Call call) {
        if (call.prompts != null) {
            call.prompts.renegotiated();
        }
    }

    /**
     * A digit from the subject ({@code method}: rfc4733, sip-info, inband; {@code endNanos}: when its key
     * was released, System.nanoTime). Returns true when the digit belongs to the consent phase: it is
     * then never passed on to the other party.
     */
    boolean subjectDigit(Call call, char digit, String method, long endNanos) {
        if (call.state == Call.State.TERMINATED || call.gate == null) {
            return false;
        }
        if (call.prompts != null && call.prompts.capturesDigits()) {
            call.prompts.onDigit(digit, method);
            return true;
        }
        if (call.withdrawal != null && call.withdrawal.press(digit, endNanos).isPresent()) {
            withdraw(call, endNanos);
        }
        return false;
    }

    /** The withdrawal sequence was pressed: the engine decides whether the recording stops (legal obligation: no). */
    private void withdraw(Call call, long endNanos) {
        RecordingGate.Withdrawal w = gate.withdraw(call.gate, endNanos);
        if (!w.stopped()) {
            LOG.info("call {}: withdrawal sequence pressed; recording goes on ({})", call.ref, w.reason());
            return;
        }
        call.gate = w.next();
        LOG.info("call {}: withdrawal sequence pressed; {} ({})", call.ref, "recording stopped", w.reason());
        if (call.prompts != null) {
            call.prompts.stop(); // an objection during the notice: nothing will be recorded, bridge now
        }
        call.recording = null; // the gate stopped and sealed it
        if (call.tap != null) {
            call.tap.setRecording(null);
        }
        signalling.tellAgent(call, call.gate.headerValue());
        w.confirmation().ifPresent(plan -> confirm(call, plan));
    }

    /** "Recording has stopped", to the subject alone, while the agent's audio to them is held back. */
    private void confirm(Call call, PromptPlan plan) {
        if (!call.route.notice().confirmWithdrawal() || call.media == null) {
            return;
        }
        call.media.audioStream().ifPresent(s ->
                call.media.sendCodec(call.subject, prompts.encodings())
                        .flatMap(c -> prompts.frames(plan.audioSha256(), c.encoding(), c.payloadType()))
                        .ifPresent(frames -> {
                            s.setForwarding(call.subject.other(), false);
                            s.playPrompt(call.subject, frames, new PromptListener() {
                                @Override
                                public void completed(PromptResult r) {
                                    s.setForwarding(call.subject.other(), true);
                                }

                                @Override
                                public void cancelled(PromptResult r) {
                                    s.setForwarding(call.subject.other(), true);
                                }
                            });
                        }));
    }

    /** The call ends: a phase still running is abandoned (audited, nothing recorded). */
    void ending(Call call) {
        if (call.prompts != null) {
            call.prompts.abandon();
        }
    }

    /** True while the subject's digits belong to the consent phase (answered by the gateway, never relayed). */
    boolean capturesDigits(Call call) {
        return call.prompts != null && call.prompts.capturesDigits();
    }

    /** True while the gateway itself sends media on the call (the media timeout waits meanwhile). */
    boolean sending(Call call) {
        return call.prompts != null && call.prompts.sending();
    }

    // ---------------------------------------------------------------- PromptFlow.Host

    @Override
    public void played(Call call, PromptPlan plan, PromptResult result) {
        gate.noticePlayed(call.gate, plan, result);
    }

    @Override
    public void ended(Call call, PromptPlan plan, PromptFlow.End end, String method) {
        switch (end) {
            case NOTICE_GIVEN -> {
                call.gate = call.gate.withNoticeGiven();
                goOn(call);
            }
            case AGREED -> {
                call.gate = gate.consentGiven(call.gate, plan, "ivr-dtmf", method);
                if (call.gate.needsPrompt()) {
                    startPrompt(call); // a notice still due after consent (e.g. a notice region)
                } else {
                    goOn(call);
                }
            }
            case DECLINED, TIMEOUT -> {
                call.gate = gate.consentRefused(call.gate, plan, end == PromptFlow.End.DECLINED ? "consent.declined" : "consent.timeout");
                if (call.deferredInvite != null) {
                    signalling.forward(call);
                } else {
                    signalling.tellAgent(call, call.gate.headerValue());
                }
            }
            case ABANDONED -> {
                if (call.prompts == null || call.prompts.timesPlayed() == 0 || !plan.consent()) {
                    gate.noticeAbandoned(call.gate, plan);
                }
                if (plan.consent()) {
                    call.gate = gate.consentRefused(call.gate, plan, "consent.abandoned");
                }
            }
            case NOT_PLAYABLE -> {
                gate.promptNotPlayable(call.gate, plan, "no_codec");
                if (call.deferredInvite != null) {
                    signalling.forward(call);
                } else {
                    signalling.tellAgent(call, "off; reason=notice_not_playable; decision=" + call.gate.decision().decisionId());
                }
            }
        }
    }

    /** The phase let the call record: at once when answered, else (early notice) once the target answers. */
    private void goOn(Call call) {
        if (call.deferredInvite != null) {
            signalling.forward(call); // the outbound INVITE carries the new X-Recording; recording starts at the answer
            return;
        }
        signalling.startRecording(call);
        signalling.tellAgent(call, call.gate.headerValue());
    }
}
