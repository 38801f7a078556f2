#!/bin/sh
# merge_shards.sh PCDSIM SCENARIO WORKDIR CASE: `pcdsim merge` of the shards of one sweep.
#   good:         3 shards, given in any order, merge into the unsharded sweep's CSV and JUnit
#                 (JUnit: wall time aside), exit 0
#   failed:       a shard with a failed branch: exit 1, the branch shown
#   missing | duplicate | other-sweep | mixed | cut-short | not-a-report: refused, exit 2
set -eu
pcdsim=$1; scn=$2; dir=$3; case=$4
mkdir -p "$dir"; cd "$dir"
common="--cuts random:40:3 --tear all --after"
"$pcdsim" sweep "$scn" $common --csv full.csv --junit full.xml > /dev/null
for i in 1 2 3; do "$pcdsim" sweep "$scn" $common --shard $i/3 --csv s$i.csv --junit s$i.xml > /dev/null; done
expect() { # CODE PATTERN ARGS...: merge exits CODE and prints a line matching PATTERN
  code=$1; pat=$2; shift 2; rc=0
  "$pcdsim" merge "$@" > out.txt 2>&1 || rc=$?
  [ "$rc" -eq "$code" ] || { cat out.txt; echo "merge $*: exit $rc, expected $code"; exit 1; }
  grep -Eq -e "$pat" out.txt || { cat out.txt; echo "merge $*: no line matches /$pat/"; exit 1; }
}
case $case in
good)
  expect 0 "^240 passed, 0 failed" s3.csv s1.csv s2.csv --out m.csv
  cmp m.csv full.csv || { echo "merged CSV differs from the unsharded sweep's"; exit 1; }
  expect 0 "^240 passed, 0 failed" s2.xml -o m.xml s1.xml s3.xml
  sed 's/ time="[0-9.]*"//' m.xml > m.notime; sed 's/ time="[0-9.]*"//' full.xml > full.notime
  cmp m.notime full.notime || { echo "merged JUnit differs from the unsharded sweep's"; exit 1; } ;;
failed)
  awk -F, 'NR == 5 { $9 = 0; $10 = "SYS-CONVERGE" } { print }' OFS=, s2.csv > f2.csv
  expect 1 "^239 passed, 1 failed" s1.csv f2.csv s3.csv --out m.csv
  grep -q "^FAIL .*,0,SYS-CONVERGE," out.txt || { cat out.txt; echo "the failed branch is not shown"; exit 1; }
  [ "$(grep -c ',0,SYS-CONVERGE,' m.csv)" -eq 1 ] || { echo "the merged CSV lost the failed branch"; exit 1; } ;;
missing)     expect 2 "missing: shard 2/3" s1.csv s3.csv --out m.csv
             [ ! -e m.csv ] || { echo "a refused merge wrote its output"; exit 1; } ;;
duplicate)   expect 2 "shard 2/3 given twice" s1.csv s2.csv s2.csv ;;
other-sweep) "$pcdsim" sweep "$scn" $common --seed 9 --shard 3/3 --csv o3.csv > /dev/null
             expect 2 "is of another sweep" s1.csv s2.csv o3.csv ;;
mixed)       expect 2 "a JUnit report among CSV ones" s1.csv s2.csv s3.xml ;;
cut-short)   head -n 20 s3.csv > c3.csv; expect 2 "no shard line" s1.csv s2.csv c3.csv
             sed '$d' s3.xml > c3.xml; expect 2 "cut short" s1.xml s2.xml c3.xml ;;
not-a-report) printf 'a,b\n1,2\n' > x.csv; expect 2 "not a sweep CSV report" x.csv ;;
*) echo "unknown case $case"; exit 2 ;;
esac
echo "merge $case: ok"
