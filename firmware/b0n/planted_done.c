/*
 * A B0N with a planted bug, for the binary-in-the-loop tests only (test/target/CMakeLists.txt,
 * netcpu.planted-bug; never shipped): it answers every COPY command with DONE at once, without
 * copying, let alone reading the copy back. The conformance suite must fail it (the partition
 * does not hold the new image: SYS-POWER-SAFE, B0N-DST-SHA). Linked with B0N's startup and
 * linker script, so the image is a B0N image for 0x01000000 in every other respect.
 */
#include <stdint.h>

#include "pcd/cmd.h"
#include "pcd/ncs_defaults.h"

int main(void);

int main(void)
{
    volatile uint32_t *block = (volatile uint32_t *)(uintptr_t)PCD_NCS_PCD_SRAM_ADDR;
    if (block[PCD_CMD_OFF_MAGIC / 4u] == PCD_CMD_MAGIC_COPY) {
        block[PCD_CMD_OFF_REASON / 4u] = 0u;
        block[PCD_CMD_OFF_MAGIC / 4u] = PCD_CMD_MAGIC_DONE; /* the bug: no copy, no read-back */
    }
    for (;;) {
        __asm volatile("wfe");
    }
}
