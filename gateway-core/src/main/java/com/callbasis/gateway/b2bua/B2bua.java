package com.callbasis.gateway.b2bua;

import com.callbasis.config.CallLimits;
import com.callbasis.config.Route;
import com.callbasis.config.Transport;
import com.callbasis.gateway.media.MediaException;
import com.callbasis.gateway.media.MediaRelay;
import com.callbasis.gateway.media.Side;
import com.callbasis.gateway.dtmf.DtmfInfo;
import com.callbasis.policy.CallFacts;
import com.callbasis.gateway.recording.RecordingGate;
import com.callbasis.gateway.sip.RateLimitedWarning;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.NameAddress;
import com.callbasis.gateway.sip.message.SipHeader;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.message.SipUri;
import com.callbasis.gateway.sip.message.Via;
import com.callbasis.gateway.sip.transaction.ClientTransaction;
import com.callbasis.gateway.sip.transaction.ClientTransactionListener;
import com.callbasis.gateway.sip.transaction.InviteClientTransaction;
import com.callbasis.gateway.sip.transaction.InviteServerTransaction;
import com.callbasis.gateway.sip.transaction.ServerTransaction;
import com.callbasis.gateway.sip.transaction.TimerService;
import com.callbasis.gateway.sip.transaction.TransactionLayer;
import com.callbasis.gateway.sip.transaction.TransactionUser;
import com.callbasis.gateway.sip.transport.SipSender;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-to-back user agent: for each INVITE from a telephony platform it answers as a UAS on the
 * inbound leg and calls the route's target as a UAC on an independent outbound leg, relaying
 * provisional and final responses, ACK, BYE, CANCEL, re-INVITE, UPDATE and INFO between them.
 * Core-thread only, like the transaction layer.
 *
 * <p>Logs name calls by an internal reference, never by number, URI or Call-ID (STYLE #11).
 */
public final class B2bua implements TransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class);
    private final RateLimitedWarning noPortsWarning = new RateLimitedWarning(LOG, 10_000);
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO";
    /** In-dialog methods relayed to the other leg; others are answered 501 (REFER would move the call off the gateway). */
    private static final Set<String> RELAYED = Set.of(SipRequest.UPDATE, SipRequest.INFO, SipRequest.OPTIONS, "MESSAGE", "NOTIFY");
    /** Out-of-dialog methods we know but do not serve. */
    private static final Set<String> NOT_ALLOWED = Set.of(SipRequest.REGISTER, "SUBSCRIBE", "PUBLISH", "MESSAGE", "NOTIFY", "REFER", SipRequest.BYE,
            SipRequest.UPDATE, SipRequest.INFO, SipRequest.PRACK);
    /** Headers the B2BUA writes itself on the outbound leg; everything else in an INVITE is copied as received. */
    private static final Set<String> NOT_COPIED = Set.of("via", "from", "to", "call-id", "cseq", "contact", "max-forwards",
            "content-length", "route", "record-route", "require", "proxy-require", "supported", "allow", "authorization",
            "proxy-authorization", "session-expires", "min-se", "rack", "rseq", "x-recording");
    /** Our decision header on the outbound INVITE (an incoming one is never passed on: it could be spoofed). */
    static final String X_RECORDING = "X-Recording";

    private final TransactionLayer layer;
    private final SipSender sender;
    private final Router router;
    private final CallLimits limits;
    private final SipMetrics metrics;
    private final TimerService timers;
    private final Map<String, Call> dialogs = new HashMap<>();
    private final Map<Call, Boolean> calls = new HashMap<>();
    /** A CANCEL finds its call through the INVITE server transaction it matches (s.9.2). */
    private final Map<InviteServerTransaction, Call> callsByInvite = new HashMap<>();
    private final MediaRelay mediaRelay;
    private final String mediaAddress;
    private final RecordingGate gate;
    private final String controlHeader;
    private volatile int activeCalls;
    /** Calls per source address (core thread), for {@code sip.admission.maxCallsPerSource}. */
    private final Map<InetAddress, Integer> callsBySource = new HashMap<>();
    private int maxCallsPerSource = Integer.MAX_VALUE;
    /** Notices, consent capture and withdrawal; null without a gate. */
    private final CallPhases phases;

    public B2bua(TransactionLayer layer, Router router, CallLimits limits) {
        this(layer, router, limits, null, null, null, null);
    }

    /**
     * @param relay anchors media when not null (SDP of every call is rewritten to {@code mediaAddress})
     * @param gate asks the policy engine about each call and records it when not null
     * @param controlHeader header of an in-dialog INFO that pauses or resumes the recording
     */
    public B2bua(TransactionLayer layer, Router router, CallLimits limits, MediaRelay relay, String mediaAddress,
            RecordingGate gate, String controlHeader) {
        this.mediaRelay = relay;
        this.mediaAddress = mediaAddress;
        this.gate = gate;
        this.controlHeader = controlHeader;
        this.layer = layer;
        this.sender = layer.sender();
        this.router = router;
        this.limits = limits;
        this.metrics = layer.metrics();
        this.timers = layer.timerService();
        this.phases = gate == null ? null : new CallPhases(gate, timers, new CallPhases.Signalling() {
            @Override
            public void startRecording(Call call) {
                B2bua.this.startRecording(call);
            }

            @Override
            public void tellAgent(Call call, String value) {
                B2bua.this.tellAgent(call, value);
            }

            @Override
            public void forward(Call call) {
                forwardDeferred(call);
            }
        });
        Gauge.builder("sip.calls.active", this, b -> b.activeCalls).register(metrics.registry());
        layer.setTransactionUser(this);
    }

    /** At most this many calls from one source address at once ({@code sip.admission.maxCallsPerSource}). */
    public void setMaxCallsPerSource(int max) {
        this.maxCallsPerSource = max;
    }

    public int activeCalls() {
        return activeCalls;
    }

    // ---------------------------------------------------------------- requests

    @Override
    public void onRequest(ServerTransaction tx, SipRequest req, InboundSip source) {
        if (req.is(SipRequest.CANCEL)) {
            onCancel(tx, req);
            return;
        }
        if (req.to().tag().isPresent()) {
            onInDialog(tx, req, source);
            return;
        }
        switch (req.method()) {
            case SipRequest.INVITE -> onInvite((InviteServerTransaction) tx, req, source);
            case SipRequest.OPTIONS -> tx.respond(SipResponse.to(req, 200, null, Ids.tag())
                    .add(HeaderNames.ALLOW, ALLOW).add(HeaderNames.ACCEPT, "application/sdp").build());
            default -> {
                if (NOT_ALLOWED.contains(req.method())) {
                    int status = req.is(SipRequest.BYE) || req.is(SipRequest.UPDATE) || req.is(SipRequest.INFO) || req.is(SipRequest.PRACK) ? 481 : 405;
                    tx.respond(SipResponse.to(req, status, null, Ids.tag()).add(HeaderNames.ALLOW, ALLOW).build());
                } else {
                    tx.respond(SipResponse.to(req, 501, null, Ids.tag()).add(HeaderNames.ALLOW, ALLOW).build());
                }
            }
        }
    }

    private void onInvite(InviteServerTransaction tx, SipRequest req, InboundSip source) {
        int maxForwards = req.header(HeaderNames.MAX_FORWARDS).map(v -> Integer.parseInt(v.strip())).orElse(70);
        if (maxForwards == 0) {
            tx.respond(483, Ids.tag());
            return;
        }
        if (isLoop(req)) {
            tx.respond(482, Ids.tag());
            return;
        }
        List<String> required = req.headerValues(HeaderNames.REQUIRE);
        if (!required.isEmpty()) {
            tx.respond(SipResponse.to(req, 420, null, Ids.tag()).add(HeaderNames.UNSUPPORTED, String.join(", ", required)).build());
            return;
        }
        if (activeCalls >= limits.maxCalls()) {
            metrics.callEnded("rejected_capacity"); // counted before the answer: whoever got it may read the count
            tx.respond(SipResponse.to(req, 503, "Call Limit Reached", Ids.tag()).add(HeaderNames.RETRY_AFTER, "5").build());
            return;
        }
        InetAddress from = source.remote() == null ? null : source.remote().getAddress();
        if (from != null && callsBySource.getOrDefault(from, 0) >= maxCallsPerSource) {
            // before any media port: calls admitted at the allowed rate but never ACKed must not fill the range
            metrics.callRefused("calls_per_source");
            metrics.callEnded("rejected_source");
            tx.respond(SipResponse.to(req, 503, "Too Many Calls From Source", Ids.tag()).add(HeaderNames.RETRY_AFTER, "5").build());
            return;
        }
        Optional<Route> route = router.route(req.requestUri());
        if (route.isEmpty()) {
            metrics.callEnded("no_route");
            tx.respond(SipResponse.to(req, 404, "No Route", Ids.tag()).build());
            return;
        }
        Route r = route.get();

        Leg in = new Leg(Leg.Side.INBOUND, source.transport(), req.callId(), Ids.tag(), req.to(), req.from(), 0);
        in.remoteTag = req.from().tag().orElse(null);
        in.remoteCseq = req.cseq().seq();
        in.remoteTarget = contactUri(req).orElse(null);
        in.routeSet = Leg.routeSet(req.headerValues(HeaderNames.RECORD_ROUTE), false);
        in.fallbackAddress = source.remote();
        in.connection = source.transport().isStream() ? source.channel() : null;
        if (in.remoteTarget == null) {
            tx.respond(SipResponse.to(req, 400, "Missing Contact", in.localTag).build());
            return;
        }

        String user = Router.user(req.requestUri()).orElse(null);
        SipUri target = SipUri.of(user, r.targetHost().contains(":") ? "[" + r.targetHost() + "]" : r.targetHost(), r.targetPort());
        if (r.transport() != Transport.UDP) {
            target = target.withParams(target.params().with("transport", r.transport().token()));
        }
        Leg out = new Leg(Leg.Side.OUTBOUND, r.transport(), Ids.callId(), Ids.tag(), req.from(), req.to(), 0);
        out.remoteTarget = target.toString();
        out.fallbackAddress = new InetSocketAddress(r.targetHost(), r.targetPort());

        Call call = new Call(r, in, out, tx, timers.nowMillis());
        call.source = source.remote() == null ? null : source.remote().getAddress();
        byte[] body = req.body();
        if (mediaRelay != null) {
            call.media = new CallMedia(mediaRelay.open(), mediaAddress);
            try {
                body = anchored(call, Side.CALLER, req);
            } catch (IllegalArgumentException e) {
                call.media.close();
                metrics.callEnded("bad_sdp");
                tx.respond(SipResponse.to(req, 488, "Unreadable SDP", in.localTag).add("Warning", "399 cbgw \"SDP refused\"").build());
                return;
            } catch (MediaException e) {
                call.media.close();
                metrics.callEnded("no_media_ports");
                noPortsWarning.warn("no media ports left for new calls: {}", e.getMessage()); // once per 10 s in a flood
                tx.respond(SipResponse.to(req, 503, "No Media Ports", in.localTag).add(HeaderNames.RETRY_AFTER, "5").build());
                return;
            }
        }
        // Call facts only from the peers the route trusts (issue 11, item 2); from anyone else they are
        // ignored and not passed on, so the agent platform cannot be fooled either.
        boolean trustedFacts = r.factsTrust().admits(source.remote() == null ? null : source.remote().getAddress(),
                source.tlsPeerNames());
        if (gate != null) {
            CallFacts facts = gate.factsReader().read(call.ref, r, req, trustedFacts);
            call.gate = gate.decide(facts);
            // The data subject: the customer, who called in or was called by the contact centre.
            call.subject = facts.direction() == com.callbasis.policy.Direction.OUTBOUND ? Side.CALLEE : Side.CALLER;
        }
        tx.onNoAck(() -> {
            LOG.info("call {}: caller never acknowledged the answer; hanging up", call.ref);
            ackOutbound(call, null);
            hangUp(call, null, "no_ack");
        });
        register(call);

        CallMedia.EarlyAnswer early = earlyAnswer(call);
        if (early != null) {
            body = CallMedia.restrictFormats(body, early.payloadTypes()); // the final answer must keep the early one's codec
        }
        SipRequest.Builder b = out.newRequest(SipRequest.INVITE, sender);
        b.set(HeaderNames.MAX_FORWARDS, Integer.toString(maxForwards - 1));
        b.add(HeaderNames.CONTACT, out.contact(sender));
        b.add(HeaderNames.ALLOW, ALLOW);
        call.strippedFromCaller = trustedFacts || gate == null ? Set.of() : gate.factsReader().factHeaders();
        copyHeaders(req, b, call.strippedFromCaller);
        b.body(body == null ? new byte[0] : body);
        LOG.info("call {}: new {} call on route {}", call.ref, source.transport().token(), r.id());
        if (early != null) {
            // The notice first, as early media; the INVITE goes on when it has been played (or consent answered).
            call.deferredInvite = b;
            SipResponse.Builder progress = SipResponse.to(req, 183, "Session Progress", in.localTag);
            progress.add(HeaderNames.CONTACT, in.contact(sender));
            progress.add(HeaderNames.CONTENT_TYPE, "application/sdp");
            progress.body(early.sdp());
            tx.respond(progress.build());
            installTap(call);
            phases.early(call);
            return;
        }
        sendInvite(call, b);
    }

    /**
     * The early answer for a route that plays its notice as early media ({@code notice.play: early}); null
     * when the call needs no prompt or the caller's offer cannot take one (then the notice is played at
     * the answer, as on {@code answer} routes).
     */
    private CallMedia.EarlyAnswer earlyAnswer(Call call) {
        if (call.route.notice().play() != com.callbasis.config.NoticeConfig.Play.EARLY || phases == null || call.gate == null
                || !call.gate.needsPrompt() || call.media == null || gate.promptPlan(call.gate).isEmpty()) {
            return null;
        }
        return call.media.earlyAnswer(gate.prompts().encodings(), mediaAddress).orElse(null);
    }

    /** Sends the outbound INVITE (with the current {@code X-Recording} state) and starts the ring timeout. */
    private void sendInvite(Call call, SipRequest.Builder b) {
        if (call.gate != null) {
            b.set(X_RECORDING, call.gate.headerValue());
        }
        call.inviteOut = (InviteClientTransaction) layer.newClientTransaction(b.build(), call.outbound.destination(), new OutboundInviteListener(call));
        call.noAnswerTimer = timers.schedule(limits.noAnswerTimeout(), () -> onNoAnswer(call));
    }

    /** An early notice or consent phase is over: the call goes on to the target. */
    private void forwardDeferred(Call call) {
        SipRequest.Builder b = call.deferredInvite;
        if (b == null || call.cancelled || call.state != Call.State.CALLING) {
            return;
        }
        call.deferredInvite = null;
        LOG.info("call {}: early phase over; calling the target", call.ref);
        sendInvite(call, b);
    }

    /** A request that already passed through this gateway carries one of our branches in its Vias. */
    private boolean isLoop(SipRequest req) {
        for (Via v : req.vias()) {
            if (v.branch().map(b -> b.startsWith(Ids.BRANCH_PREFIX)).orElse(false)) {
                SipSender.HostPort ours = sender.localEndpoint(Transport.parse(v.transport()).orElse(Transport.UDP));
                if (v.host().equalsIgnoreCase(ours.host()) && (v.port() < 0 ? 5060 : v.port()) == ours.port()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies the INVITE's headers except ours and {@code stripped} (an untrusted peer's fact headers, counted). */
    private void copyHeaders(SipMessage from, SipMessage.Builder<?> to, Set<String> stripped) {
        for (SipHeader h : from.headers()) {
            String k = HeaderNames.key(h.name());
            if (stripped.contains(k)) {
                metrics.registry().counter("sip.facts.stripped", "header", k).increment();
            } else if (!NOT_COPIED.contains(k)) {
                to.add(h.name(), h.value());
            }
        }
    }

    /**
     * The body of {@code m} as it must leave the gateway: an SDP from {@code from}'s peer is anchored
     * (rewritten to the gateway's ports); any other body passes unchanged.
     *
     * @throws IllegalArgumentException when the SDP is unreadable
     * @throws MediaException when no media ports are left
     */
    private byte[] anchored(Call call, Side from, SipMessage m) throws MediaException {
        if (m.bodyLength() == 0 || !CallMedia.isSdp(m.header(HeaderNames.CONTENT_TYPE).orElse(null))) {
            return m.body();
        }
        if (call.media == null) {
            // no relay: pass through; a call whose media is already released: never leak a peer's SDP across
            return mediaRelay == null ? m.body() : null;
        }
        return call.media.rewrite(from, m.body());
    }

    /** Like {@link #anchored} for messages that cannot be refused (responses, ACK): a bad SDP is dropped and counted. */
    private byte[] anchoredOrEmpty(Call call, Side from, SipMessage m) {
        try {
            return anchored(call, from, m);
        } catch (IllegalArgumentException | MediaException e) {
            metrics.parseError("sdp", false);
            LOG.info("call {}: SDP from the {} dropped ({})", call.ref, from == Side.CALLER ? "caller" : "callee", e.getMessage());
            return null;
        }
    }

    private static Side side(Call call, Leg leg) {
        return leg == call.inbound ? Side.CALLER : Side.CALLEE;
    }

    /** Body headers and an anchored body; a null body (dropped SDP) sends none. */
    private static void copyBody(SipMessage from, SipMessage.Builder<?> to, byte[] body) {
        if (body == null) {
            return;
        }
        copyBody(from, to);
        to.body(body);
    }

    /** Body and its description headers, for relayed responses and in-dialog requests. */
    private static void copyBody(SipMessage from, SipMessage.Builder<?> to) {
        for (SipHeader h : from.headers()) {
            String k = HeaderNames.key(h.name());
            if (k.equals("content-type") || k.equals("content-disposition") || k.equals("content-encoding") || k.equals("content-language")
                    || k.equals("mime-version")) {
                to.add(h.name(), h.value());
            }
        }
        to.body(from.body());
    }

    private static Optional<String> contactUri(SipMessage m) {
        List<String> contacts = m.headerValues(HeaderNames.CONTACT);
        if (contacts.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(NameAddress.parse(contacts.get(0)).uri());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void onCancel(ServerTransaction tx, SipRequest cancel) {
        Optional<InviteServerTransaction> inv = layer.inviteFor(cancel);
        if (inv.isEmpty()) {
            tx.respond(481, Ids.tag());
            return;
        }
        Call call = callsByInvite.get(inv.get());
        String tag = call != null ? call.inbound.localTag : Ids.tag();
        tx.respond(200, tag); // s.9.2: the CANCEL is answered whatever its effect
        if (call == null || !inv.get().isProceeding()) {
            return; // final response already sent: CANCEL has no effect (CANCEL lost the race with 200)
        }
        inv.get().respond(SipResponse.to(inv.get().request(), 487, null, tag).build());
        call.endReason = "cancelled";
        cancelOutbound(call);
    }


    /**
     * Stops the outbound INVITE: CANCEL now if the target answered provisionally, else when it does.
     * The caller already has its final response, so no media can flow any more: the ports are released
     * now, not when the target's 487 (or the CANCEL's 64*T1 bound) ends the call.
     */
    private void cancelOutbound(Call call) {
        call.cancelled = true;
        cancelTimer(call.noAnswerTimer);
        endMedia(call);
        if (call.deferredInvite != null) {
            call.deferredInvite = null; // still in its early notice: the target was never called
            terminate(call);
            return;
        }
        InviteClientTransaction out = call.inviteOut;
        if (out.provisionalSeen()) {
            sendCancel(call);
        } else {
            call.cancelWhenProvisional = true;
        }
    }

    /** The CANCEL, and the s.9.1 bound on its INVITE: no final response within 64*T1 ends the call (issue 12, item 2). */
    private void sendCancel(Call call) {
        layer.newClientTransaction(call.inviteOut.cancelRequest(), call.inviteOut.destination(), IGNORE);
        call.inviteOut.cancelSent();
    }

    private void onNoAnswer(Call call) {
        if (call.state != Call.State.CALLING || call.cancelled) {
            return;
        }
        LOG.info("call {}: no answer within {}s", call.ref, limits.noAnswerTimeout().toSeconds());
        call.endReason = "no_answer";
        call.inviteIn.respond(SipResponse.to(call.inviteIn.request(), 408, "No Answer", call.inbound.localTag).build());
        cancelOutbound(call);
    }

    private void onInDialog(ServerTransaction tx, SipRequest req, InboundSip source) {
        Call call = dialogs.get(req.callId() + "|" + req.to().tag().orElse(""));
        if (call == null) {
            tx.respond(481, null);
            return;
        }
        Leg from = call.inbound.callId.equals(req.callId()) ? call.inbound : call.outbound;
        Leg to = call.other(from);
        if (req.cseq().seq() <= from.remoteCseq && from.remoteCseq >= 0) {
            tx.respond(SipResponse.to(req, 500, "CSeq Out Of Order", null).add(HeaderNames.RETRY_AFTER, "1").build());
            return;
        }
        from.remoteCseq = req.cseq().seq();
        if (req.is(SipRequest.BYE)) {
            tx.respond(200, null);
            if (call.state == Call.State.CALLING && from == call.inbound) {
                // BYE on the early dialog (s.15): like a CANCEL
                call.endReason = "caller_bye_early";
                call.inviteIn.respond(SipResponse.to(call.inviteIn.request(), 487, null, call.inbound.localTag).build());
                cancelOutbound(call);
                return;
            }
            LOG.info("call {}: {} hung up", call.ref, from.side == Leg.Side.INBOUND ? "caller" : "callee");
            if (call.state == Call.State.ANSWERED && from == call.inbound) {
                ackOutbound(call, null); // the caller hangs up before its ACK arrived: the target still needs one
            }
            hangUp(call, from, from.side == Leg.Side.INBOUND ? "caller_bye" : "callee_bye");
            return;
        }
        if (call.state == Call.State.TERMINATING || call.state == Call.State.TERMINATED || to.remoteTag == null) {
            tx.respond(SipResponse.to(req, 481, null, null).build());
            return;
        }
        if (req.is(SipRequest.INVITE)) {
            if (call.pendingInvite != null || call.state != Call.State.ESTABLISHED) {
                tx.respond(SipResponse.to(req, 491, null, null).add(HeaderNames.RETRY_AFTER, "1").build());
                return;
            }
            contactUri(req).ifPresent(t -> from.remoteTarget = t); // s.12.2.2: target refresh
            relay(call, tx, req, from, to);
            return;
        }
        if (req.is(SipRequest.INFO) && controlHeader != null && req.header(controlHeader).isPresent()) {
            onRecordingControl(call, tx, req, from, source);
            return;
        }
        if (req.is(SipRequest.INFO) && phases != null && from == call.subjectLeg() && isDtmfInfo(req) && subjectInfoDigit(call, tx, req)) {
            return;
        }
        if (RELAYED.contains(req.method())) {
            if (req.is(SipRequest.UPDATE)) {
                contactUri(req).ifPresent(t -> from.remoteTarget = t);
            }
            relay(call, tx, req, from, to);
            return;
        }
        tx.respond(SipResponse.to(req, 501, null, null).add(HeaderNames.ALLOW, ALLOW).build());
    }

    /** Relays an in-dialog request to the other leg and its responses back. */
    private void relay(Call call, ServerTransaction tx, SipRequest req, Leg from, Leg to) {
        Call.Relay relay = new Call.Relay(tx, from, to);
        SipRequest.Builder b = to.newRequest(req.method(), sender);
        if (req.is(SipRequest.INVITE) || req.is(SipRequest.UPDATE)) {
            b.add(HeaderNames.CONTACT, to.contact(sender));
        }
        copyHeaders(req, b, from == call.inbound ? call.strippedFromCaller : Set.of()); // as for the initial INVITE
        try {
            byte[] body = anchored(call, side(call, from), req);
            b.body(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            tx.respond(SipResponse.to(req, 488, "Unreadable SDP", null).build());
            return;
        } catch (MediaException e) {
            tx.respond(SipResponse.to(req, 503, "No Media Ports", null).add(HeaderNames.RETRY_AFTER, "5").build());
            return;
        }
        SipRequest out = b.build();
        relay.toCseq = out.cseq().seq();
        if (req.is(SipRequest.INVITE)) {
            call.pendingInvite = relay;
        }
        relay.to = layer.newClientTransaction(out, to.destination(), new RelayListener(call, relay));
    }

    @Override
    public void onAck(SipRequest ack, InboundSip source) {
        Call call = dialogs.get(ack.callId() + "|" + ack.to().tag().orElse(""));
        if (call == null) {
            return; // s.17.2.3: an ACK nobody waits for is dropped
        }
        Leg from = call.inbound.callId.equals(ack.callId()) ? call.inbound : call.outbound;
        if (from == call.inbound && ack.cseq().seq() == call.inviteIn.request().cseq().seq()) {
            call.inviteIn.acknowledged();
            if (call.state == Call.State.ANSWERED) {
                ackOutbound(call, ack);
                call.state = Call.State.ESTABLISHED;
                call.maxDurationTimer = timers.schedule(limits.maxDuration(), () -> {
                    LOG.info("call {}: maximum duration reached; hanging up", call.ref);
                    hangUp(call, null, "max_duration");
                });
                watchMedia(call);
            }
            return;
        }
        Call.Relay r = call.pendingInvite;
        if (r != null && r.fromLeg == from && r.answered2xx) {
            SipRequest.Builder b = r.toLeg.newRequest(SipRequest.ACK, r.toCseq, sender);
            copyBody(ack, b, anchoredOrEmpty(call, side(call, from), ack));
            layer.sendRequest(b.build(), r.toLeg.destination());
            call.pendingInvite = null;
            updatePayloadTypes(call);
        }
    }

    /** ACK for the target's 2xx (s.13.2.2.4), carrying the caller's ACK body (late offer) if any. */
    private void ackOutbound(Call call, SipRequest callerAck) {
        if (call.outboundAck != null || call.outbound.remoteTag == null) {
            return;
        }
        SipRequest.Builder b = call.outbound.newRequest(SipRequest.ACK, call.inviteOut.request().cseq().seq(), sender);
        if (callerAck != null) {
            copyBody(callerAck, b, anchoredOrEmpty(call, Side.CALLER, callerAck)); // late offer: the caller's answer
        }
        call.outboundAck = b.build();
        layer.sendRequest(call.outboundAck, call.outbound.destination());
    }

    @Override
    public void onStrayResponse(SipResponse response, InboundSip source) {
        // A 2xx retransmitted after the INVITE transaction ended: our ACK was lost, send it again.
        if (response.isSuccess() && response.cseq().method().equals(SipRequest.INVITE)) {
            Call call = dialogs.get(response.callId() + "|" + response.from().tag().orElse(""));
            if (call != null && call.outboundAck != null && response.cseq().seq() == call.outboundAck.cseq().seq()) {
                layer.sendRequest(call.outboundAck, call.outbound.destination());
            }
        }
    }

    // ---------------------------------------------------------------- outbound INVITE

    private final class OutboundInviteListener implements ClientTransactionListener {
        private final Call call;

        OutboundInviteListener(Call call) {
            this.call = call;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse r) {
            // A 100 is a provisional response too (s.9.1): a CANCEL waiting for one goes now, or a target
            // that never rings after its 100 would keep the call (Timer B stops at the 100).
            if (r.status() == 100 && !call.cancelWhenProvisional) {
                return;
            }
            if (call.cancelWhenProvisional && r.isProvisional()) {
                call.cancelWhenProvisional = false;
                sendCancel(call);
                return;
            }
            if (r.isSuccess()) {
                onAnswer(r);
                return;
            }
            if (call.cancelled) {
                if (r.isFinal()) {
                    terminate(call);
                }
                return;
            }
            if (r.isProvisional()) {
                SipResponse.Builder b = SipResponse.to(call.inviteIn.request(), r.status(), r.reason(), call.inbound.localTag);
                b.add(HeaderNames.CONTACT, call.inbound.contact(sender));
                copyBody(r, b, anchoredOrEmpty(call, Side.CALLEE, r)); // early media (183) is anchored too
                call.inviteIn.respond(b.build());
                return;
            }
            // 3xx would send the caller around the gateway (and any recording): answer 480 instead.
            int status = r.status() < 400 ? 480 : r.status();
            String reason = r.status() < 400 ? "Temporarily Unavailable" : r.reason();
            SipResponse.Builder b = SipResponse.to(call.inviteIn.request(), status, reason, call.inbound.localTag);
            r.header(HeaderNames.RETRY_AFTER).ifPresent(v -> b.add(HeaderNames.RETRY_AFTER, v));
            call.inviteIn.respond(b.build());
            call.endReason = "failed_" + r.statusClass();
            LOG.info("call {}: target answered {}", call.ref, r.status());
            terminate(call);
        }

        private void onAnswer(SipResponse r) {
            Leg out = call.outbound;
            String tag = r.to().tag().orElse("");
            if (out.remoteTag != null && call.state != Call.State.CALLING) {
                if (!tag.equals(out.remoteTag)) {
                    ackAndByeStray(r); // a second fork answered: not our call
                } else if (call.outboundAck != null) {
                    layer.sendRequest(call.outboundAck, out.destination()); // 2xx retransmitted: re-ACK
                }
                return;
            }
            out.remoteTag = tag;
            contactUri(r).ifPresent(t -> out.remoteTarget = t);
            out.routeSet = Leg.routeSet(r.headerValues(HeaderNames.RECORD_ROUTE), true);
            dialogs.put(out.dialogKey(), call);
            cancelTimer(call.noAnswerTimer);
            if (call.cancelled) {
                // The caller cancelled while the target answered: complete the target's dialog and end it (s.9.1 race).
                LOG.info("call {}: answer crossed the cancel; hanging up the target", call.ref);
                ackOutbound(call, null);
                call.state = Call.State.ANSWERED;
                sendBye(call, out);
                return;
            }
            byte[] body;
            try {
                body = anchored(call, Side.CALLEE, r);
            } catch (IllegalArgumentException | MediaException e) {
                // The target answered with media we cannot anchor: end its dialog, fail the caller's INVITE.
                LOG.info("call {}: answer refused ({})", call.ref, e.getMessage());
                ackOutbound(call, null);
                call.state = Call.State.ANSWERED;
                call.endReason = "bad_answer_sdp";
                call.inviteIn.respond(SipResponse.to(call.inviteIn.request(), 502, "Unusable Answer SDP", call.inbound.localTag).build());
                sendBye(call, out);
                return;
            }
            call.state = Call.State.ANSWERED;
            // Before the caller hears the answer: its first packets follow the 200 within a millisecond.
            answered(call);
            SipResponse.Builder b = SipResponse.to(call.inviteIn.request(), r.status(), r.reason(), call.inbound.localTag);
            b.add(HeaderNames.CONTACT, call.inbound.contact(sender));
            b.add(HeaderNames.ALLOW, ALLOW);
            copyBody(r, b, body);
            call.inviteIn.respond(b.build());
            LOG.info("call {}: answered", call.ref);
        }

        private void ackAndByeStray(SipResponse r) {
            SipRequest inv = call.inviteOut.request();
            Leg stray = new Leg(Leg.Side.OUTBOUND, call.outbound.transport, inv.callId(), call.outbound.localTag,
                    inv.from(), inv.to(), inv.cseq().seq());
            stray.remoteTag = r.to().tag().orElse(null);
            stray.remoteTarget = contactUri(r).orElse(call.outbound.remoteTarget);
            stray.routeSet = Leg.routeSet(r.headerValues(HeaderNames.RECORD_ROUTE), true);
            stray.fallbackAddress = call.outbound.fallbackAddress;
            layer.sendRequest(stray.newRequest(SipRequest.ACK, inv.cseq().seq(), sender).build(), stray.destination());
            layer.newClientTransaction(stray.newRequest(SipRequest.BYE, sender).build(), stray.destination(), IGNORE);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            failUnreachable("Target Not Responding");
        }

        @Override
        public void onTransportError(ClientTransaction tx) {
            failUnreachable("Target Unreachable");
        }

        private void failUnreachable(String reason) {
            if (!call.cancelled && call.inviteIn.isProceeding()) {
                call.inviteIn.respond(SipResponse.to(call.inviteIn.request(), 503, reason, call.inbound.localTag).build());
                call.endReason = "target_down";
                LOG.info("call {}: target down ({})", call.ref, reason);
            }
            terminate(call);
        }
    }

    // ---------------------------------------------------------------- relayed in-dialog requests

    private final class RelayListener implements ClientTransactionListener {
        private final Call call;
        private final Call.Relay relay;

        RelayListener(Call call, Call.Relay relay) {
            this.call = call;
            this.relay = relay;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse r) {
            if (r.status() == 100) {
                return;
            }
            SipRequest original = relay.from.request();
            if (original.is(SipRequest.INVITE) && r.isSuccess()) {
                if (relay.answered2xx) {
                    // retransmitted 2xx for the re-INVITE: the caller's ACK is relayed once it comes
                    return;
                }
                relay.answered2xx = true;
                contactUri(r).ifPresent(t -> relay.toLeg.remoteTarget = t);
            }
            SipResponse.Builder b = SipResponse.to(original, r.status(), r.reason(), null);
            if (original.is(SipRequest.INVITE) || original.is(SipRequest.UPDATE)) {
                b.add(HeaderNames.CONTACT, relay.fromLeg.contact(sender));
            }
            copyBody(r, b, anchoredOrEmpty(call, side(call, relay.toLeg), r));
            relay.from.respond(b.build());
            if (r.isSuccess()) {
                updatePayloadTypes(call); // a re-INVITE or UPDATE may have changed the codec
            }
            if (original.is(SipRequest.INVITE) && r.isFinal() && !r.isSuccess()) {
                call.pendingInvite = null;
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            relay.from.respond(SipResponse.to(relay.from.request(), 408, null, null).build());
            if (call.pendingInvite == relay) {
                call.pendingInvite = null;
            }
        }

        @Override
        public void onTransportError(ClientTransaction tx) {
            relay.from.respond(SipResponse.to(relay.from.request(), 503, "Peer Unreachable", null).build());
            if (call.pendingInvite == relay) {
                call.pendingInvite = null;
            }
        }
    }

    // ---------------------------------------------------------------- teardown

    /** Ends an answered call: BYE on every confirmed leg other than {@code byeFrom}, then cleanup when answered. */
    private void hangUp(Call call, Leg byeFrom, String reason) {
        if (call.state == Call.State.TERMINATED) {
            return;
        }
        call.endReason = reason;
        boolean waiting = false;
        for (Leg leg : List.of(call.inbound, call.outbound)) {
            if (leg != byeFrom && leg.remoteTag != null && leg.remoteTarget != null) {
                sendBye(call, leg);
                waiting = true;
            }
        }
        if (waiting) {
            call.state = Call.State.TERMINATING;
        } else {
            terminate(call);
        }
    }

    /**
     * How long a hung-up call's media stays open after the gateway sends its BYE, unless the BYE's
     * answer ends the call first: packets the party sent just before hanging up may still wait in the
     * relay's sockets (a stressed test lost the caller's last one), and a peer that never answers
     * the BYE must not hold the ports for Timer F (32 s).
     */
    static final Duration MEDIA_DRAIN = Duration.ofMillis(250);
    private boolean closing;

    private void sendBye(Call call, Leg leg) {
        call.state = Call.State.TERMINATING;
        if (closing) {
            endMedia(call);
        } else {
            timers.schedule(MEDIA_DRAIN, () -> endMedia(call)); // endMedia runs once, whichever comes first
        }
        layer.newClientTransaction(leg.newRequest(SipRequest.BYE, sender).build(), leg.destination(), new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse r) {
                if (r.isFinal()) {
                    terminate(call);
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                terminate(call);
            }

            @Override
            public void onTransportError(ClientTransaction tx) {
                terminate(call);
            }
        });
    }

    /**
     * Starts the media-silence checks of an established call: no packet relayed either way for
     * {@code mediaTimeout} ({@code holdTimeout} while on hold) means the media died, and the call is
     * hung up like at its maximum duration. Checked every quarter of the shorter limit, at most every 5 s.
     */
    private void watchMedia(Call call) {
        if (call.media == null || (limits.mediaTimeout().isZero() && limits.holdTimeout().isZero())) {
            return;
        }
        long shortest = Math.min(nonZeroMillis(limits.mediaTimeout()), nonZeroMillis(limits.holdTimeout()));
        Duration period = Duration.ofMillis(Math.max(250, Math.min(shortest / 4, 5000)));
        call.mediaSeen = call.media.packetsRelayed();
        call.mediaQuietSince = timers.nowMillis();
        call.mediaTimer = timers.schedule(period, () -> checkMedia(call, period));
    }

    private static long nonZeroMillis(Duration d) {
        return d.isZero() ? Long.MAX_VALUE : d.toMillis();
    }

    private void checkMedia(Call call, Duration period) {
        if (call.state != Call.State.ESTABLISHED || call.media == null) {
            return; // ending already
        }
        long seen = call.media.packetsRelayed();
        long now = timers.nowMillis();
        if (call.pendingInvite != null || (phases != null && phases.sending(call))) {
            // The gateway itself plays a prompt: the parties are not bridged and may well be silent.
            // Renegotiating (a hold, a codec change): silence says nothing until the new media is agreed,
            // and the new state gets a whole timeout. Judging it mid-re-INVITE ended held calls under load.
            call.mediaQuietSince = now;
        } else if (seen != call.mediaSeen) {
            call.mediaSeen = seen;
            call.mediaQuietSince = now;
        } else {
            Duration limit = call.media.onHold() ? limits.holdTimeout() : limits.mediaTimeout();
            if (!limit.isZero() && now - call.mediaQuietSince >= limit.toMillis()) {
                LOG.info("call {}: no media for {} s; hanging up", call.ref, (now - call.mediaQuietSince) / 1000);
                hangUp(call, null, "media_timeout");
                return;
            }
        }
        call.mediaTimer = timers.schedule(period, () -> checkMedia(call, period));
    }

    private void register(Call call) {
        calls.put(call, Boolean.TRUE);
        callsByInvite.put(call.inviteIn, call);
        dialogs.put(call.inbound.dialogKey(), call);
        activeCalls = calls.size();
        if (call.source != null) {
            callsBySource.merge(call.source, 1, Integer::sum);
        }
    }

    private void terminate(Call call) {
        if (call.state == Call.State.TERMINATED) {
            return;
        }
        call.state = Call.State.TERMINATED;
        cancelTimer(call.noAnswerTimer);
        cancelTimer(call.maxDurationTimer);
        cancelTimer(call.mediaTimer);
        // Keep the dialogs a little longer so that retransmitted BYEs and 2xx find the call (Timer J/M span).
        timers.schedule(layer.timers().t1().multipliedBy(64), () -> {
            dialogs.remove(call.inbound.dialogKey(), call);
            dialogs.remove(call.outbound.dialogKey(), call);
        });
        calls.remove(call);
        callsByInvite.remove(call.inviteIn, call);
        activeCalls = calls.size();
        if (call.source != null) {
            callsBySource.computeIfPresent(call.source, (k, n) -> n <= 1 ? null : n - 1);
        }
        endMedia(call);
        metrics.callEnded(call.endReason.toLowerCase(Locale.ROOT));
        LOG.info("call {}: ended ({}) after {} ms", call.ref, call.endReason, timers.nowMillis() - call.startedMillis);
    }

    // ---------------------------------------------------------------- recording

    /**
     * At the answer: a call decided RECORD arms its recording, which the first RTP packet starts (a call
     * without any ends with {@code recording.not-started} {@code no_media}, nothing stored), or an audit
     * event says why not.
     */
    private void answered(Call call) {
        if (phases == null || call.media == null) {
            startRecording(call);
            return;
        }
        if (call.tap == null) {
            installTap(call);
        } else {
            call.digits.setPayloadTypes(call.media.payloadTypes(call.subject)); // the answer settled the codecs
        }
        phases.answered(call);
    }

    private void installTap(Call call) {
        call.digits = new SubjectDigits(call.subject, call.media.payloadTypes(call.subject),
                (digit, method, endNanos) -> timers.execute(() -> phases.subjectDigit(call, digit, method, endNanos)));
        call.tap = new CallTap(call.subject, call.digits);
        call.media.setTap(call.tap);
    }

    private void startRecording(Call call) {
        if (gate == null || call.gate == null || !call.gate.records()) {
            return;
        }
        call.recordingSettled = true; // from here the recording exists or its absence was audited
        if (call.media == null || !call.media.negotiated()) {
            gate.notStarted(call.gate, "no_media");
            return;
        }
        call.recording = gate.start(call.gate, call.source, call.media.payloadTypes(Side.CALLER), call.media.payloadTypes(Side.CALLEE))
                .orElse(null);
        if (call.recording != null) {
            if (call.tap != null) {
                call.tap.setRecording(call.recording);
            } else {
                call.media.setTap(call.recording);
            }
            LOG.info("call {}: recording from the first media", call.ref);
        }
    }

    private void updatePayloadTypes(Call call) {
        if (call.digits != null && call.media != null && call.media.negotiated()) {
            call.digits.setPayloadTypes(call.media.payloadTypes(call.subject));
        }
        if (phases != null) {
            phases.renegotiated(call);
        }
        if (call.recording != null && call.media.negotiated()) {
            call.recording.setPayloadTypes(Side.CALLER, call.media.payloadTypes(Side.CALLER));
            call.recording.setPayloadTypes(Side.CALLEE, call.media.payloadTypes(Side.CALLEE));
        }
    }

    /**
     * Call end, or the moment the call stops carrying media (BYE or CANCEL sent): seal the recording
     * (or say why there is none), release the media ports. Idempotent.
     */
    private void endMedia(Call call) {
        if (call.mediaEnded) {
            return;
        }
        call.mediaEnded = true;
        if (call.media != null) {
            call.media.setTap(null);
        }
        if (phases != null) {
            phases.ending(call);
        }
        if (call.digits != null) {
            call.digits.close(metrics.registry());
        }
        if (gate != null && call.gate != null) {
            if (!call.recordingSettled) {
                gate.notStarted(call.gate, "not_answered");
            }
            gate.end(call.ref); // also ends the engine's tracking of the call
        }
        if (call.media != null) {
            call.media.close();
        }
        // The call object stays reachable for the Timer J/M span (late BYEs and 2xx): let its media
        // and recording state go now, or every ended call would hold its buffers for 32 s.
        call.media = null;
        call.recording = null;
    }

    /**
     * Pause and resume by SIP (PCI DSS card entry): an in-dialog INFO carrying the control header,
     * {@code pause[;reason=code]} or {@code resume}. Answered here, not relayed: it is addressed to the gateway.
     * Only the leg and peers the route trusts may send it (by default the callee leg, the agent platform:
     * a caller must not be able to switch off the recording of their own call), and a pause the decision
     * forbids (legal obligation by default) is refused: 403, audited and counted.
     */
    private void onRecordingControl(Call call, ServerTransaction tx, SipRequest req, Leg from, InboundSip source) {
        String v = req.header(controlHeader).orElse("").strip();
        int semi = v.indexOf(';');
        String action = (semi < 0 ? v : v.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        String reason = "sip-info";
        if (semi >= 0) {
            for (String p : v.substring(semi + 1).split(";")) {
                String[] kv = p.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equalsIgnoreCase("reason") && kv[1].matches("[A-Za-z0-9._-]{1,40}")) {
                    reason = kv[1];
                }
            }
        }
        if (!action.equals("pause") && !action.equals("resume")) {
            tx.respond(SipResponse.to(req, 400, "Unknown Recording Control", null).build());
            return;
        }
        String refusal = call.route.control().refusal(from == call.inbound,
                source.remote() == null ? null : source.remote().getAddress(), source.tlsPeerNames());
        if (refusal == null && action.equals("pause") && call.gate != null && call.gate.decision() != null
                && !call.gate.decision().pauseAllowed()) {
            refusal = "pause_forbidden";
        }
        if (refusal != null) {
            LOG.info("call {}: recording {} refused ({})", call.ref, action, refusal);
            if (gate != null) {
                gate.controlRefused(call.ref, call.gate, action, refusal);
            } else {
                metrics.registry().counter("recording.control.refused", "reason", refusal).increment();
            }
            tx.respond(SipResponse.to(req, 403, refusal.equals("pause_forbidden") ? "Pause Forbidden By Policy" : "Recording Control Not Trusted", null).build());
            return;
        }
        if (call.recording != null) {
            if (action.equals("pause")) {
                call.recording.pause(reason);
            } else {
                call.recording.resume(reason);
            }
            LOG.info("call {}: recording {} ({})", call.ref, action.equals("pause") ? "paused" : "resumed", reason);
        }
        tx.respond(SipResponse.to(req, 200, null, null).build());
    }

    /**
     * DTMF by SIP INFO from the subject's leg ({@code application/dtmf-relay}, {@code application/dtmf}).
     * During the consent phase the INFO is the gateway's (answered here, never relayed: the digit is the
     * subject's answer to the gateway); afterwards it is relayed as before and only watched for the
     * withdrawal sequence. A malformed body is answered 400 and counted. Returns true when answered here.
     */
    private static boolean isDtmfInfo(SipRequest req) {
        String t = req.header(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        return t.startsWith("application/dtmf"); // application/dtmf-relay and application/dtmf
    }

    private boolean subjectInfoDigit(Call call, ServerTransaction tx, SipRequest req) {
        DtmfInfo.Result r = DtmfInfo.parse(req.header(HeaderNames.CONTENT_TYPE).orElse(null), req.body());
        boolean phase = phases.capturesDigits(call);
        if (!r.isDigit()) {
            metrics.registry().counter("dtmf.info.refused", "reason", r.refusal().name().toLowerCase(Locale.ROOT)).increment();
            if (phase) {
                tx.respond(SipResponse.to(req, r.refusal().statusCode(), r.refusal().reasonPhrase(), null).build());
                return true;
            }
            return false; // not ours to judge outside the consent phase: relayed as before
        }
        if (call.digits != null) {
            call.digits.info(r.digit(), System.nanoTime()); // one collector: a press sent two ways counts once
        }
        if (phase) {
            tx.respond(SipResponse.to(req, 200, null, null).build());
            return true;
        }
        return false;
    }

    /**
     * Tells the agent's side that the call's recording state changed (notice played, consent given or
     * refused, withdrawal): an in-dialog INFO with the new {@code X-Recording} value and no body, so an
     * agent desktop can show whether the call is recorded. Its answer does not matter.
     */
    private void tellAgent(Call call, String value) {
        Leg agent = call.agentLeg();
        if (call.state == Call.State.TERMINATING || call.state == Call.State.TERMINATED || agent.remoteTag == null) {
            return;
        }
        SipRequest info = agent.newRequest(SipRequest.INFO, sender).add(X_RECORDING, value).body(new byte[0]).build();
        layer.newClientTransaction(info, agent.destination(), IGNORE);
        LOG.info("call {}: agent told recording {}", call.ref, value.substring(0, Math.max(0, value.indexOf(';'))));
    }

    private static void cancelTimer(TimerService.Timeout t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** Tears down every call (shutdown). */
    public void hangUpAll() {
        closing = true; // shutting down: media ends with the BYE, so every recording is sealed before the store closes
        for (Call c : List.copyOf(calls.keySet())) {
            if (c.state == Call.State.CALLING && c.inviteIn.isProceeding()) {
                c.inviteIn.respond(SipResponse.to(c.inviteIn.request(), 503, "Shutting Down", c.inbound.localTag).build());
                cancelOutbound(c);
            } else {
                hangUp(c, null, "shutdown");
            }
        }
    }

    private static final ClientTransactionListener IGNORE = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx) {
        }
    };
}
