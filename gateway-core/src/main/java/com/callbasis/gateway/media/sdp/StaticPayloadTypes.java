package com.callbasis.gateway.media.sdp;

import com.callbasis.gateway.media.sdp.MediaDescription.RtpMap;

/** The static payload types of RFC 3551 s.6, tables 4 and 5. */
final class StaticPayloadTypes {
    private static final RtpMap[] TABLE = new RtpMap[35];

    static {
        put(0, "PCMU", 8000, 1);
        put(3, "GSM", 8000, 1);
        put(4, "G723", 8000, 1);
        put(5, "DVI4", 8000, 1);
        put(6, "DVI4", 16000, 1);
        put(7, "LPC", 8000, 1);
        put(8, "PCMA", 8000, 1);
        put(9, "G722", 8000, 1); // RTP clock 8000 although sampled at 16 kHz (RFC 3551 s.4.5.2)
        put(10, "L16", 44100, 2);
        put(11, "L16", 44100, 1);
        put(12, "QCELP", 8000, 1);
        put(13, "CN", 8000, 1);
        put(14, "MPA", 90000, 1);
        put(15, "G728", 8000, 1);
        put(16, "DVI4", 11025, 1);
        put(17, "DVI4", 22050, 1);
        put(18, "G729", 8000, 1);
        put(25, "CelB", 90000, 1);
        put(26, "JPEG", 90000, 1);
        put(28, "nv", 90000, 1);
        put(31, "H261", 90000, 1);
        put(32, "MPV", 90000, 1);
        put(33, "MP2T", 90000, 1);
        put(34, "H263", 90000, 1);
    }

    private StaticPayloadTypes() {
    }

    private static void put(int pt, String name, int clock, int channels) {
        TABLE[pt] = new RtpMap(pt, name, clock, channels);
    }

    /** The static assignment of {@code pt}, or null (dynamic or unassigned). */
    static RtpMap get(int pt) {
        return pt >= 0 && pt < TABLE.length ? TABLE[pt] : null;
    }
}
