package com.callbasis.gateway.sip.transport;

import com.callbasis.gateway.sip.message.SipMessage;
import java.util.concurrent.CompletionStage;

/** Sends messages; the stage fails when the transport cannot deliver (connection refused, no route). */
public interface SipSender {
    CompletionStage<Void> send(SipMessage message, Destination destination);

    /** The sent-by host and port this gateway puts in its Via and Contact for a transport. */
    HostPort localEndpoint(com.callbasis.config.Transport transport);

    /** Host and port, printable in a Via or URI. */
    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
