/* Shared set-up of the PCD / B0N / updater tests. */
#include "pcd_test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

const char *pt_fixture(char *buf, unsigned size, const char *rel)
{
    snprintf(buf, size, "%s/fixtures/%s", PCDSIM_SHARED_DIR, rel);
    return buf;
}

uint8_t *pt_read(const char *rel, uint32_t *len)
{
    char path[1024];
    uint8_t *b = tp_read_file(pt_fixture(path, sizeof(path), rel), len);
    if (b == NULL) {
        fail_msg("cannot read fixture %s", path);
    }
    return b;
}

uint32_t pt_load(struct pt_env *e, int dev, uint32_t off, const char *rel)
{
    char path[1024];
    uint32_t len = 0;
    int rc = tp_load_file(&e->tp, dev, off, pt_fixture(path, sizeof(path), rel), &len);
    if (rc != 0) {
        fail_msg("cannot load %s: %s", path, fm_strerror(rc));
    }
    return len;
}

void pt_sha(const void *buf, uint32_t len, uint8_t out[PCD_SHA256_LEN])
{
    assert_int_equal(tp_sha256_buf(buf, len, out), 0);
}

void pt_sha_dev(struct pt_env *e, int dev, uint32_t off, uint32_t len, uint8_t out[PCD_SHA256_LEN])
{
    assert_int_equal(tp_sha256_region(&e->tp, dev, off, len, out), 0);
}

static void load_key(struct pcdsim_key *k, const char *rel)
{
    char path[1024];
    int rc = pcdsim_key_load_pem(pt_fixture(path, sizeof(path), rel), k, NULL);
    if (rc != 0) {
        fail_msg("cannot load key %s (%d)", path, rc);
    }
}

/* A recognisable stand-in for B0N + provision in the container, so any write shows. */
static void fill_container(struct pt_env *e)
{
    static uint8_t pattern[PT_NET_APP_OFF];
    for (uint32_t i = 0; i < sizeof(pattern); i++) {
        pattern[i] = (uint8_t)(i * 7u + (i >> 8) + 0x5Au);
    }
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, 0, pattern, sizeof(pattern)), 0);
    pt_sha(pattern, sizeof(pattern), e->container_sha);
}

struct pt_env *pt_env_new(enum pt_slot slot)
{
    struct pt_env *e = calloc(1, sizeof(*e));
    assert_non_null(e);
    assert_int_equal(tp_sys_init(&e->tp, NULL, 0x5eed), 0);
    fill_container(e);
    pt_load(e, FM_NRF_NET_FLASH, PT_NET_APP_OFF, FX_RAW_NET_V1);
    load_key(&e->ecdsa, "keys/ecdsa-p256.pub.pem");
    load_key(&e->ed25519, "keys/ed25519.pub.pem");
    e->keys[0] = e->ecdsa.key;
    e->keys[1] = e->ed25519.key;
    pcd_updater_config_default(&e->ucfg);
    e->ucfg.keys = e->keys;
    e->ucfg.key_count = 2;
    if (slot == PT_SLOT_QSPI) {
        e->ucfg.slot_mem = PCD_MEM_QSPI;
        e->ucfg.slot_off = PT_QSPI_SLOT_OFF;
        e->ucfg.slot_size = PT_QSPI_SLOT_SIZE;
    } else {
        e->ucfg.slot_mem = PCD_MEM_APP_FLASH;
        e->ucfg.slot_off = PT_INT_SLOT_OFF;
        e->ucfg.slot_size = PT_INT_SLOT_SIZE;
    }
    return e;
}

void pt_env_free(struct pt_env *e)
{
    if (e == NULL) {
        return;
    }
    pcdsim_key_free(&e->ecdsa);
    pcdsim_key_free(&e->ed25519);
    tp_sys_fini(&e->tp);
    free(e);
}

