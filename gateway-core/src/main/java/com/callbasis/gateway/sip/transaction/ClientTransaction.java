package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.Destination;
import java.time.Duration;

/** A client transaction (RFC 3261 s.17.1): sends one request and delivers its responses. */
public abstract sealed class ClientTransaction permits InviteClientTransaction, NonInviteClientTransaction {
    final TransactionLayer layer;
    final SipRequest request;
    final Destination destination;
    final ClientTransactionListener listener;
    final String key;
    /** Timer A (INVITE) or E (non-INVITE): the next retransmission. */
    TimerService.Timeout retransmitTimer;
    /** Timer B (INVITE) or F (non-INVITE): giving up on a final response. */
    TimerService.Timeout timeoutTimer;
    private Object attachment;

    ClientTransaction(TransactionLayer layer, SipRequest request, Destination destination, ClientTransactionListener listener, String key) {
        this.layer = layer;
        this.request = request;
        this.destination = destination;
        this.listener = listener;
        this.key = key;
    }

    public SipRequest request() {
        return request;
    }

    public Destination destination() {
        return destination;
    }

    /** Free slot for the TU (the B2BUA keeps the leg here). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object o) {
        attachment = o;
    }

    public abstract boolean isTerminated();

    /** Interval of the next retransmission (Timer A doubles it; Timer E doubles it up to T2). */
    Duration retransmitInterval;

    /** Sends the request and arms Timer A/E (unreliable transports only) and Timer B/F. */
    final void start() {
        send(request);
        if (!destination.reliable()) {
            scheduleRetransmit(t1());
        }
        timeoutTimer = layer.timerService().schedule(sixtyFourT1(), this::timeout);
    }

    final void scheduleRetransmit(Duration interval) {
        retransmitInterval = interval;
        retransmitTimer = layer.timerService().schedule(interval, this::retransmit);
    }

    /** Timer A or E fired. */
    abstract void retransmit();

    /** Timer B or F fired. */
    abstract void timeout();

    abstract void onResponse(SipResponse response);

    void send(SipRequest r) {
        layer.sendRequest(r, destination).whenComplete((v, err) -> {
            if (err != null) {
                layer.onCoreThread(this::transportError);
            }
        });
    }

    /** s.17.1.4: a transport failure ends the transaction only while it still waits for a final response. */
    final void transportError() {
        if (!isTerminated() && awaitingFinal()) {
            layer.metrics().transportError();
            terminate();
            listener.onTransportError(this);
        }
    }

    abstract boolean awaitingFinal();

    /** Records the terminated state in the subclass's state machine. */
    abstract void markTerminated();

    final void cancelTimers() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel();
        }
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
        }
    }

    final void terminate() {
        if (isTerminated()) {
            return;
        }
        cancelTimers();
        markTerminated();
        layer.remove(this);
    }

    Duration t1() {
        return layer.timers().t1();
    }

    Duration t2() {
        return layer.timers().t2();
    }

    Duration sixtyFourT1() {
        return layer.timers().t1().multipliedBy(64);
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
