package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;

/**
 * What the relay does to packets on one side of a stream beyond copying them: SRTP (RFC 3711)
 * with that side's keys. {@code unprotect*} handles what the side's peer sent us; {@code protect*}
 * handles what we send to it. Called on the relay's event-loop thread only.
 */
public interface PacketTransform {
    /**
     * Decrypts and authenticates a packet from the peer, in place (the writer index moves back over
     * the tag). Returns false when the packet must be dropped (authentication failed, replayed,
     * malformed); the buffer is then left unchanged and still owned by the caller.
     */
    boolean unprotectRtp(ByteBuf packet);

    boolean unprotectRtcp(ByteBuf packet);

    /**
     * Encrypts a plain packet for the peer. Returns the protected packet: either {@code packet}
     * itself (grown in place when it had room) or a new buffer, in which case {@code packet} has been
     * released. Ownership of the result passes to the caller. Returns null (and releases
     * {@code packet}) when it cannot be protected.
     */
    ByteBuf protectRtp(ByteBuf packet);

    ByteBuf protectRtcp(ByteBuf packet);
}
