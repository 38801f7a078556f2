#!/bin/sh
# root_cause_first.sh PCDSIM WORKDIR BYTES UPDATE GATE-ARGS...: run `pcdsim gate` on UPDATE (its
# first BYTES bytes unless BYTES is "-", written to WORKDIR) and require what an update MCUboot
# refuses must give: exit 1, the refusal as the first battery line ("FAIL  MCUboot accepts the
# update  ROOT CAUSE: ...: byte offset N ..."), no other battery item failed (those that need the update are not
# run: "----"), and never "success" as the evidence of a failed item.
pcdsim=$1; wd=$2; bytes=$3; upd=$4; shift 4
mkdir -p "$wd" || exit 2
if [ "$bytes" != "-" ]; then
  head -c "$bytes" "$upd" > "$wd/update.bin" || exit 2
  upd=$wd/update.bin
fi
out=$("$pcdsim" gate --net-update "$upd" "$@" 2>&1); rc=$?
fail() { printf '%s\n' "$out"; echo "FAILED: $*"; exit 1; }
[ "$rc" -eq 1 ] || fail "expected exit 1, got $rc"
first=$(printf '%s\n' "$out" | sed -n '/^battery:/{n;p;q}')
printf '%s\n' "$first" | grep -Eq '^  FAIL  MCUboot accepts the update +ROOT CAUSE: MCUboot refuses it \(PCD_E_IMG_[A-Z_]+\): .*: byte offset [0-9]+ ' ||
  fail "the first battery line is not the root cause: $first"
n=$(printf '%s\n' "$out" | sed -n '/^battery:/,/^requirements:/p' | grep -c '^  FAIL ')
[ "$n" -eq 1 ] || fail "$n failed battery items: the refusal must be the only one (the rest not run or passing)"
printf '%s\n' "$out" | grep -Eq '^  FAIL .* success$' && fail "a failed item whose evidence is 'success'"
printf '%s\n' "$out" | grep -Eq '^  PASS  the update would boot' && fail "'would boot' passed for an update MCUboot refuses"
exit 0
