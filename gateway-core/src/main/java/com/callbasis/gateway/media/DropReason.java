package com.callbasis.gateway.media;

/** Why the relay discarded a packet; each value is one bounded {@code reason} tag of {@code media.packets.dropped}. */
enum DropReason {
    /** Not from the address announced (or latched) for that side: injection or RTP bleed attempt, or a stale peer. */
    FOREIGN_SOURCE("foreign_source"),
    /** Accepted, but the other side has no known address yet (before the answer) or is on hold. */
    NO_DESTINATION("no_destination"),
    /** Not RTP/RTCP version 2 or shorter than a fixed header (RFC 3550 s.5.1, s.6.4). */
    MALFORMED("malformed"),
    /** Filled the whole receive buffer, so the kernel may have cut it; forwarding a cut SRTP packet is useless. */
    TRUNCATED("truncated"),
    /** The side's {@link PacketTransform} refused to unprotect it (SRTP authentication or replay check, RFC 3711 s.3.3). */
    SRTP_AUTH("srtp_auth"),
    /** Could not be protected for, or written to, the other side (socket error or send buffer full). */
    SEND_FAILED("send_failed");

    final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    static final DropReason[] VALUES = values();
}
