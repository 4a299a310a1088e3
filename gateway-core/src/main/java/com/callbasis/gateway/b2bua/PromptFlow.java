package com.callbasis.gateway.b2bua;

import com.callbasis.config.NoticeConfig;
import com.callbasis.gateway.media.MediaStream;
import com.callbasis.gateway.media.PromptFrames;
import com.callbasis.gateway.media.PromptListener;
import com.callbasis.gateway.media.PromptPlayback;
import com.callbasis.gateway.media.PromptResult;
import com.callbasis.gateway.media.Side;
import com.callbasis.gateway.notice.PromptLibrary;
import com.callbasis.gateway.notice.PromptPlan;
import com.callbasis.gateway.sip.transaction.TimerService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notice or consent phase of one answered call (core thread): the subject hears the prompt while the
 * two parties are not bridged; a notice played to its end lets the recording start, a consent prompt is
 * followed by up to {@code timeout} for one digit and {@code repeats} replays. What the phase came to goes
 * back to the {@link Host}, which decides the call again and bridges it.
 *
 * <p>Digits pressed while the prompt still plays are ignored: consent counts only once the whole
 * question was heard. A re-INVITE during the prompt (codec change, new address, hold and resume)
 * restarts it, so the evidence is always one complete playback in the codec the subject receives. While
 * the subject does not receive (it holds the call: sendonly, inactive, c=0.0.0.0) nothing is sent
 * (RFC 3264 s.6.1) and the prompt waits: it plays from its beginning once the subject receives again.
 */
final class PromptFlow {
    private static final Logger LOG = LoggerFactory.getLogger(PromptFlow.class);

    /** What a phase came to. */
    enum End { NOTICE_GIVEN, AGREED, DECLINED, TIMEOUT, ABANDONED, NOT_PLAYABLE }

    interface Host {
        /** The prompt was heard to its end (audit {@code notice.played}). */
        void played(Call call, PromptPlan plan, PromptResult result);

        /** The phase ended; {@code NOTICE_GIVEN} and {@code AGREED} may lead to recording. */
        void ended(Call call, PromptPlan plan, End end, String method);
    }

    /** PLAYING: the prompt is sent; HELD: due, but the subject does not receive (on hold); WAITING: for the digit. */
    private enum State { PLAYING, HELD, WAITING, DONE }

    /** The agent's copy of the notice: nothing follows from how it ends. */
    private static final PromptListener IGNORE = new PromptListener() {
        @Override
        public void completed(PromptResult r) {
        }

        @Override
        public void cancelled(PromptResult r) {
        }
    };

    private final Call call;
    private final PromptPlan plan;
    private final PromptLibrary prompts;
    private final NoticeConfig config;
    private final TimerService timers;
    private final Host host;
    private final Side subject;
    private State state = State.PLAYING;
    private int played;
    private long generation; // listener callbacks of a replaced playback are ignored
    /** {@link CallMedia#descriptions()} when the prompt was last (re)started or held: what it was started for. */
    private long negotiation = -1;
    private PromptPlayback toSubject;
    private PromptPlayback toOther;
    private TimerService.Timeout digitTimer;

    PromptFlow(Call call, PromptPlan plan, PromptLibrary prompts, NoticeConfig config, TimerService timers, Host host, Side subject) {
        this.call = call;
        this.plan = plan;
        this.prompts = prompts;
        this.config = config;
        this.timers = timers;
        this.host = host;
        this.subject = subject;
    }

    PromptPlan plan() {
        return plan;
    }

