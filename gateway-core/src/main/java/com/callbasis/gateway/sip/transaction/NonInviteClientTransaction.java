package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.Destination;
import java.time.Duration;

/** Non-INVITE client transaction (RFC 3261 s.17.1.2): timers E, F and K. */
public final class NonInviteClientTransaction extends ClientTransaction {
    enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private State state = State.TRYING;

    NonInviteClientTransaction(TransactionLayer layer, SipRequest request, Destination destination, ClientTransactionListener listener, String key) {
        super(layer, request, destination, listener, key);
    }

    @Override
    void retransmit() {
        if (state != State.TRYING && state != State.PROCEEDING) {
            return;
        }
        layer.metrics().retransmission("client");
        send(request);
        scheduleRetransmit(state == State.TRYING ? min(retransmitInterval.multipliedBy(2), t2()) : t2());
    }

    @Override
    void timeout() {
        if (state == State.TRYING || state == State.PROCEEDING) {
            layer.metrics().transactionTimeout("F");
            terminate();
            listener.onTimeout(this);
        }
    }

    @Override
    void onResponse(SipResponse r) {
        if (state == State.TRYING || state == State.PROCEEDING) {
            if (r.isProvisional()) {
                state = State.PROCEEDING;
            } else {
                state = State.COMPLETED;
                cancelTimers();
                layer.timerService().schedule(destination.reliable() ? Duration.ZERO : layer.timers().t4(), this::terminate); // Timer K
            }
            listener.onResponse(this, r);
        }
        // COMPLETED: retransmitted finals are absorbed
    }

    @Override
    boolean awaitingFinal() {
        return state == State.TRYING || state == State.PROCEEDING;
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