uint32_t pt_put_candidate(struct pt_env *e, const char *rel, bool permanent)
{
    const int dev = e->ucfg.slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
    uint32_t len = pt_load(e, dev, e->ucfg.slot_off, rel);
    assert_int_equal(tp_request_upgrade(&e->tp, dev, e->ucfg.slot_off, e->ucfg.slot_size, permanent), 0);
    return len;
}

uint32_t pt_put_body(struct pt_env *e, uint32_t bus_addr, const char *signed_rel)
{
    uint32_t len = 0;
    uint8_t *img = pt_read(signed_rel, &len);
    const uint32_t img_size = (uint32_t)img[12] | ((uint32_t)img[13] << 8) | ((uint32_t)img[14] << 16) |
                              ((uint32_t)img[15] << 24);
    assert_true(PT_HDR + img_size <= len);
    int dev;
    uint32_t off;
    if (bus_addr >= FM_NRF_APP_SRAM_BASE) {
        dev = FM_NRF_APP_SRAM;
        off = bus_addr - FM_NRF_APP_SRAM_BASE;
    } else {
        dev = FM_NRF_APP_FLASH;
        off = bus_addr;
    }
    assert_int_equal(fm_load(e->tp.fm, dev, off, img + PT_HDR, img_size), 0);
    free(img);
    return img_size;
}

void pt_poke_cmd(struct pt_env *e, const struct pcd_cmd *cmd)
{
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    pcd_cmd_encode(cmd, wire);
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, PT_PCD - FM_NRF_APP_SRAM_BASE, wire, sizeof(wire)), 0);
}

void pt_peek_cmd(struct pt_env *e, struct pcd_cmd *cmd)
{
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_SRAM, PT_PCD - FM_NRF_APP_SRAM_BASE, wire, sizeof(wire)), 0);
    pcd_cmd_decode(wire, cmd);
}

static bool dev_equals_file(struct pt_env *e, uint32_t off, const uint8_t *data, uint32_t len)
{
    return fm_compare(e->tp.fm, FM_NRF_NET_FLASH, off, data, len, NULL) == 0;
}

bool pt_old_image_intact(struct pt_env *e)
{
    uint32_t len = 0;
    uint8_t *raw = pt_read(FX_RAW_NET_V1, &len);
    bool ok = dev_equals_file(e, PT_NET_APP_OFF, raw, len);
    free(raw);
    return ok;
}

bool pt_net_has_body(struct pt_env *e, const char *signed_rel)
{
    uint32_t len = 0;
    uint8_t *img = pt_read(signed_rel, &len);
    const uint32_t img_size = (uint32_t)img[12] | ((uint32_t)img[13] << 8) | ((uint32_t)img[14] << 16) |
                              ((uint32_t)img[15] << 24);
    bool ok = dev_equals_file(e, PT_NET_APP_OFF, img + PT_HDR, img_size);
    free(img);
    return ok;
}

bool pt_container_intact(struct pt_env *e)
{
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_NET_FLASH, 0, PT_NET_APP_OFF, sha);
    return memcmp(sha, e->container_sha, sizeof(sha)) == 0;
}

static unsigned count_records(struct pt_env *e, enum fm_record_kind kind)
{
    uint64_t total = 0;
    unsigned n = 0, hits = 0;
    const struct fm_record *r = fm_records(e->tp.fm, &total, &n);
    for (unsigned i = 0; i < n; i++) {
        hits += r[i].kind == kind ? 1u : 0u;
    }
    return hits;
}

unsigned pt_violations(struct pt_env *e)
{
    return count_records(e, FM_REC_VIOLATION);
}

unsigned pt_bus_faults(struct pt_env *e)
{
    return count_records(e, FM_REC_BUS_FAULT);
}

void pt_dump_logs(struct pt_env *e)
{
    tp_log_dump(&e->tp.app, stderr);
    tp_log_dump(&e->tp.net, stderr);
}

/* ---- recording port ---------------------------------------------------------------------------- */

