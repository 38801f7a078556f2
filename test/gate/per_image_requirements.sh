#!/bin/sh
# per_image_requirements.sh OUTDIR PCDSIM GATE-ARGS...: run a batch gate with --junit and --html and
# require each requirement verdict of the batch items to name its image (gate_images.c): an image-1
# B0N verdict, an image-0 MI-VALIDATE-ALL verdict (the batch with its application half corrupted),
# MI-ORDER about the batch, in the text report, the JUnit file and the HTML page.
dir=$1; pcdsim=$2; shift 2
mkdir -p "$dir" || exit 1
out=$("$pcdsim" gate "$@" --junit "$dir/gate.xml" --html "$dir/gate.html" 2>&1); rc=$?
fail() { printf '%s\n' "$out"; echo "FAILED: $*"; exit 1; }
[ "$rc" -eq 0 ] || fail "expected exit 0, got $rc"
line() { printf '%s\n' "$out" | grep -Eq -e "$1" || fail "no report line matches /$1/"; }
line '^  pass  B0N-COPY +.*; per image: 1 \(network core\) pass$'
line '^  pass  MI-VALIDATE-ALL +.*; per image: 0 \(application\) pass, batch pass$'
line '^  pass  MI-ORDER +.*; per image: batch pass$'
line '^  pass  APP-HASH +.*; per image: 1 \(network core\) pass$'
grep -Eq '<testcase classname="gate.requirement" name="B0N-COPY"><properties><property name="image 1 \(network core\)" value="pass"/></properties>' \
    "$dir/gate.xml" || fail "JUnit: B0N-COPY has no image-1 property"
grep -Eq '<testcase classname="gate.requirement" name="MI-VALIDATE-ALL"><properties><property name="image 0 \(application\)" value="pass"/>' \
    "$dir/gate.xml" || fail "JUnit: MI-VALIDATE-ALL has no image-0 property"
grep -Eq '<td>B0N-COPY</td><td>[^<]*<br>per image: 1 \(network core\) pass</td>' "$dir/gate.html" ||
    fail "HTML: B0N-COPY row names no image"
exit 0
