package com.callbasis.gateway.media.sdp;

/** Session descriptions shaped like what real user agents send. Written with LF; tests add CRLF. */
final class SdpFixtures {
    private SdpFixtures() {
    }

    /** SIPp's built-in uac scenario body. */
    static final String SIPP = """
            v=0
            o=user1 53655765 2353687637 IN IP4 127.0.1.1
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio 6000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            """;

    /** A baresip offer: SDES-SRTP, rtcp-mux, opus plus G.711, DTMF. */
    static final String BARESIP = """
            v=0
            o=- 1593622314 1820143612 IN IP4 192.168.10.20
            s=-
            c=IN IP4 192.168.10.20
            t=0 0
            a=tool:baresip 3.10.1
            m=audio 10142 RTP/SAVP 96 9 0 8 101
            b=AS:96
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 stereo=1;sprop-stereo=1
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=rtcp-mux
            a=sendrecv
            a=label:1
            a=ssrc:1472098421 cname:2f1d0c46-9a36-4d4b-a0b7-2b5f9e1e0c21
            a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:ZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZh
            a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxl
            a=ptime:20
            """;

    /** A browser-style offer: ICE, DTLS fingerprint, BUNDLE, rtcp-mux, rtcp-fb, extmap. */
    static final String WEBRTC = """
            v=0
            o=- 4611731400430051336 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS stream0
            a=ice-options:trickle
            m=audio 50918 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
            c=IN IP4 203.0.113.7
            a=rtcp:9 IN IP4 0.0.0.0
            a=candidate:1467250027 1 udp 2122260223 192.168.0.196 50918 typ host generation 0
            a=candidate:1853887674 1 udp 1686052607 203.0.113.7 50918 typ srflx raddr 192.168.0.196 rport 50918 generation 0
            a=candidate:434558091 1 tcp 1518280447 192.168.0.196 9 typ host tcptype active generation 0
            a=end-of-candidates
            a=ice-ufrag:F7gI
            a=ice-pwd:x9cml/YzichV2+XlhiMu8g6b
            a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF
            a=setup:actpass
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=sendrecv
            a=msid:stream0 track0
            a=rtcp-mux
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:63 red/48000/2
            a=fmtp:63 111/111
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:13 CN/8000
            a=rtpmap:110 telephone-event/48000
            a=rtpmap:126 telephone-event/8000
            a=ssrc:3735928559 cname:bm9uZW9mdGhpcw
            """;

    /** An answer accepting audio and rejecting video (port 0), with b= and direction lines. */
    static final String AUDIO_VIDEO_REJECTED = """
            v=0
            o=pbx 2890844526 2890844527 IN IP4 198.51.100.10
            s=call
            i=an answer
            c=IN IP4 198.51.100.10
            b=CT:1000
            t=0 0
            a=recvonly
            m=audio 49170/2 RTP/AVP 0 18 101
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=fmtp:18 annexb=no
            a=ptime:20
            m=video 0 RTP/AVP 31 34
            a=rtpmap:31 H261/90000
            """;

    /** IPv6 everywhere, a=rtcp with an address, media-level c= only. */
    static final String IPV6 = """
            v=0
            o=- 3724394400 3724394405 IN IP6 2001:db8::10
            s=-
            t=0 0
            m=audio 30000 RTP/AVP 8 9 96
            c=IN IP6 2001:db8::10
            a=rtpmap:96 telephone-event/8000
            a=rtcp:30001 IN IP6 2001:db8::11
            a=sendonly
            x=unknown line type kept
            """;

    static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }
}
