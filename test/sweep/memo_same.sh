#!/bin/sh
# memo_same.sh PCDSIM WORKDIR SCENARIO ARGS...: the sweep gives the same branches, outcomes,
# verdicts, evidence and device times with the SHA-256 memo off, on and in check mode (its CSV and
# JUnit reports, wall time aside, are identical).
set -eu
pcdsim=$1; dir=$2; scn=$3; shift 3
mkdir -p "$dir"
for m in off on check; do
  rc=0
  "$pcdsim" sweep "$scn" "$@" --hash-memo $m --csv "$dir/$m.csv" --junit "$dir/$m.xml" > "$dir/$m.out" || rc=$?
  echo "$rc" > "$dir/$m.rc"
  sed 's/ time="[0-9.]*"//' "$dir/$m.xml" > "$dir/$m.junit"
done
for m in on check; do
  cmp "$dir/off.rc" "$dir/$m.rc" || { echo "exit codes differ: memo off $(cat "$dir/off.rc"), $m $(cat "$dir/$m.rc")"; exit 1; }
  cmp "$dir/off.csv" "$dir/$m.csv" || { echo "CSV differs between memo off and $m"; exit 1; }
  cmp "$dir/off.junit" "$dir/$m.junit" || { echo "JUnit differs between memo off and $m"; exit 1; }
done
grep -E "^hash memo check: [1-9][0-9]* digests recomputed and compared, 0 mismatch" "$dir/check.out" ||
  { cat "$dir/check.out"; echo "check mode compared nothing or found a mismatch"; exit 1; }
echo "memo off, on and check agree on $(($(wc -l < "$dir/off.csv") - 1)) branches"