static void rec(struct pt_rec_port *r, char kind, uint32_t addr, uint32_t val)
{
    if (r->n < PT_REC_MAX) {
        r->ev[r->n] = (struct pt_rec_event){kind, addr, val};
    }
    r->n++;
}

static int r_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    struct pt_rec_port *r = ctx;
    return pcd_mem_info(r->inner, mem, out);
}

static int r_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    return pcd_flash_read(r->inner, mem, off, buf, len);
}

static int r_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'P', off, len);
    return pcd_flash_program(r->inner, mem, off, buf, len);
}

static int r_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'E', off, len);
    return pcd_flash_erase(r->inner, mem, off, len);
}

static int r_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    return pcd_bus_read(r->inner, addr, buf, len);
}

static int r_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    return pcd_bus_write(r->inner, addr, buf, len);
}

static int r_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    struct pt_rec_port *r = ctx;
    return pcd_shared_read32(r->inner, addr, val);
}

static int r_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'W', addr, val);
    if (addr == PT_PCD + PCD_CMD_OFF_MAGIC && val == PCD_CMD_MAGIC_COPY && r->n_waits < 8u) {
        r->in_wait = true;
        r->glitched = false;
        r->waits[r->n_waits++] = 0;
    }
    return pcd_shared_write32(r->inner, addr, val);
}

static int r_force_off(void *ctx, bool hold)
{
    struct pt_rec_port *r = ctx;
    rec(r, hold ? 'H' : 'R', 0, 0);
    r->in_wait = r->in_wait && !hold;
    return pcd_netcore_force_off(r->inner, hold);
}

static int r_spu_lock_ram(void *ctx, uint32_t addr, uint32_t len)
{
    struct pt_rec_port *r = ctx;
    return pcd_spu_lock_ram(r->inner, addr, len);
}

static int r_delay_us(void *ctx, uint64_t us)
{
    struct pt_rec_port *r = ctx;
    int rc = pcd_delay_us(r->inner, us);
    if (rc == 0 && r->in_wait) {
        uint64_t *w = &r->waits[r->n_waits - 1u];
        *w += us;
        if (r->glitch_us > 0u && !r->glitched && *w >= r->glitch_us) {
            r->glitched = true;
            rc = pcd_shared_write32(r->inner, PT_PCD + PCD_CMD_OFF_MAGIC, r->glitch_val);
        }
    }
    return rc;
}

static int r_signal(void *ctx)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'S', 0, 0);
    return pcd_signal(r->inner);
}

static void r_boot(void *ctx, uint32_t vtor)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'B', vtor, 0);
    pcd_boot(r->inner, vtor);
}

static void r_stop(void *ctx)
{
    struct pt_rec_port *r = ctx;
    rec(r, 'T', 0, 0);
    pcd_stop(r->inner);
}

static void r_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    struct pt_rec_port *r = ctx;
    if (r->inner->ops->log != NULL) {
        r->inner->ops->log(r->inner->ctx, level, fmt, ap);
    }
}

static void r_trace(void *ctx, enum pcd_trace event, uint32_t arg)
{
    struct pt_rec_port *r = ctx;
    pcd_trace(r->inner, event, arg);
}

static const struct pcd_port_ops rec_ops = {
    .mem_info = r_mem_info,
    .flash_read = r_flash_read,
    .flash_program = r_flash_program,
    .flash_erase = r_flash_erase,
    .bus_read = r_bus_read,
    .bus_write = r_bus_write,
    .shared_read32 = r_shared_read32,
    .shared_write32 = r_shared_write32,
    .netcore_force_off = r_force_off,
    .spu_lock_ram = r_spu_lock_ram,
    .delay_us = r_delay_us,
    .signal = r_signal,
    .boot = r_boot,
    .stop = r_stop,
    .log = r_log,
    .trace = r_trace,
};

void pt_rec_init(struct pt_rec_port *r, const struct pcd_port *inner)
{
    memset(r, 0, sizeof(*r));
    r->inner = inner;
    r->port.ops = &rec_ops;
    r->port.ctx = r;
}
