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
    struct pcd_nand_area area[2]; /* indexed by enum run_nand_which */
    struct pcd_nand_port port;
};

static int mount_slot(struct pcd_nand_area *a, const struct pcd_port *p, const struct run_nand_slot *s)
{
    return pcd_nand_mount(a, p, PCD_MEM_NAND, s->first_block, s->n_phys, s->n_logical);
}

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

/* A candidate and its request into its slot, through the area. */
static int place_candidate(struct pcd_nand_area *a, const uint8_t *data, uint32_t len, enum pcd_swap_type request)
{
    static const uint8_t magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                      0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    const uint32_t size = pcd_nand_area_size(a);
    if (len > size) {
        return PCDSIM_E_SCHEMA;
    }
    int rc = pcd_nand_area_erase(a, 0, size);
    if (rc == 0 && len > 0u) {
        rc = pcd_nand_area_write(a, 0, data, len);
    }
    if (rc == 0 && request != PCD_SWAP_NONE) {
        rc = pcd_nand_area_write(a, size - PCD_TRAILER_MAGIC_BACK, magic, sizeof(magic));
        if (rc == 0 && request == PCD_SWAP_PERM) {
            const uint8_t ok = 0x01;
            rc = pcd_nand_area_write(a, size - PCD_TRAILER_IMAGE_OK_BACK, &ok, 1);
        }
    }
    return rc == 0 ? 0 : PCDSIM_E_SCHEMA;
}

/* Slot @p w's area mounted over the set-up port and its candidate placed (none for a download's
 * slots: the application writes them). */
static int setup_slot(struct run_state *st, const struct pcd_port *ld, enum run_nand_which w)
{
    const struct run_config *cfg = st->cfg;
    struct pcd_nand_area *a = &st->nand->area[w];
    int rc = mount_slot(a, ld, &cfg->nand.slot[w]);
    if (rc != 0 || cfg->dl.registered) {
        return rc;
    }
    if (w == RUN_NAND_CAND && cfg->candidate != NULL) {
        rc = place_candidate(a, cfg->candidate, cfg->candidate_len, cfg->request);
    } else if (w == RUN_NAND_APP && cfg->batch.app != NULL) {
        rc = place_candidate(a, cfg->batch.app, cfg->batch.app_len, cfg->batch.app_request);
    }
    return rc;
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
    int rc = 0;
    for (int w = RUN_NAND_CAND; rc == 0 && w <= RUN_NAND_APP; w++) {
        rc = n->slot[w].on ? setup_slot(st, &ld, (enum run_nand_which)w) : 0;
    }
    for (unsigned i = 0; rc == 0 && i < n->n_bit_errors; i++) {
        const uint8_t w = n->bit_error_slot[i];
        const uint32_t l = n->bit_error_off[i] / FM_NAND_BLOCK;
        const int pb = w < 2u && n->slot[w].on ? pcd_nand_area_phys(&st->nand->area[w], l) : -1;
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
    bool first = true;
    *rc = 0;
    if (!n->on || st->nand == NULL) {
        return port;
    }
    /* the driver's start: each map rebuilt from the spare areas, leftovers of a power loss cleaned */
    for (int w = RUN_NAND_CAND; w <= RUN_NAND_APP; w++) {
        const struct run_nand_slot *s = &n->slot[w];
        if (!s->on) {
            continue;
        }
        if ((*rc = mount_slot(&st->nand->area[w], port, s)) != 0) {
            return NULL;
        }
        if (first) {
            pcd_nand_port_init(&st->nand->port, port, &st->nand->area[w], s->first_block * FM_NAND_BLOCK);
            first = false;
        } else if ((*rc = pcd_nand_port_add(&st->nand->port, &st->nand->area[w], s->first_block * FM_NAND_BLOCK)) != 0) {
            return NULL;
        }
    }
    return &st->nand->port.port;
}

uint8_t *run_nand_slot_copy(struct run_state *st, enum run_nand_which w)
{
    const struct run_nand_slot *s = &st->cfg->nand.slot[w];
    const uint32_t size = s->n_logical * FM_NAND_BLOCK;
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *buf = malloc(size ? size : 1u);
    const struct pcd_port peek = {&peek_ops, st->fm};
    if (!s->on || a == NULL || buf == NULL || mount_slot(a, &peek, s) != 0 ||
        pcd_nand_area_read(a, 0, buf, size) == PCD_E_RANGE) {
        free(buf);
        buf = NULL;
    }
    free(a);
    return buf;
}

bool run_nand_uncorrectable(const struct run_config *cfg, enum run_nand_which w, uint32_t len)
{
    const struct run_nand *n = &cfg->nand;
    for (unsigned i = 0; n->slot[w].on && i < n->n_bit_errors; i++) {
        if (n->bit_error_slot[i] == (uint8_t)w && n->bit_error_bits[i] > FM_NAND_ECC_BITS && n->bit_error_off[i] < len) {
            return true;
        }
    }
    return false;
}

void run_nand_teardown(struct run_state *st)
{
    free(st->nand);
    st->nand = NULL;
}
