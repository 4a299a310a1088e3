package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.Destination;
import java.time.Duration;

/**
 * INVITE client transaction (RFC 3261 s.17.1.1, with the Accepted state of RFC 6026 s.7.2 so that
 * retransmitted 2xx responses still reach the TU, which acknowledges them).
 */
public final class InviteClientTransaction extends ClientTransaction {
    enum State { CALLING, PROCEEDING, ACCEPTED, COMPLETED, TERMINATED }

    private State state = State.CALLING;
    private SipRequest ack;
    private boolean provisionalSeen;

    InviteClientTransaction(TransactionLayer layer, SipRequest request, Destination destination, ClientTransactionListener listener, String key) {
        super(layer, request, destination, listener, key);
    }

    /** True once any provisional response arrived: a CANCEL may be sent only then (s.9.1). */
    public boolean provisionalSeen() {
        return provisionalSeen;
    }

    @Override
    void retransmit() {
        if (state != State.CALLING) {
            return;
        }
        layer.metrics().retransmission("client");
        send(request);
        scheduleRetransmit(retransmitInterval.multipliedBy(2));
    }

    @Override
    void timeout() {
        if (state == State.CALLING) {
            layer.metrics().transactionTimeout("B");
            terminate();
            listener.onTimeout(this);
        }
    }

    @Override
    void onResponse(SipResponse r) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                cancelTimers();
                if (r.isProvisional()) {
                    state = State.PROCEEDING;
                    provisionalSeen = true;
                } else if (r.isSuccess()) {
                    state = State.ACCEPTED;
                    layer.timerService().schedule(sixtyFourT1(), this::terminate); // Timer M
                } else {
                    state = State.COMPLETED;
                    ack = ackFor(r);
                    send(ack);
                    layer.timerService().schedule(destination.reliable() ? Duration.ZERO : sixtyFourT1(), this::terminate); // Timer D
                }
                listener.onResponse(this, r);
            }
            case ACCEPTED -> {
                if (r.isSuccess()) {
                    listener.onResponse(this, r);
                }
            }
            case COMPLETED -> {
                if (r.isFinal() && !r.isSuccess()) {
                    layer.metrics().retransmission("client-ack");
                    send(ack);
                }
            }
            case TERMINATED -> { }
        }
    }

    /** s.17.1.1.3: the ACK for a non-2xx final response, inside the transaction. */
    private SipRequest ackFor(SipResponse r) {
        return fromInvite(SipRequest.ACK, r.header(HeaderNames.TO).orElseThrow());
    }

    /** s.9.1: the CANCEL for this INVITE; the caller sends it in a transaction of its own. */
    public SipRequest cancelRequest() {
        return fromInvite(SipRequest.CANCEL, request.header(HeaderNames.TO).orElseThrow());
    }

    /**
     * The TU has sent a CANCEL for this INVITE. RFC 3261 s.9.1: "If there is no final response for the
     * original request in 64*T1 seconds ..., the client SHOULD then consider the original transaction
     * cancelled and SHOULD destroy the client transaction handling the original request." Timer B no
     * longer runs once a provisional response came, so without this a callee that ignores the CANCEL,
     * or answers it 200 but never sends 487, would keep the transaction (and the TU's call) for ever.
     * When the timer fires while no final response has arrived, the transaction ends and the listener
     * hears {@link ClientTransactionListener#onTimeout}, as for Timer B (counted as timer {@code C}, the
     * proxy's equivalent in s.16.8).
     */
    public void cancelSent() {
        layer.timerService().schedule(sixtyFourT1(), () -> {
            if (!isTerminated() && awaitingFinal()) {
                layer.metrics().transactionTimeout("C");
                terminate();
                listener.onTimeout(this);
            }
        });
    }

    /**
     * ACK and CANCEL copy the INVITE's Request-URI, top Via (same branch), Route, From, Call-ID and
     * CSeq number (s.9.1, s.17.1.1.3); they differ in method and in where To comes from.
     */
    private SipRequest fromInvite(String method, String to) {
        SipRequest.Builder b = SipRequest.builder(method, request.requestUri());
        b.add(HeaderNames.VIA, request.topVia().orElseThrow().toString());
        for (String route : request.headerValues(HeaderNames.ROUTE)) {
            b.add(HeaderNames.ROUTE, route);
        }
        b.add(HeaderNames.MAX_FORWARDS, "70");
        b.add(HeaderNames.FROM, request.header(HeaderNames.FROM).orElseThrow());
        b.add(HeaderNames.TO, to);
        b.add(HeaderNames.CALL_ID, request.callId());
        b.add(HeaderNames.CSEQ, request.cseq().seq() + " " + method);
        return b.build();
    }

    @Override
    boolean awaitingFinal() {
        return state == State.CALLING || state == State.PROCEEDING;
    }

    @Override
    void markTerminated() {
        state = State.TERMINATED;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    State state() {
        return state;
    }
}
