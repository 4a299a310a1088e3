#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets in com.callbasis.gateway.fuzz (run from this folder).

Seeds are valid inputs the fuzzer mutates: SIP messages shaped like real user agents', a TCP stream
with keep-alives, SDP offers with SRTP keys, RTP packets from the test captures. The consent-token
seeds are signed by ConsentTokenFuzzTarget's own keys (bench/fuzz writes them with its main).
Findings fixed are kept beside them under their defect's name, by hand.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.dirname(HERE)


def crlf(text):
    return text.strip("\n").replace("\n", "\r\n").encode() + b"\r\n"


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def sip(head, body=b""):
    h = crlf(head).rstrip(b"\r\n") + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
    return h + body


SDP_PLAIN = crlf("""
v=0
o=user1 53655765 2353687637 IN IP4 127.0.1.1
s=-
c=IN IP4 127.0.1.1
t=0 0
m=audio 6000 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=rtcp:6001 IN IP4 127.0.1.1
a=sendrecv
""")

SDP_SRTP = crlf("""
v=0
o=- 1593622314 1820143612 IN IP6 2001:db8::20
s=-
c=IN IP6 2001:db8::20
t=0 0
a=sendonly
m=audio 10142 RTP/SAVP 96 9 0 8 101
b=AS:96
a=rtpmap:96 opus/48000/2
a=fmtp:96 stereo=1;sprop-stereo=1
a=rtpmap:9 G722/8000
a=rtpmap:101 telephone-event/8000
a=rtcp-mux
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:ZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZh|2^20|1:4 KDR=1
a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxl
m=video 0 RTP/AVP 31
""")

INVITE = """
INVITE sip:+4930123456@gw.example.net;user=phone SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-fuzz-1;rport
Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK-fuzz-0;received=192.0.2.1
Max-Forwards: 70
From: "Agent 7" <sip:agent7@cc.example.com>;tag=a1b2
To: <sip:+4930123456@gw.example.net;user=phone>
Call-ID: fuzz-1@192.0.2.10
CSeq: 1 INVITE
Contact: <sip:agent7@192.0.2.10:5060;transport=tcp>
Priority: emergency
X-Queue: sales
X-Purpose: quality
X-Call-Direction: outbound
X-Agent: a-17
X-Consent-Token: eyJhbGciOiJIUzI1NiJ9.e30.c2ln
X-Opt-Out: 1
Content-Type: application/sdp
"""

COMPACT = """
OPTIONS sip:gw.example.net SIP/2.0
v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-fuzz-2
f: <sip:probe@example.com>;tag=9
t: <sip:gw.example.net>
i: fuzz-2
CSeq: 7 OPTIONS
m: <sip:probe@192.0.2.10>
"""

RESPONSE = """
SIP/2.0 180 Ringing
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-fuzz-1;rport=5060;received=192.0.2.10
From: "Agent 7" <sip:agent7@cc.example.com>;tag=a1b2
To: <sip:+4930123456@gw.example.net;user=phone>;tag=x9
Call-ID: fuzz-1@192.0.2.10
CSeq: 1 INVITE
Record-Route: <sip:gw.example.net;lr>
"""

invite = sip(INVITE, SDP_SRTP)
write("SipMessageFuzzTarget", "invite-srtp-facts", invite)
write("SipMessageFuzzTarget", "options-compact", sip(COMPACT))
write("SipMessageFuzzTarget", "ringing", sip(RESPONSE))
write("SdpFuzzTarget", "plain-g711", SDP_PLAIN)
write("SdpFuzzTarget", "srtp-opus-ipv6", SDP_SRTP)
write("SipStreamFramerFuzzTarget", "two-messages-and-pings",
      b"\r\n\r\n" + sip(COMPACT) + b"\r\n\r\n" + invite)
write("SipStreamFramerFuzzTarget", "compact-length", sip(COMPACT).replace(b"Content-Length", b"l"))


def pcap_packets(path, limit):
    """UDP payloads of a classic pcap with Ethernet or Linux cooked framing (the test captures)."""
    data = open(path, "rb").read()
    link = struct.unpack("<I", data[20:24])[0]
    off, out = 24, []
    while off + 16 <= len(data) and len(out) < limit:
        incl = struct.unpack("<I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        l2 = 14 if link == 1 else 16
        ip = frame[l2:]
        ihl = (ip[0] & 0x0F) * 4
        out.append(ip[ihl + 8:])
    return out


for i, p in enumerate(pcap_packets(os.path.join(RES, "rtp", "dtmf-pcmu-1000hz-with-digit.pcap"), 3)):
    write("RtpPacketFuzzTarget", "pcmu-%d" % i, p)
# CSRC list, a header extension and padding: the parser's length arithmetic
write("RtpPacketFuzzTarget", "csrc-extension-padding",
      bytes([0xB2, 0x80 | 8]) + struct.pack(">HII", 7, 160, 0x1234) + struct.pack(">II", 1, 2)
      + struct.pack(">HH", 0xBEDE, 1) + b"\x10\xAA\x00\x00" + b"\xD5" * 20 + b"\x00\x00\x03")
