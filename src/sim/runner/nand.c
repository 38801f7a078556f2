/* A candidate slot in external SPI NAND (reference-behaviour §7): the scenario's bad blocks and
 * bit errors, the candidate put into the slot through the NAND area as a DFU transport would
 * have written it (set-up: raw access, no operation numbers), and at each boot the area mounted
 * over the application core's port, which the updater then uses (pcd_nand_port). */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "pcd/nand_area.h"
#include "pcd/updater.h"
#include "pcdsim/host_err.h"
#include "runner_internal.h"

struct run_nand_state {
    struct pcd_nand_area area;
    struct pcd_nand_port port;
};

/* ---- the set-up port: raw NAND access of the flash model (fm_load semantics) ---- */

static int ld_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    const struct fm_device_desc *d = fm_dev_desc(ctx, FM_NRF_NAND);
    if (mem != PCD_MEM_NAND || d == NULL || d->size == 0) {
        return PCD_E_UNSUPPORTED;
    }
    *out = (struct pcd_mem_info){d->size, d->page_size, d->write_size, PCD_NO_CPU_ADDR, 0xFF};
    return 0;
}

static int ld_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    for (uint32_t o = off; mem == PCD_MEM_NAND && o < off + len; o += FM_NAND_BLOCK) {
        if (fm_nand_load_erase(ctx, FM_NRF_NAND, o / FM_NAND_BLOCK) != 0) {
            return PCD_E_RANGE;
        }
    }
    return mem == PCD_MEM_NAND ? 0 : PCD_E_UNSUPPORTED;
}

static int ld_read(void *ctx, enum pcd_mem mem, uint32_t page, void *data, void *spare)
{
    return mem == PCD_MEM_NAND && fm_nand_peek_page(ctx, FM_NRF_NAND, page, data, spare) == 0 ? 0 : PCD_E_RANGE;
}

static int ld_program(void *ctx, enum pcd_mem mem, uint32_t page, const void *data, const void *spare)
{
    return mem == PCD_MEM_NAND && fm_nand_load_page(ctx, FM_NRF_NAND, page, data, spare) == 0 ? 0 : PCD_E_RANGE;
}

static const struct pcd_port_ops ld_ops = {
    .mem_info = ld_mem_info, .flash_erase = ld_erase, .nand_read = ld_read, .nand_program = ld_program,
};

/* Oracles look without touching: a mount that leaves blocks a power loss left as they are. */
static int peek_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    (void)ctx, (void)off, (void)len;
    return mem == PCD_MEM_NAND ? 0 : PCD_E_UNSUPPORTED;
}

static const struct pcd_port_ops peek_ops = {
    .mem_info = ld_mem_info, .flash_erase = peek_erase, .nand_read = ld_read,
};

/* The candidate and its request into the slot, through the area. */
static int place_candidate(struct run_state *st, struct pcd_nand_area *a)
{
    static const uint8_t magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                      0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    const struct run_config *cfg = st->cfg;
    const uint32_t size = pcd_nand_area_size(a);
    if (cfg->candidate_len > size) {
        return PCDSIM_E_SCHEMA;
    }
    int rc = pcd_nand_area_erase(a, 0, size);
    if (rc == 0 && cfg->candidate_len > 0u) {
        rc = pcd_nand_area_write(a, 0, cfg->candidate, cfg->candidate_len);
    }
    if (rc == 0 && cfg->request != PCD_SWAP_NONE) {
        rc = pcd_nand_area_write(a, size - PCD_TRAILER_MAGIC_BACK, magic, sizeof(magic));
        if (rc == 0 && cfg->request == PCD_SWAP_PERM) {
            const uint8_t ok = 0x01;
            rc = pcd_nand_area_write(a, size - PCD_TRAILER_IMAGE_OK_BACK, &ok, 1);
        }
    }
    return rc == 0 ? 0 : PCDSIM_E_SCHEMA;
}

int run_nand_setup(struct run_state *st)
{
    const struct run_nand *n = &st->cfg->nand;
    if (!n->on) {
        return 0;
    }
    st->nand = calloc(1, sizeof(*st->nand));
    if (st->nand == NULL) {
        return PCDSIM_E_NOMEM;
    }
    for (unsigned i = 0; i < n->n_factory_bad; i++) {
        if (fm_nand_factory_bad(st->fm, FM_NRF_NAND, n->factory_bad[i]) != 0) {
            return PCDSIM_E_SCHEMA;
        }
    }
    const struct pcd_port ld = {&ld_ops, st->fm};
    struct pcd_nand_area *a = &st->nand->area;
    int rc = pcd_nand_mount(a, &ld, PCD_MEM_NAND, n->first_block, n->n_phys, n->n_logical);
    if (rc == 0 && st->cfg->candidate != NULL) {
        rc = place_candidate(st, a);
    }
    for (unsigned i = 0; rc == 0 && i < n->n_bit_errors; i++) {
        const uint32_t l = n->bit_error_off[i] / FM_NAND_BLOCK;
        const int pb = pcd_nand_area_phys(a, l);
        const uint32_t page = (uint32_t)pb * FM_NAND_PAGES_PER_BLOCK + n->bit_error_off[i] % FM_NAND_BLOCK / FM_NAND_PAGE;
        rc = pb < 0 || fm_nand_bit_errors(st->fm, FM_NRF_NAND, page, n->bit_error_bits[i]) != 0 ? PCDSIM_E_SCHEMA : 0;
    }
    for (unsigned i = 0; rc == 0 && i < n->n_grow_bad; i++) {
        rc = fm_nand_grow_bad(st->fm, FM_NRF_NAND, n->grow_bad[i]) != 0 ? PCDSIM_E_SCHEMA : 0;
    }
    if (rc == 0 && n->fail_ppm != 0u) {
        rc = fm_nand_fail_rate(st->fm, FM_NRF_NAND, n->fail_ppm, st->cfg->seed) != 0 ? PCDSIM_E_SCHEMA : 0;
    }
    return rc == 0 ? 0 : PCDSIM_E_SCHEMA;
}

const struct pcd_port *run_nand_port(struct run_state *st, const struct pcd_port *port, int *rc)
{
    const struct run_nand *n = &st->cfg->nand;
    *rc = 0;
    if (!n->on || st->nand == NULL) {
        return port;
    }
    /* the driver's start: the map rebuilt from the spare areas, leftovers of a power loss cleaned */
    *rc = pcd_nand_mount(&st->nand->area, port, PCD_MEM_NAND, n->first_block, n->n_phys, n->n_logical);
    if (*rc != 0) {
        return NULL;
    }
    pcd_nand_port_init(&st->nand->port, port, &st->nand->area, n->first_block * FM_NAND_BLOCK);
    return &st->nand->port.port;
}

uint8_t *run_nand_slot_copy(struct run_state *st)
{
    const struct run_nand *n = &st->cfg->nand;
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *buf = malloc(st->cfg->upd.slot_size ? st->cfg->upd.slot_size : 1u);
    const struct pcd_port peek = {&peek_ops, st->fm};
    if (a == NULL || buf == NULL || pcd_nand_mount(a, &peek, PCD_MEM_NAND, n->first_block, n->n_phys, n->n_logical) != 0 ||
        pcd_nand_area_read(a, 0, buf, st->cfg->upd.slot_size) == PCD_E_RANGE) {
        free(buf);
        buf = NULL;
    }
    free(a);
    return buf;
}

void run_nand_teardown(struct run_state *st)
{
    free(st->nand);
    st->nand = NULL;
}
