package com.callbasis.gateway.b2bua;

import com.callbasis.config.Route;
import com.callbasis.gateway.recording.CallRecording;
import com.callbasis.gateway.recording.GateDecision;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.transaction.ClientTransaction;
import com.callbasis.gateway.sip.transaction.InviteClientTransaction;
import com.callbasis.gateway.sip.transaction.InviteServerTransaction;
import com.callbasis.gateway.sip.transaction.ServerTransaction;
import com.callbasis.gateway.sip.transaction.TimerService;

/** One call through the gateway: two legs and what is in flight between them. Core-thread only. */
final class Call {
    enum State {
        /** INVITE sent to the target, no final answer yet. */
        CALLING,
        /** 2xx relayed to the caller, waiting for its ACK. */
        ANSWERED,
        /** Both legs confirmed and acknowledged. */
        ESTABLISHED,
        /** BYE sent on a leg, waiting for its answer. */
        TERMINATING,
        TERMINATED
    }

    final String ref = Ids.callRef();
    final Route route;
    final Leg inbound;
    final Leg outbound;
    final InviteServerTransaction inviteIn;
    final long startedMillis;
    /** The address the caller's INVITE came from (recordings per source are bounded); null when unknown. */
    java.net.InetAddress source;
    InviteClientTransaction inviteOut;
    State state = State.CALLING;
    /** The caller cancelled (or ring timeout): a late 2xx from the target is acknowledged and hung up. */
    boolean cancelled;
    /** CANCEL must wait for the target's first provisional response (s.9.1). */
    boolean cancelWhenProvisional;
    /** The ACK we sent to the target for its 2xx, resent if the 2xx is retransmitted. */
    SipRequest outboundAck;
    TimerService.Timeout noAnswerTimer;
    TimerService.Timeout maxDurationTimer;
    /** The next media-silence check (established calls with media). */
    TimerService.Timeout mediaTimer;
    /** Packets relayed at the last check, and since when (millis) that count has not moved. */
    long mediaSeen;
    long mediaQuietSince;
    /** A re-INVITE (or other in-dialog request) being relayed: at most one INVITE at a time per call (491 otherwise). */
    Relay pendingInvite;
    String endReason = "unknown";
    /** Media anchoring; null when the gateway runs without a relay. */
    CallMedia media;
    /** The policy gate's verdict; null when the gateway runs without a gate. */
    GateDecision gate;
    /** Fact headers not passed on from the caller's leg: its peer is not trusted for call facts (empty when it is). */
    java.util.Set<String> strippedFromCaller = java.util.Set.of();
    /** The running recording, from the answer on; null when not recorded. */
    CallRecording recording;
    /** The data subject's side: the caller of an inbound call, the callee of an outbound one. */
    com.callbasis.gateway.media.Side subject = com.callbasis.gateway.media.Side.CALLER;
    /** What the relay shows the gateway of this call: the recording and the subject's digits. */
    CallTap tap;
    /** The outbound INVITE held back while the caller hears an early notice; null once sent (or never held). */
    com.callbasis.gateway.sip.message.SipRequest.Builder deferredInvite;
    /** The subject's DTMF from its RTP (RFC 4733 and in-band); null before the answer. */
    SubjectDigits digits;
    /** The notice or consent phase, while it runs (and after, until the call ends); null when none. */
    PromptFlow prompts;
    /** The subject's keys toward the withdrawal sequence (*9); null when the call is not answered yet. */
    com.callbasis.gateway.dtmf.DigitSequence.Matcher withdrawal;
    /** The answer came: a recording was started or why not was audited (no second "not answered" event). */
    boolean recordingSettled;
    /** The media and recording are finished (ports released, recording sealed or its absence audited). */
    boolean mediaEnded;

    Call(Route route, Leg inbound, Leg outbound, InviteServerTransaction inviteIn, long startedMillis) {
        this.route = route;
        this.inbound = inbound;
        this.outbound = outbound;
        this.inviteIn = inviteIn;
        this.startedMillis = startedMillis;
    }

    /** The subject's SIP leg (for DTMF by INFO) and the other party's (told the recording state). */
    Leg subjectLeg() {
        return subject == com.callbasis.gateway.media.Side.CALLER ? inbound : outbound;
    }

    Leg agentLeg() {
        return other(subjectLeg());
    }

    Leg other(Leg leg) {
        return leg == inbound ? outbound : inbound;
    }

    /** An in-dialog request relayed from one leg to the other. */
    static final class Relay {
        final ServerTransaction from;
        final Leg fromLeg;
        final Leg toLeg;
        ClientTransaction to;
        /** For a re-INVITE answered 2xx: the CSeq of our INVITE on {@code toLeg}, for the ACK we relay. */
        long toCseq;
        boolean answered2xx;

        Relay(ServerTransaction from, Leg fromLeg, Leg toLeg) {
            this.from = from;
            this.fromLeg = fromLeg;
            this.toLeg = toLeg;
        }
    }
}
