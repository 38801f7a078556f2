/* The gate's NAND slots (gate_nand.h): the same checks and mapping as a scenario's board.nand. */
#include "gate_nand.h"

#include <stdio.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "pcdsim/host_err.h"
#include "pcdsim/scenario.h"

/* The NAND's size: up to the end of the layout's last NAND slot, in blocks. */
static uint64_t nand_end(const struct pcdsim_update_layout *ul)
{
    const struct pcdsim_slot *sl[2] = {&ul->secondary, &ul->secondary_1};
    uint64_t end = 0;
    for (unsigned i = 0; i < 2u; i++) {
        if (sl[i]->present && sl[i]->medium == PCDSIM_SLOT_NAND && (uint64_t)sl[i]->address + sl[i]->size > end) {
            end = (uint64_t)sl[i]->address + sl[i]->size;
        }
    }
    return end;
}

int gate_nand_slot(struct run_config *c, const struct pcdsim_update_layout *ul, const struct pcdsim_slot *s,
                   const char *name, enum run_nand_which w, uint32_t spares, uint32_t *offer)
{
    struct pcdsim_scn_nand nd;
    memset(&nd, 0, sizeof(nd));
    const uint64_t blocks = (nand_end(ul) + FM_NAND_BLOCK - 1u) / FM_NAND_BLOCK;
    nd.present = true;
    nd.blocks = blocks > FM_NAND_W25N01GV_BLOCKS ? FM_NAND_W25N01GV_BLOCKS : (uint32_t)blocks;
    nd.spare_blocks = spares;
    if (blocks > FM_NAND_W25N01GV_BLOCKS || pcdsim_scn_nand_slot_offer(&nd, s->address, s->size, offer) != 0) {
        fprintf(stderr,
                "pcdsim gate: %s (0x%x, size 0x%x) is in the SPI NAND (device '%s') but is not a run of whole 128 KiB "
                "blocks inside the W25N01GV's %u blocks with more than %u of them (at most 64): the NAND area keeps %u "
                "spare blocks per slot (--nand-spares)\n",
                name, (unsigned)s->address, (unsigned)s->size, s->device, (unsigned)FM_NAND_W25N01GV_BLOCKS,
                (unsigned)spares, (unsigned)spares);
        return PCDSIM_E_LAYOUT;
    }
    c->soc.board.nand_blocks = nd.blocks;
    c->nand.on = true;
    c->nand.slot[w] = (struct run_nand_slot){true, s->address / FM_NAND_BLOCK, s->size / FM_NAND_BLOCK,
                                             *offer / FM_NAND_BLOCK};
    return 0;
}
