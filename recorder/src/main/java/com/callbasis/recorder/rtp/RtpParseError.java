package com.callbasis.recorder.rtp;

/** Why a datagram was not accepted as an RTP packet (RFC 3550 s.5.1 and the validity checks of A.1). */
public enum RtpParseError {
    /** Shorter than the 12-byte fixed header. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The CSRC list (4 bytes per CC) runs past the end of the datagram. */
    CSRC_OVERFLOW,
    /** The header extension (X bit) runs past the end of the datagram. */
    EXTENSION_OVERFLOW,
    /** P bit set but the padding count is 0 or larger than what follows the header. */
    BAD_PADDING,
    /** An RTCP packet (payload type 72-76, RFC 5761 s.4) that should have been demultiplexed before. */
    RTCP
}
