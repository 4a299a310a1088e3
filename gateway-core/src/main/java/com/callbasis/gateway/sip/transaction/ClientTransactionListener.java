package com.callbasis.gateway.sip.transaction;

import com.callbasis.gateway.sip.message.SipResponse;

/** What a client transaction reports to the TU. */
public interface ClientTransactionListener {
    /** Every provisional and final response (2xx retransmissions too, for INVITE, while Accepted). */
    void onResponse(ClientTransaction tx, SipResponse response);

    /** Timer B or F fired: no final response came (s.17.1.1.2, s.17.1.2.2). */
    void onTimeout(ClientTransaction tx);

    /** The transport could not send the request (s.17.1.4). */
    void onTransportError(ClientTransaction tx);
}
