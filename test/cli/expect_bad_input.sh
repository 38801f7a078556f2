#!/bin/sh
# expect_bad_input.sh CODE WORKDIR MKDIR PATTERN... -- COMMAND...
# The bad-input contract (docs/FUZZING.md): run COMMAND inside WORKDIR (emptied first; MKDIR is
# "-" or the name of a directory to create there, e.g. to make an output file unwritable), and
# require exit status CODE, a line of its output (stdout + stderr) matching each PATTERN
# (grep -E), and WORKDIR to hold afterwards exactly what it held before: no output file and no
# partial file (*.part~) left behind.
code=$1; wd=$2; pre=$3; shift 3
pats=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  pats="$pats$1
"
  shift
done
[ "${1:-}" = "--" ] || { echo "expect_bad_input.sh: no -- before the command"; exit 2; }
shift
rm -rf "$wd" && mkdir -p "$wd" || exit 2
[ "$pre" = "-" ] || mkdir "$wd/$pre" || exit 2
before=$(cd "$wd" && find . | sort)
out=$(cd "$wd" && "$@" 2>&1); rc=$?
after=$(cd "$wd" && find . | sort)
fail() { printf '%s\n' "$out"; echo "FAILED: $*"; echo "command: $*" >/dev/null; exit 1; }
[ "$rc" -eq "$code" ] || fail "expected exit $code, got $rc"
if ! printf '%s' "$pats" | {
  ok=0
  while IFS= read -r p; do
    printf '%s\n' "$out" | grep -Eq -e "$p" || { echo "no line matches /$p/"; ok=1; }
  done
  exit $ok
}; then
  fail "pattern(s) not found"
fi
[ "$before" = "$after" ] || fail "files left behind in $wd: $(printf '%s\n' "$after" | grep -vxF "$before" | tr '\n' ' ')"
exit 0
