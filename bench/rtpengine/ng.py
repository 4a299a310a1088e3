#!/usr/bin/env python3
"""Minimal rtpengine ng-protocol client (bencode over UDP) for bench/media-load.

  ng.py setup  NG_ADDR CALLS_CSV PAIRS_FILE         offer+answer one call per CALLS_CSV line
                                                    ("CALLER_PORT;CALLEE_PORT;", SIPp -inf format,
                                                    first line SEQUENTIAL) with recording on (RECORD=no:
                                                    off); writes rtp-load's pairs file
  ng.py delete NG_ADDR CALLS                         delete those calls
  ng.py ping   NG_ADDR                               exit 0 when rtpengine answers
  ng.py pcap-count DIR                               RTP packets stored in the pcap recordings under DIR

Written for this project from the protocol description (rtpengine docs: "ng Control Protocol").
"""
import os
import re
import socket
import sys


def benc(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(benc(x) for x in v) + b"e"
    if isinstance(v, dict):
        return b"d" + b"".join(benc(k) + benc(v[k]) for k in sorted(v)) + b"e"
    raise TypeError(type(v))


def bdec(b, i=0):
    c = b[i:i + 1]
    if c == b"i":
        j = b.index(b"e", i)
        return int(b[i + 1:j]), j + 1
    if c == b"l":
        i, out = i + 1, []
        while b[i:i + 1] != b"e":
            x, i = bdec(b, i)
            out.append(x)
        return out, i + 1
    if c == b"d":
        i, out = i + 1, {}
        while b[i:i + 1] != b"e":
            k, i = bdec(b, i)
            v, i = bdec(b, i)
            out[k.decode()] = v
        return out, i + 1
    j = b.index(b":", i)
    n = int(b[i:j])
    return b[j + 1:j + 1 + n], j + 1 + n


class Ng:
    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.dst = (host, int(port))
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.settimeout(2.0)
        self.n = 0

    def cmd(self, d, tries=3):
        self.n += 1
        cookie = b"%d_%d" % (os.getpid(), self.n)
        msg = cookie + b" " + benc(d)
        for _ in range(tries):
            self.s.sendto(msg, self.dst)
            try:
                while True:
                    data, _ = self.s.recvfrom(65535)
                    c, _, body = data.partition(b" ")
                    if c == cookie:
                        r, _ = bdec(body)
                        if r.get("result") not in (b"ok", b"pong"):
                            raise RuntimeError("ng %s: %r" % (d.get("command"), r))
                        return r
            except socket.timeout:
                continue
        raise RuntimeError("ng %s: no answer from %s:%d" % (d.get("command"), *self.dst))


def sdp(port, sess):
    return ("v=0\r\no=- %d 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n" % (sess, port))


def audio_port(s):
    m = re.search(rb"m=audio (\d+)", s)
    if not m:
        raise RuntimeError("no m=audio in %r" % s)
    return int(m.group(1))


def main():
    a = sys.argv[1:]
    if not a:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if a[0] == "ping":
        Ng(a[1]).cmd({"command": "ping"}, tries=1)
        return
    if a[0] == "setup":
        ng, out = Ng(a[1]), a[3]
        ports = [tuple(int(x) for x in l.split(";")[:2]) for l in open(a[2]) if l[:1].isdigit()]
        rec = os.environ.get("RECORD", "yes")  # RECORD=no: forwarding only, to see what recording costs
        with open(out, "w") as f:
            for i, (caller, callee) in enumerate(ports):
                cid, ft, tt = "bench-%d" % i, "ft%d" % i, "tt%d" % i
                o = ng.cmd({"command": "offer", "call-id": cid, "from-tag": ft, "sdp": sdp(caller, i),
                            "record call": rec, "ICE": "remove"})
                r = ng.cmd({"command": "answer", "call-id": cid, "from-tag": ft, "to-tag": tt,
                            "sdp": sdp(callee, i), "record call": rec, "ICE": "remove"})
                # offer's SDP goes to the callee: its port is where the callee sends; answer's to the caller
                f.write("%d %d %d %d\n" % (caller, callee, audio_port(r["sdp"]), audio_port(o["sdp"])))
        return
    if a[0] == "delete":
        ng, calls = Ng(a[1]), int(a[2])
        for i in range(calls):
            try:
                ng.cmd({"command": "delete", "call-id": "bench-%d" % i, "from-tag": "ft%d" % i})
            except RuntimeError as e:
                print(e, file=sys.stderr)
        return
    if a[0] == "pcap-count":
        total = files = 0
        for dp, _, fs in os.walk(a[1]):
            for fn in fs:
                if not fn.endswith(".pcap"):
                    continue
                files += 1
                with open(os.path.join(dp, fn), "rb") as f:
                    b = f.read()
                le = b[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
                i = 24
                while i + 16 <= len(b):
                    incl = int.from_bytes(b[i + 8:i + 12], "little" if le else "big")
                    i += 16 + incl
                    if i <= len(b):
                        total += 1
        print(total, files)
        return
    print(__doc__, file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
