#!/bin/sh
# doc_coverage.sh PCDSIM SOURCE_DIR: docs/COVERAGE.md must be what `pcdsim coverage --markdown`
# prints today (regenerate with: ci/coverage-doc).
pcdsim=$1; src=$2
expected=$(cd "$src" && "$pcdsim" coverage --markdown --tests test scenarios) || { echo "pcdsim coverage failed"; exit 1; }
actual=$(sed -n '/^| requirement/,$p' "$src/docs/COVERAGE.md")
if [ "$expected" != "$actual" ]; then
  echo "docs/COVERAGE.md is out of date; run ci/coverage-doc"; 
  printf '%s\n' "$expected" > /tmp/coverage.expected.$$; printf '%s\n' "$actual" | diff - /tmp/coverage.expected.$$; rm -f /tmp/coverage.expected.$$
  exit 1
fi
