#!/bin/sh
# ncs_contrast.sh PCDSIM SCENARIO: the contrast of an NCS-profile scenario (docs/NCS-PROFILE.md).
# The scenario itself (profile: ncs) passes when the hazard is reproduced: the verdicts it lists
# as `fail` fail. Here the same situation runs on the reference code (--profile reference): every
# verdict must pass (exit 0), and each id the scenario expects to fail under NCS must have been
# judged -- and passed -- on the reference too, so that the contrast is about the same checks.
pcdsim=$1; scn=$2
ids=$(sed -n 's/^ *verdicts: *{\(.*\)}.*$/\1/p' "$scn" | tr ',' '\n' | sed -n 's/^ *\([A-Z0-9-]*\): *fail *$/\1/p')
if [ -z "$ids" ]; then
  echo "$scn: no 'verdicts: {ID: fail}' expectations: not an NCS hazard scenario"; exit 1
fi
out=$("$pcdsim" run --profile reference "$scn"); rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ]; then
  echo "CONTRAST FAILED: the reference does not pass every verdict of $scn (exit $rc)"; exit 1
fi
for id in $ids; do
  if ! printf '%s\n' "$out" | grep -Eq "^  pass +$id "; then
    echo "CONTRAST FAILED: $id (expected to fail under NCS) was not judged as passing on the reference"; exit 1
  fi
  echo "contrast: $id fails under profile ncs, passes on the reference"
done
