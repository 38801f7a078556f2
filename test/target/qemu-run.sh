#!/usr/bin/env bash
# Run a Cortex-M33 test program under QEMU (mps2-an505): the CMAKE_CROSSCOMPILING_EMULATOR of
# the cross build. Arguments after the program go to it through semihosting; its exit status
# becomes this script's (-semihosting-config target=native). No display, no serial port, no
# monitor: output is semihosting stdout.
#   qemu-run.sh PROGRAM.elf [ARG...]
set -euo pipefail
prog=$1
shift
sh_args="enable=on,target=native,arg=$(basename "$prog")"
for a in "$@"; do
  sh_args+=",arg=$a"
done
exec qemu-system-arm -M mps2-an505 -nographic -monitor none -serial none \
  -semihosting-config "$sh_args" -kernel "$prog"
