package com.callbasis.gateway.sip.transaction;

import com.callbasis.config.CallAdmission;
import com.callbasis.config.SipTimers;
import com.callbasis.gateway.sip.RateLimitedWarning;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParseException;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.message.Via;
import com.callbasis.gateway.sip.transport.Destination;
import com.callbasis.gateway.sip.transport.SipSender;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches messages to transactions (RFC 3261 s.17.1.3, s.17.2.3) and owns them. Not thread-safe by
 * design: every method runs on the single SIP core thread, so transaction and call state need no locks.
 */
public final class TransactionLayer {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    private final SipSender sender;
    private final TimerService timerService;
    private final SipTimers timers;
    private final SipMetrics metrics;
    private final Executor core;
    private TransactionUser tu;
    private NewCallAdmission admission;
    private String retryAfter;
    private final RateLimitedWarning refusedWarning = new RateLimitedWarning(LOG, 10_000);
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private final Map<String, ClientTransaction> clients = new HashMap<>();

    public TransactionLayer(SipSender sender, TimerService timerService, SipTimers timers, SipMetrics metrics, Executor core) {
        this.sender = sender;
        this.timerService = timerService;
        this.timers = timers;
        this.metrics = metrics;
        this.core = core;
        // Read from the metrics thread without a lock: a size is a single int, a stale value is harmless.
        io.micrometer.core.instrument.Gauge.builder("sip.transactions.active", this, l -> l.servers.size() + l.clients.size())
                .register(metrics.registry());
    }

    public void setTransactionUser(TransactionUser user) {
        this.tu = user;
    }

    /** Brakes new calls per source ({@code sip.admission}); without it every INVITE gets a transaction. */
    public void setAdmission(CallAdmission limits) {
        this.admission = new NewCallAdmission(limits);
        this.retryAfter = Long.toString(Math.max(1, limits.retryAfter().toSeconds()));
    }

    /** Entry point for everything the decoders produce. */
    public void handle(InboundSip in) {
        if (in.isFailure()) {
            answerParseFailure(in);
            return;
        }
        SipMessage m = in.message();
        if (m instanceof SipRequest req) {
            metrics.requestIn(req.method());
            handleRequest(req, in);
        } else {
            SipResponse resp = (SipResponse) m;
            metrics.responseIn(resp.status());
            ClientTransaction tx = clients.get(clientKey(resp));
            if (tx != null) {
                tx.onResponse(resp);
            } else {
                tu.onStrayResponse(resp, in);
            }
        }
    }

    private void handleRequest(SipRequest req, InboundSip in) {
        if (req.is(SipRequest.ACK)) {
            ServerTransaction tx = servers.get(serverKey(req, SipRequest.INVITE));
            if (tx instanceof InviteServerTransaction inv && inv.expectsAck()) {
                inv.onAck();
            } else {
                tu.onAck(req, in);
            }
            return;
        }
        String key = serverKey(req, req.method());
        ServerTransaction existing = servers.get(key);
        if (existing != null) {
            existing.onRetransmission();
            return;
        }
        ServerTransaction tx;
        if (req.is(SipRequest.INVITE) && refusedByAdmission(req, in)) {
            return;
        }
        if (req.is(SipRequest.INVITE)) {
            InviteServerTransaction inv = new InviteServerTransaction(this, req, in, key);
            tx = inv;
            servers.put(key, tx);
            metrics.transactionCreated("server_invite");
            inv.respond(SipResponse.to(req, 100, null, null).build()); // s.17.2.1: quench retransmissions at once
        } else {
            tx = new NonInviteServerTransaction(this, req, in, key);
            servers.put(key, tx);
            metrics.transactionCreated("server_non_invite");
        }
        tu.onRequest(tx, req, in);
    }

