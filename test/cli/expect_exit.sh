#!/bin/sh
# expect_exit.sh CODE PATTERN COMMAND...: run COMMAND, require exit status CODE and, unless PATTERN
# is "-", a line of its output (stdout and stderr) matching PATTERN (grep -E).
code=$1; pattern=$2; shift 2
out=$("$@" 2>&1); rc=$?
if [ "$rc" -ne "$code" ]; then
  printf '%s\n' "$out"; echo "expected exit $code, got $rc: $*"; exit 1
fi
if [ "$pattern" != "-" ] && ! printf '%s\n' "$out" | grep -Eq -e "$pattern"; then
  printf '%s\n' "$out"; echo "no line matches /$pattern/: $*"; exit 1
fi
exit 0
