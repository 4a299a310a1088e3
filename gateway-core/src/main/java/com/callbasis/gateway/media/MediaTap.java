package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;

/**
 * Receives a copy-free view of every RTP packet the relay accepted (after source validation and
 * SRTP decryption), before it is forwarded. This is how a recording hears the call.
 *
 * <p>Called on the relay's event-loop thread; both sides of one stream use the same thread, so
 * calls for one session never overlap. Return quickly. The buffer is only valid during the call:
 * read it between its reader index and writer index, never retain or modify it.
 */
@FunctionalInterface
public interface MediaTap {
    void onRtp(Side from, ByteBuf packet, long arrivalNanos);
}