    /** True while the gateway sends the prompt (the media timeout is suspended meanwhile). */
    boolean sending() {
        return state == State.PLAYING;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** How often the prompt was heard to its end so far. */
    int timesPlayed() {
        return played;
    }

    /** Unbridges the call and starts the prompt. Returns false (and ends NOT_PLAYABLE) when no codec fits. */
    boolean start() {
        Optional<MediaStream> stream = call.media == null ? Optional.empty() : call.media.audioStream();
        if (stream.isEmpty()) {
            finish(End.NOT_PLAYABLE, null);
            return false;
        }
        MediaStream s = stream.get();
        s.setForwarding(Side.CALLER, false);
        s.setForwarding(Side.CALLEE, false);
        return play(s);
    }

    private boolean play(MediaStream s) {
        negotiation = call.media.descriptions();
        if (!call.media.receivesAudio(subject)) {
            // On hold from the start or by now: nothing can be heard, so nothing is sent and nothing counts.
            LOG.info("call {}: the subject does not receive audio (on hold); the prompt {} waits for the resume", call.ref, plan.reference());
            state = State.HELD;
            return true;
        }
        Optional<PromptFrames> frames = framesFor(subject);
        if (frames.isEmpty()) {
            LOG.warn("call {}: no codec the subject's leg negotiated can carry the prompt {}", call.ref, plan.reference());
            finish(End.NOT_PLAYABLE, null);
            return false;
        }
        long gen = ++generation;
        state = State.PLAYING;
        toSubject = s.playPrompt(subject, frames.get(), listener(gen));
        if (config.agentHears() == NoticeConfig.AgentHears.NOTICE) {
            // The agent hears what the subject hears, when its codec allows; the evidence is the subject's playback.
            toOther = framesFor(subject.other()).map(f -> s.playPrompt(subject.other(), f, IGNORE)).orElse(null);
        }
        return true;
    }

    private Optional<PromptFrames> framesFor(Side side) {
        return call.media.sendCodec(side, prompts.encodings())
                .flatMap(c -> prompts.frames(plan.audioSha256(), c.encoding(), c.payloadType()));
    }

    private PromptListener listener(long gen) {
        return new PromptListener() {
            @Override
            public void completed(PromptResult r) {
                timers.execute(() -> onCompleted(gen, r));
            }

            @Override
            public void cancelled(PromptResult r) {
                // cancelled by us (restart, hang-up): already handled where it was cancelled
            }
        };
    }

    private void onCompleted(long gen, PromptResult r) {
        if (gen != generation || state != State.PLAYING) {
            return;
        }
        played++;
        host.played(call, plan, r);
        if (!plan.consent()) {
            finish(End.NOTICE_GIVEN, null);
            return;
        }
        state = State.WAITING;
        digitTimer = timers.schedule(plan.timeout(), this::onDigitTimeout);
    }

    private void onDigitTimeout() {
        if (state != State.WAITING) {
            return;
        }
        if (played <= plan.repeats() && call.media != null) {
            Optional<MediaStream> s = call.media.audioStream();
            if (s.isPresent() && play(s.get())) {
                return;
            }
            return; // not playable any more: play() ended the phase
        }
        finish(End.TIMEOUT, null);
    }

    /** A digit from the subject's leg ({@code method}: rfc4733, sip-info, inband). Returns true when it was consumed. */
    boolean onDigit(char digit, String method) {
        if (state != State.WAITING || !plan.consent()) {
            return false;
        }
        if (digit == plan.agree()) {
            finish(End.AGREED, method);
        } else if (digit == plan.decline()) {
            finish(End.DECLINED, method);
        }
        return true; // any other key during the question is not passed on either
    }

    /** True while digits from the subject belong to the phase (never relayed to the other party). */
    boolean capturesDigits() {
        return state != State.DONE && plan.consent();
    }

    /**
     * The media was renegotiated: a prompt still playing (or waiting for a resume) starts again in what
     * the subject now receives, or waits while the subject holds the call. The same negotiation reported
     * again (at the 2xx of a re-INVITE and again at its ACK) changes nothing: restarting twice would
     * send the subject the beginning of the prompt in a stream of its own, then the prompt once more.
     */
    void renegotiated() {
        if ((state != State.PLAYING && state != State.HELD) || call.media == null) {
            return;
        }
        if (call.media.descriptions() == negotiation) {
            return;
        }
        cancelPlaybacks();
        call.media.audioStream().ifPresentOrElse(this::play, () -> finish(End.NOT_PLAYABLE, null));
    }

    /** The call ends (BYE, timeout, shutdown) before the phase did. */
    void abandon() {
        if (state == State.DONE) {
            return;
        }
        finish(End.ABANDONED, null);
    }

    /** Ends the phase without an outcome of its own (the subject objected mid-notice): the host already decided. */
    void stop() {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelPlaybacks();
        cancelTimer();
        bridge();
    }

    /**
     * How long the subject's media stays withheld from the other party after its answering key: an RFC
     * 4733 key press ends with its end packet sent three times, one packetisation interval apart
     * (s.2.5.1.4), and those repeats must not reach the agent either.
     */
    static final java.time.Duration DIGIT_TAIL = java.time.Duration.ofMillis(150);

    private void finish(End end, String method) {
        state = State.DONE;
        cancelPlaybacks(end != End.NOTICE_GIVEN); // the agent's copy of a completed notice ends on its own
        cancelTimer();
        if (end == End.AGREED || end == End.DECLINED) {
            forward(subject.other(), true);
            timers.schedule(DIGIT_TAIL, () -> {
                if (call.prompts == null || call.prompts.done()) { // not if a notice now plays after the consent
                    forward(subject, true);
                }
            });
        } else if (end != End.ABANDONED) {
            bridge();
        }
        host.ended(call, plan, end, method);
    }

    private void bridge() {
        forward(Side.CALLER, true);
        forward(Side.CALLEE, true);
    }

    private void forward(Side from, boolean on) {
        if (call.media != null && call.state != Call.State.TERMINATED) {
            call.media.audioStream().ifPresent(s -> s.setForwarding(from, on));
        }
    }

    private void cancelPlaybacks() {
        cancelPlaybacks(true);
    }

    /** {@code other}: the agent's copy too (it may be a few milliseconds behind the subject's). */
    private void cancelPlaybacks(boolean other) {
        generation++;
        if (toSubject != null) {
            toSubject.cancel();
            toSubject = null;
        }
        if (other && toOther != null) {
            toOther.cancel();
            toOther = null;
        }
    }

    private void cancelTimer() {
        if (digitTimer != null) {
            digitTimer.cancel();
            digitTimer = null;
        }
    }
}
