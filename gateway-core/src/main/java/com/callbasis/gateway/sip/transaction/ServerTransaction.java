package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.Destination;
import java.time.Duration;
import java.util.Optional;

/** A server transaction (RFC 3261 s.17.2): absorbs retransmitted requests and resends the last response. */
public abstract sealed class ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {
    final TransactionLayer layer;
    final SipRequest request;
    final InboundSip source;
    final Destination responseDestination;
    final String key;
    SipResponse lastResponse;

    ServerTransaction(TransactionLayer layer, SipRequest request, InboundSip source, String key) {
        this.layer = layer;
        this.request = request;
        this.source = source;
        this.key = key;
        this.responseDestination = TransactionLayer.responseDestination(source);
    }

    public SipRequest request() {
        return request;
    }

    public InboundSip source() {
        return source;
    }

    public Optional<SipResponse> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }

    /** Sends a response built by the TU; ignored once the transaction has sent a final response. */
    public abstract void respond(SipResponse response);

    /** Convenience: a response with the standard reason and the given To tag. */
    public void respond(int status, String toTag) {
        respond(SipResponse.to(request, status, null, toTag).build());
    }

    public abstract boolean isTerminated();

    abstract void onRetransmission();

    void send(SipResponse r) {
        layer.sendResponse(r, responseDestination);
    }

    Duration sixtyFourT1() {
        return layer.timers().t1().multipliedBy(64);
    }
}
