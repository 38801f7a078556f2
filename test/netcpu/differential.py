#!/usr/bin/env python3
"""Differential check of the network core as a binary (docs/DESIGN.md, "The network core as a
binary"): each scenario runs twice, with the host-compiled B0N and with a B0N binary on the
emulated Cortex-M33 (pcdsim run --net-binary), and must give
  - the same exit status and the same verdicts (id and outcome; expect.log and net_binary aside:
    the binary has no log sink, and only the binary run has a net_binary verdict);
  - the same network-core events in the same order, with their operation numbers: page erases,
    PCD block writes (the answer words), ACL locks, milestones, signal, stop, jump, bus faults
    (device times aside: the binary's instructions take time, the host B0N's do not).
Equal erase and write sequences at equal operation numbers, equal answers and equal
SYS-POWER-SAFE / SYS-NO-STRAY-WRITE / B0N-DST-SHA verdicts mean the same flash contents.
A milestone the bus does not show is left out of the event comparison: B0N's "source verified"
when no flash operation follows it (the binary's milestones are inferred from its bus accesses).
A scenario given as verdicts:FILE is compared on exit status and verdicts only: its events depend
on device time (a timeout shorter than the copy: the binary's instructions take time) or on the
port (stuck bits: the nRF5340 port reads each word back and fails at the first, the host port
leaves that to B0N's read-back of the whole destination).
usage: differential.py PCDSIM B0N_BINARY [verdicts:]SCENARIO...   (exit 0 all equal, 1 a difference)"""
import json
import re
import subprocess
import sys
import tempfile

VERDICT = re.compile(r"^\s+(pass|FAIL|XFAIL|XPASS)\s+(\S+)\s")
KINDS = {"erase", "pcd_write", "acl_lock", "trace", "signal", "stop", "boot", "bus_fault"}
SKIP = {"expect.log", "net_binary"}


def run(pcdsim, scenario, extra):
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as t:
        p = subprocess.run([pcdsim, "run", "--verbose", "--trace", t.name, scenario] + extra,
                           capture_output=True, text=True, timeout=600)
        verdicts = [m.groups() for m in map(VERDICT.match, p.stdout.splitlines()) if m and m.group(2) not in SKIP]
        events = []
        for line in open(t.name):
            e = json.loads(line)
            if e.get("core") == "net" and e.get("kind") in KINDS:
                events.append((e["kind"], e["arg"], e["addr"], e["op"]))
        events = [e for i, e in enumerate(events) if not (e[0] == "trace" and e[1] == 11 and (
            i + 1 == len(events) or events[i + 1][0] not in ("erase", "bus_fault")))]
        return p.returncode, verdicts, events, p.stdout + p.stderr


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    pcdsim, binary, scenarios = sys.argv[1], sys.argv[2], sys.argv[3:]
    bad = 0
    for s in scenarios:
        events_too = not s.startswith("verdicts:")
        s = s[len("verdicts:"):] if not events_too else s
        ref = run(pcdsim, s, [])
        cand = run(pcdsim, s, ["--net-binary", binary])
        diffs = []
        if ref[0] != cand[0]:
            diffs.append("exit %d (host B0N) vs %d (binary)" % (ref[0], cand[0]))
        if ref[1] != cand[1]:
            diffs.append("verdicts differ:\n  host   %s\n  binary %s" % (ref[1], cand[1]))
        if events_too and ref[2] != cand[2]:
            k = next((i for i, (a, b) in enumerate(zip(ref[2], cand[2])) if a != b), min(len(ref[2]), len(cand[2])))
            diffs.append("network-core events differ at #%d of %d/%d: host %s, binary %s" % (
                k, len(ref[2]), len(cand[2]), ref[2][k] if k < len(ref[2]) else None,
                cand[2][k] if k < len(cand[2]) else None))
        if ref[0] not in (0, 1):
            diffs.append("the host run did not run (exit %d):\n%s" % (ref[0], ref[3][-2000:]))
        print("%s %s (%d verdicts, %d network-core events)" % ("SAME" if not diffs else "DIFF", s, len(ref[1]),
                                                               len(ref[2])))
        for d in diffs:
            print("  " + d)
        bad += bool(diffs)
    print("%d scenario(s), %d with a difference" % (len(scenarios), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
