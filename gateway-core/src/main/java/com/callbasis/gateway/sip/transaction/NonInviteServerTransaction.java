package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import java.time.Duration;

/** Non-INVITE server transaction (RFC 3261 s.17.2.2): Timer J. */
public final class NonInviteServerTransaction extends ServerTransaction {
    enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private State state = State.TRYING;

    NonInviteServerTransaction(TransactionLayer layer, SipRequest request, InboundSip source, String key) {
        super(layer, request, source, key);
    }

    @Override
    public void respond(SipResponse r) {
        if (state == State.COMPLETED || state == State.TERMINATED) {
            return;
        }
        lastResponse = r;
        send(r);
        if (r.isProvisional()) {
            state = State.PROCEEDING;
        } else {
            state = State.COMPLETED;
            layer.timerService().schedule(responseDestination.reliable() ? Duration.ZERO : sixtyFourT1(), this::terminate); // Timer J
        }
    }

    @Override
    void onRetransmission() {
        if ((state == State.PROCEEDING || state == State.COMPLETED) && lastResponse != null) {
            layer.metrics().retransmission("server");
            send(lastResponse);
        }
    }

    private void terminate() {
        if (state != State.TERMINATED) {
            state = State.TERMINATED;
            layer.remove(this);
        }
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    State state() {
        return state;
    }
}
