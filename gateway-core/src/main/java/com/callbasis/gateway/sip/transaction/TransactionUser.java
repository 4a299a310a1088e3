package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;

/** The layer above the transactions (RFC 3261 s.17: the "TU"), here the B2BUA. */
public interface TransactionUser {
    /** A new request; the TU must answer it through {@code tx} (CANCEL included: it has its own transaction). */
    void onRequest(ServerTransaction tx, SipRequest request, InboundSip source);

    /** An ACK that matched no INVITE server transaction: the ACK for a 2xx (s.17.2.3, s.13.2.2.4). */
    void onAck(SipRequest ack, InboundSip source);

    /** A response that matched no client transaction, such as a retransmitted 2xx after the transaction ended. */
    void onStrayResponse(SipResponse response, InboundSip source);
}
