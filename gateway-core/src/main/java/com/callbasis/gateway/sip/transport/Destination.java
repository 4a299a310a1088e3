package com.callbasis.gateway.sip.transport;

import com.callbasis.config.Transport;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a message goes: transport and address, and for replies on TCP/TLS the connection the
 * request came in on (RFC 3261 s.18.2.2: responses go back on the same connection).
 *
 * @param host the host of the URI that {@code address} was resolved from (a name or an IP literal): on
 *             TLS the peer's certificate must carry it (RFC 5922 s.7.2), so it must be the route's or the
 *             URI's host as written, not the address it resolved to
 */
public record Destination(Transport transport, String host, InetSocketAddress address, Optional<Channel> connection) {
    public Destination {
        Objects.requireNonNull(host, "host");
    }

    /** A destination named by its address; {@code address}'s host string (its name, if it was made from one) is the host. */
    public static Destination of(Transport transport, InetSocketAddress address) {
        return of(transport, address, Optional.empty());
    }

    /** The same, preferring {@code connection} while it is open (replies, in-dialog requests to a connected peer). */
    public static Destination of(Transport transport, InetSocketAddress address, Optional<Channel> connection) {
        return new Destination(transport, address == null ? "" : address.getHostString(), address, connection);
    }

    /** A destination resolved from {@code host}. */
    public static Destination to(Transport transport, String host, InetSocketAddress address) {
        return new Destination(transport, host, address, Optional.empty());
    }

    public boolean reliable() {
        return transport.isStream();
    }
}
