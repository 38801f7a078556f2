#!/bin/sh
# size_report.sh SIZE LIB ELF OUT: the size of libnrf5dfu.a per object and of the link check, and
# the largest stack frames of the link-time unit (-fstack-usage writes ELF.ltrans*.su).
size=$1; lib=$2; elf=$3; out=$4
{
  "$size" -t "$lib"
  "$size" "$elf"
  echo "largest stack frames, bytes (-fstack-usage of the LTO unit):"
  sort -t "$(printf '\t')" -k2 -n "$elf".ltrans*.su 2>/dev/null | tail -n 6 | sed 's|.*/||'
} > "$out" && cat "$out"
