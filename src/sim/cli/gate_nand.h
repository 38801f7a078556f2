/* The gate's secondary slots in SPI NAND (reference-behaviour §7, seed 2): a layout whose
 * mcuboot_secondary / mcuboot_secondary_1 live on a NAND device (docs/LAYOUT.md) is run with a
 * W25N01GV fitted up to the end of those slots, each slot a NAND area keeping --nand-spares of its
 * blocks as spares, exactly as a scenario with board.nand runs it. */
#ifndef PCDSIM_CLI_GATE_NAND_H
#define PCDSIM_CLI_GATE_NAND_H

#include <stdint.h>

#include "pcdsim/layout.h"
#include "pcdsim/runner.h"

/**
 * @brief Map layout slot @p s (in the NAND) as run slot @p w of @p c: the NAND fitted (enough blocks
 *        for every NAND slot of @p ul), the slot's area, the memory PCD_MEM_NAND.
 * @param c the run configuration (soc.board.nand_blocks, nand)
 * @param ul the update layout (every NAND slot counts for the NAND's size)
 * @param s the slot, medium PCDSIM_SLOT_NAND
 * @param name its partition name, for the message
 * @param w which run slot it is
 * @param spares blocks of each NAND slot its area keeps as spares (1..63)
 * @param[out] offer the bytes the slot offers (its blocks less the spares)
 * @retval 0 mapped
 * @retval PCDSIM_E_LAYOUT not a run of whole 128 KiB blocks with more than @p spares of them (at
 *         most 64), or past the W25N01GV's 1024 blocks; the reason printed on stderr
 */
int gate_nand_slot(struct run_config *c, const struct pcdsim_update_layout *ul, const struct pcdsim_slot *s,
                   const char *name, enum run_nand_which w, uint32_t spares, uint32_t *offer);

#endif
