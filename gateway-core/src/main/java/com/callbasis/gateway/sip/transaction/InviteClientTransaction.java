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
    private TimerService.Timeout timerA;
    private TimerService.Timeout timerB;
    private Duration intervalA;
    private SipRequest ack;
    private boolean provisionalSeen;

    InviteClientTransaction(TransactionLayer layer, SipRequest request, Destination destination, ClientTransactionListener listener, String key) {
        super(layer, request, destination, listener, key);
    }

    @Override
    void start() {
        send(request);
        if (!destination.reliable()) {
            intervalA = t1();
            timerA = layer.timerService().schedule(intervalA, this::fireA);
        }
        timerB = layer.timerService().schedule(sixtyFourT1(), this::fireB);
    }

    /** True once any provisional response arrived: a CANCEL may be sent only then (s.9.1). */
    public boolean provisionalSeen() {
        return provisionalSeen;
    }

    private void fireA() {
        if (state != State.CALLING) {
            return;
        }
        layer.metrics().retransmission("client");
        send(request);
        intervalA = intervalA.multipliedBy(2);
        timerA = layer.timerService().schedule(intervalA, this::fireA);
    }

    private void fireB() {
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
        SipRequest.Builder b = SipRequest.builder(SipRequest.ACK, request.requestUri());
        b.add(HeaderNames.VIA, request.topVia().orElseThrow().toString());
        for (String route : request.headerValues(HeaderNames.ROUTE)) {
            b.add(HeaderNames.ROUTE, route);
        }
        b.add(HeaderNames.MAX_FORWARDS, "70");
        b.add(HeaderNames.FROM, request.header(HeaderNames.FROM).orElseThrow());
        b.add(HeaderNames.TO, r.header(HeaderNames.TO).orElseThrow());
        b.add(HeaderNames.CALL_ID, request.callId());
        b.add(HeaderNames.CSEQ, request.cseq().seq() + " ACK");
        return b.build();
    }

    @Override
    void transportError() {
        if (state != State.TERMINATED && state != State.ACCEPTED && state != State.COMPLETED) {
            layer.metrics().transportError();
            terminate();
            listener.onTransportError(this);
        }
    }

    private void cancelTimers() {
        if (timerA != null) {
            timerA.cancel();
        }
        if (timerB != null) {
            timerB.cancel();
        }
    }

    private void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        cancelTimers();
        state = State.TERMINATED;
        layer.remove(this);
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    State state() {
        return state;
    }
}
