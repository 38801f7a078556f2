#!/bin/sh
# counter_write_cuts.sh PCDSIM SCENARIO: power cuts (before, every tear, right after) at the last
# three flash operations of SCENARIO's reference run -- for scenarios/multi/net-counter-updated.yaml
# the network core's last boot writing NSIB's version counter slot is the last operation -- and
# every branch must pass (expect.net_counter included: a cut write is written again at the next
# boot, the counter never lowered; docs/SPEC.md 7.4).
pcdsim=$1; scn=$2
n=$("$pcdsim" sweep "$scn" --cuts list:0 2>&1 | sed -n 's/^reference run: \([0-9]*\) flash operations.*/\1/p')
[ -n "$n" ] && [ "$n" -ge 3 ] || { echo "FAILED: no reference run"; exit 1; }
out=$("$pcdsim" sweep "$scn" --cuts "list:$((n - 3)),$((n - 2)),$((n - 1))" --tear all --after 2>&1); rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 0 ] || { echo "FAILED: exit $rc"; exit 1; }
printf '%s\n' "$out" | grep -Eq '^18 passed, 0 failed$' || { echo "FAILED: not 18 passing branches"; exit 1; }
