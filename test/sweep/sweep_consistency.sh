#!/bin/sh
# sweep_consistency.sh PCDSIM SCENARIO WORKDIR: the same sweep gives the same results whatever the
# number of jobs, and two shards together are the whole sweep.
set -eu
pcdsim=$1; scn=$2; dir=$3
mkdir -p "$dir"
common="--cuts random:300:7 --tear all --after"
"$pcdsim" sweep "$scn" $common --jobs 1 --csv "$dir/j1.csv" > "$dir/j1.out"
"$pcdsim" sweep "$scn" $common --jobs 2 --csv "$dir/j2.csv" > "$dir/j2.out"
cmp "$dir/j1.csv" "$dir/j2.csv" || { echo "--jobs 1 and --jobs 2 differ"; exit 1; }
"$pcdsim" sweep "$scn" $common --jobs 2 --shard 1/2 --csv "$dir/s1.csv" > /dev/null
"$pcdsim" sweep "$scn" $common --jobs 1 --shard 2/2 --csv "$dir/s2.csv" > /dev/null
{ tail -n +2 "$dir/s1.csv"; tail -n +2 "$dir/s2.csv"; } | grep -v "^#" | sort > "$dir/shards.sorted"
tail -n +2 "$dir/j1.csv" | grep -v "^#" | sort > "$dir/full.sorted"
cmp "$dir/shards.sorted" "$dir/full.sorted" || { echo "shards 1/2 + 2/2 differ from the whole sweep"; exit 1; }
lines=$(wc -l < "$dir/full.sorted")
[ "$lines" -eq 1800 ] || { echo "expected 1800 branches (300 points x 6 cuts), got $lines"; exit 1; }
echo "jobs and shards consistent over $lines branches"
