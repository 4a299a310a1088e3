#!/usr/bin/env python3
"""Joins the SIPp logs of bench/rtp-load/sipp/uac-media.xml and uas-media.xml into rtp-load's pairs file.

  sipp-pairs.py UAC_LOG UAS_LOG PAIRS_OUT  -> prints "calls relay_address" (exit 1 when a call is unmatched)

UAC log line: UAC caller_port callee_port relay_caller_port relay_ip (...)
UAS log line: UAS callee_port relay_callee_port relay_ip (...)
Calls are joined on the callee port, so arrival order at the callee does not matter.
"""
import sys


def rows(path, tag):
    out = []
    for line in open(path, errors="replace"):
        f = line.split()
        if len(f) >= 4 and f[0] == tag:
            out.append(f[1:])
    return out


uac, uas, dst = sys.argv[1:4]
callee_side = {}
for cport, rport, rip, *_ in rows(uas, "UAS"):
    callee_side[int(cport)] = (int(rport), rip)
pairs, ips, missing = [], set(), 0
for caller, callee, rport, rip, *_ in rows(uac, "UAC"):
    other = callee_side.get(int(callee))
    if other is None:
        missing += 1
        continue
    pairs.append((int(caller), int(callee), int(rport), other[0]))
    ips.update((rip, other[1]))
with open(dst, "w") as f:
    for p in pairs:
        f.write("%d %d %d %d\n" % p)
if len(ips) > 1:
    print("sipp-pairs: more than one relay address: %s" % sorted(ips), file=sys.stderr)
    sys.exit(1)
print(len(pairs), ips.pop() if ips else "-")
sys.exit(1 if missing else 0)
