/* struct n5_port over the nRF52840 flash model. */
#include "pcdsim/n52_port.h"

static int port_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    struct n52_port_ctx *c = ctx;
    int rc = fm_bus_read(c->sys, FM_CORE_APP, addr, buf, len, &c->us);
    c->last_fm_err = rc;
    return rc == 0 ? 0 : N5_E_PORT;
}

static int port_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    struct n52_port_ctx *c = ctx;
    int rc = fm_bus_write(c->sys, FM_CORE_APP, addr, buf, len, &c->us);
    c->last_fm_err = rc;
    return rc == 0 ? 0 : N5_E_PORT;
}

static int port_erase(void *ctx, uint32_t addr)
{
    struct n52_port_ctx *c = ctx;
    int dev;
    uint32_t off;
    int rc = fm_bus_resolve(c->sys, FM_CORE_APP, addr, N5_PAGE, FM_PERM_W, &dev, &off);
    if (rc == 0) {
        rc = fm_erase(c->sys, dev, off, N5_PAGE, &c->us);
    }
    c->last_fm_err = rc;
    return rc == 0 ? 0 : N5_E_PORT;
}

void n52_port_init(struct n5_port *port, struct n52_port_ctx *ctx)
{
    ctx->us = 0;
    ctx->last_fm_err = 0;
    *port = (struct n5_port){.ctx = ctx, .read = port_read, .write = port_write, .erase_page = port_erase};
}

void n52_layout_from(const struct fm_nrf52840_layout *l, struct n5_layout *out)
{
    *out = (struct n5_layout){l->bank0, l->bank0_size, l->bank1, l->bank1_size, l->settings, l->mbr_params};
}

/* A fixed pattern for the areas the update must not touch. */
static void fill_pattern(struct fm_sys *sys, uint32_t off, uint32_t len, uint8_t seed)
{
    uint8_t buf[256];
    for (uint32_t done = 0; done < len; done += (uint32_t)sizeof(buf)) {
        for (unsigned i = 0; i < sizeof(buf); i++) {
            buf[i] = (uint8_t)(seed + (done + i) * 7u);
        }
        const uint32_t n = len - done < sizeof(buf) ? len - done : (uint32_t)sizeof(buf);
        (void)fm_load(sys, FM_N52_FLASH, off + done, buf, n);
    }
}

int n52_provision(struct fm_sys *sys, const struct fm_nrf52840_layout *l, const uint8_t *image, uint32_t size,
                  uint32_t app_version)
{
    if (size == 0 || size > l->bank0_size) {
        return N5_E_SIZE;
    }
    fill_pattern(sys, 0, l->sd_end, 0x11);
    fill_pattern(sys, l->bootloader, l->bootloader_size, 0x22);
    (void)fm_load(sys, FM_N52_FLASH, l->bank0, image, size);
    struct n5_settings s;
    n5_settings_default(&s);
    s.app_version = app_version;
    s.bootloader_version = 1;
    s.sd_size = l->sd_end - l->mbr_size;
    const uint32_t crc = n5_crc32(0, image, size);
    s.bank_0 = (struct n5_bank){size, crc, N5_BANK_VALID_APP};
    s.bv[1].type = N5_BV_CRC;
    for (unsigned i = 0; i < 4; i++) {
        s.bv[1].bytes[i] = (uint8_t)(crc >> (8 * i));
    }
    n5_settings_seal(&s);
    uint8_t raw[N5_SETTINGS_SIZE];
    n5_settings_encode(&s, raw);
    (void)fm_load(sys, FM_N52_FLASH, l->settings, raw, sizeof(raw));
    (void)fm_load(sys, FM_N52_FLASH, l->mbr_params, raw, sizeof(raw));
    return 0;
}
