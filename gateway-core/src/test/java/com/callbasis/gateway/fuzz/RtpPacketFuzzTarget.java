package com.callbasis.gateway.fuzz;

import com.callbasis.recorder.rtp.RtpPacket;
import com.callbasis.recorder.rtp.RtpParser;

/**
 * An RTP datagram as the recorder's tap receives it (the relay forwards any datagram; the recorder
 * parses what it records). Properties: the parser never throws, and an accepted packet's payload
 * lies inside the datagram after its header, CSRC list, extension and before its padding.
 */
public final class RtpPacketFuzzTarget {
    private RtpPacketFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        int off = data.length > 0 ? (data[0] & 0x03) : 0; // the packet need not start the buffer
        Object r = RtpParser.parseOrError(data, off, data.length - off);
        if (r instanceof RtpPacket p) {
            int start = off + 12 + 4 * p.csrcCount();
            int end = data.length - (p.padding() ? p.paddingLength() : 0);
            if (p.payloadOffset() < start || p.payloadLength() < 0 || p.payloadOffset() + p.payloadLength() > end) {
                throw new AssertionError("payload [" + p.payloadOffset() + ", +" + p.payloadLength() + ") outside ["
                        + start + ", " + end + ") of a " + data.length + "-byte buffer");
            }
        }
    }
}
