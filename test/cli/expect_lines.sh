#!/bin/sh
# expect_lines.sh CODE WANT NOT COMMAND...: run COMMAND, require exit status CODE, a line of its
# output (stdout and stderr) matching WANT and no line matching NOT (both grep -E).
code=$1; want=$2; not=$3; shift 3
out=$("$@" 2>&1); rc=$?
fail() { printf '%s\n' "$out"; echo "FAILED: $*"; exit 1; }
[ "$rc" -eq "$code" ] || fail "expected exit $code, got $rc"
printf '%s\n' "$out" | grep -Eq -e "$want" || fail "no line matches /$want/"
printf '%s\n' "$out" | grep -Eq -e "$not" && fail "a line matches /$not/"
exit 0
