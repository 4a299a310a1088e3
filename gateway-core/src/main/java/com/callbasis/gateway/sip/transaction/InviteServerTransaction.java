package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import java.time.Duration;

/**
 * INVITE server transaction (RFC 3261 s.17.2.1 with RFC 6026's Accepted state). It also carries the
 * UAS core's 2xx retransmission (s.13.3.1.4) on unreliable transports: the 2xx is resent until the TU
 * reports the ACK ({@link #acknowledged()}) or 64*T1 passes, when {@code onNoAck} runs.
 */
public final class InviteServerTransaction extends ServerTransaction {
    enum State { PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    private State state = State.PROCEEDING;
    private TimerService.Timeout timerG;
    private TimerService.Timeout timerH;
    private TimerService.Timeout retransmit2xx;
    private TimerService.Timeout timerL;
    private Duration interval;
    private boolean acked;
    private Runnable onNoAck = () -> { };

    InviteServerTransaction(TransactionLayer layer, SipRequest request, InboundSip source, String key) {
        super(layer, request, source, key);
    }

    /** What to do when a 2xx is never acknowledged (the B2BUA hangs up the call). */
    public void onNoAck(Runnable r) {
        onNoAck = r;
    }

    /** True while no final response has been sent: a CANCEL can still take effect. */
    public boolean isProceeding() {
        return state == State.PROCEEDING;
    }

    @Override
    public void respond(SipResponse r) {
        if (state != State.PROCEEDING) {
            return;
        }
        lastResponse = r;
        send(r);
        if (r.isProvisional()) {
            return;
        }
        boolean reliable = responseDestination.reliable();
        if (r.isSuccess()) {
            state = State.ACCEPTED;
            if (!reliable) {
                interval = layer.timers().t1();
                retransmit2xx = layer.timerService().schedule(interval, this::resend2xx);
            }
            timerL = layer.timerService().schedule(sixtyFourT1(), this::fireL);
        } else {
            state = State.COMPLETED;
            if (!reliable) {
                interval = layer.timers().t1();
                timerG = layer.timerService().schedule(interval, this::fireG);
            }
            timerH = layer.timerService().schedule(sixtyFourT1(), this::fireH);
        }
    }

    /** The TU saw the ACK for our 2xx: stop retransmitting it. */
    public void acknowledged() {
        acked = true;
        if (retransmit2xx != null) {
            retransmit2xx.cancel();
        }
    }

    private void resend2xx() {
        if (state != State.ACCEPTED || acked) {
            return;
        }
        layer.metrics().retransmission("server-2xx");
        send(lastResponse);
        interval = ClientTransaction.min(interval.multipliedBy(2), layer.timers().t2());
        retransmit2xx = layer.timerService().schedule(interval, this::resend2xx);
    }

    private void fireL() {
        boolean noAck = state == State.ACCEPTED && !acked;
        terminate();
        if (noAck) {
            layer.metrics().transactionTimeout("L");
            onNoAck.run();
        }
    }

    private void fireG() {
        if (state != State.COMPLETED) {
            return;
        }
        layer.metrics().retransmission("server");
        send(lastResponse);
        interval = ClientTransaction.min(interval.multipliedBy(2), layer.timers().t2());
        timerG = layer.timerService().schedule(interval, this::fireG);
    }

    private void fireH() {
        if (state == State.COMPLETED) {
            layer.metrics().transactionTimeout("H");
            terminate();
        }
    }

    /** The ACK for our non-2xx final response (matched by the layer, s.17.2.3). */
    void onAck() {
        if (state == State.COMPLETED) {
            state = State.CONFIRMED;
            cancel(timerG);
            cancel(timerH);
            layer.timerService().schedule(responseDestination.reliable() ? Duration.ZERO : layer.timers().t4(), this::terminate); // Timer I
        }
    }

    boolean expectsAck() {
        return state == State.COMPLETED || state == State.CONFIRMED;
    }

    @Override
    void onRetransmission() {
        if ((state == State.PROCEEDING || state == State.COMPLETED) && lastResponse != null) {
            layer.metrics().retransmission("server");
            send(lastResponse);
        }
        // ACCEPTED: absorbed (RFC 6026 s.7.1); the 2xx is resent by its own timer
    }

    private static void cancel(TimerService.Timeout t) {
        if (t != null) {
            t.cancel();
        }
    }

    private void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        cancel(timerG);
        cancel(timerH);
        cancel(retransmit2xx);
        cancel(timerL);
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