    /**
     * A new call over its source's rate gets a 503 sent without a transaction: no state, no
     * retransmissions, no media or policy work, so answering a flood costs little (RFC 3261
     * s.8.2.7, stateless UAS). A retransmission of the INVITE gets the same answer.
     */
    private boolean refusedByAdmission(SipRequest req, InboundSip in) {
        if (admission == null || req.to().tag().isPresent() || in.remote() == null) {
            return false; // re-INVITEs belong to calls already admitted
        }
        String why = admission.admit(in.remote().getAddress(), System.nanoTime());
        if (why == null) {
            return false;
        }
        metrics.callRefused(why);
        refusedWarning.warn("new calls refused ({}): a source exceeds sip.admission", why);
        sendResponse(SipResponse.to(req, 503, "Overloaded", null).add(HeaderNames.RETRY_AFTER, retryAfter).build(),
                responseDestination(in));
        return true;
    }

    private void answerParseFailure(InboundSip in) {
        SipParseException e = in.failure();
        Optional<SipRequest> stub = e.replyTo();
        if (e.status() > 0 && stub.isPresent()) {
            metrics.parseError(e.kind(), true);
            SipResponse r = SipResponse.to(stub.get(), e.status(), e.getMessage(), null).build();
            sendResponse(r, responseDestination(in));
        } else {
            metrics.parseError(e.kind(), false);
            LOG.debug("dropped unparseable {} message at byte {}: {}", in.transport().token(), e.offset(), e.getMessage());
        }
    }

    /** Starts a client transaction for {@code request} (its top Via carries a fresh branch). */
    public ClientTransaction newClientTransaction(SipRequest request, Destination destination, ClientTransactionListener listener) {
        String key = clientKey(request);
        ClientTransaction tx = request.is(SipRequest.INVITE)
                ? new InviteClientTransaction(this, request, destination, listener, key)
                : new NonInviteClientTransaction(this, request, destination, listener, key);
        clients.put(key, tx);
        metrics.transactionCreated(request.is(SipRequest.INVITE) ? "client_invite" : "client_non_invite");
        tx.start();
        return tx;
    }

    /** The INVITE server transaction a CANCEL refers to (s.9.2). */
    public Optional<InviteServerTransaction> inviteFor(SipRequest cancel) {
        ServerTransaction tx = servers.get(serverKey(cancel, SipRequest.INVITE));
        return tx instanceof InviteServerTransaction inv ? Optional.of(inv) : Optional.empty();
    }

    /** Sends a request outside any transaction (the ACK for a 2xx, s.13.2.2.4). */
    public CompletionStage<Void> sendRequest(SipRequest r, Destination d) {
        metrics.requestOut(r.method());
        return sender.send(r, d);
    }

    public void sendResponse(SipResponse r, Destination d) {
        metrics.responseOut(r.status());
        sender.send(r, d).whenComplete((v, err) -> {
            if (err != null) {
                metrics.transportError();
            }
        });
    }

    public int activeTransactions() {
        return servers.size() + clients.size();
    }

    void remove(ServerTransaction tx) {
        servers.remove(tx.key, tx);
    }

    void remove(ClientTransaction tx) {
        clients.remove(tx.key, tx);
    }

    void onCoreThread(Runnable r) {
        core.execute(r);
    }

    public TimerService timerService() {
        return timerService;
    }

    public SipTimers timers() {
        return timers;
    }

    public SipMetrics metrics() {
        return metrics;
    }

    public SipSender sender() {
        return sender;
    }

    /** Responses go back where the request came from: the source address (RFC 3581 style) or the same connection. */
    public static Destination responseDestination(InboundSip in) {
        if (in.transport().isStream()) {
            return Destination.of(in.transport(), in.remote(), Optional.ofNullable(in.channel()));
        }
        return Destination.of(in.transport(), in.remote());
    }

    /** s.17.2.3: branch + sent-by + method (ACK matches INVITE); RFC 2543 peers fall back to dialog identifiers. */
    static String serverKey(SipRequest r, String method) {
        Via top = r.topVia().orElseThrow();
        String branch = top.branch().orElse("");
        if (branch.startsWith(Via.MAGIC_COOKIE)) {
            return branch + "|" + top.sentBy() + "|" + method;
        }
        return "2543|" + r.callId() + "|" + r.from().tag().orElse("") + "|" + r.cseq().seq() + "|" + top.sentBy() + "|" + method;
    }

    /** s.17.1.3: top Via branch + CSeq method. */
    static String clientKey(SipMessage m) {
        return m.topVia().flatMap(Via::branch).orElse("") + "|" + m.cseq().method();
    }
}
