package com.callbasis.gateway.sip.transport;

import com.callbasis.config.Transport;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a message goes: transport and address, and for replies on TCP/TLS the connection the
 * request came in on (RFC 3261 s.18.2.2: responses go back on the same connection).
 */
public record Destination(Transport transport, InetSocketAddress address, Optional<Channel> connection) {
    public static Destination of(Transport transport, InetSocketAddress address) {
        return new Destination(transport, address, Optional.empty());
    }

    public boolean reliable() {
        return transport.isStream();
    }
}
