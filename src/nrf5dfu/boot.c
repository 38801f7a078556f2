/* The bootloader: settings at start, activation of a staged bank 1 in page steps, the check of
 * bank 0 before the jump. */
#include <string.h>

#include "nrf5dfu/dfu.h"

/* Is the staged image acceptable? Checked before bank 0 is touched, and again on every resume
 * (bank 1 does not change while it is copied). */
static int check_staged(const struct n5_port *port, const struct n5_layout *lay, const struct n5_settings *s,
                        const struct n5_init_checker *init)
{
    const uint32_t size = s->bank_1.image_size;
    if (size == 0 || size > lay->bank0_size || size > lay->bank1_size) {
        return N5_E_SIZE;
    }
    if (s->progress.fw_crc_start != lay->bank1) { /* update_start_address */
        return N5_E_SIZE;
    }
    uint32_t crc;
    int rc = n5_flash_crc32(port, lay->bank1, size, &crc);
    if (rc != 0) {
        return rc;
    }
    if (crc != s->bank_1.image_crc) {
        return N5_E_CRC;
    }
    if (init == NULL) {
        return 0;
    }
    if (s->progress.command_size == 0 || s->progress.command_size > N5_INIT_CMD_MAX) {
        return N5_E_INIT;
    }
    return init->check(init->ctx, port, s->init_command, s->progress.command_size, lay->bank1, size);
}

/* Copy one page step from bank 1 to bank 0 at @p off (erase, then program in 256-byte pieces). */
static int copy_step(const struct n5_port *port, const struct n5_layout *lay, uint32_t off, uint32_t n)
{
    uint8_t buf[256];
    if (port->erase_page(port->ctx, lay->bank0 + off) != 0) {
        return N5_E_PORT;
    }
    const uint32_t words = (n + 3u) & ~3u;
    for (uint32_t done = 0; done < words; done += (uint32_t)sizeof(buf)) {
        const uint32_t k = words - done < sizeof(buf) ? words - done : (uint32_t)sizeof(buf);
        if (port->read(port->ctx, lay->bank1 + off + done, buf, k) != 0 ||
            port->write(port->ctx, lay->bank0 + off + done, buf, k) != 0) {
            return N5_E_PORT;
        }
    }
    return 0;
}

/* Copy from update_start_address + write_offset, saving write_offset after each page. */
static int copy_banks(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s,
                      struct n5_boot_result *res)
{
    const uint32_t size = s->bank_1.image_size;
    while (s->write_offset < size) {
        const uint32_t off = s->write_offset & ~(N5_PAGE - 1u);
        const uint32_t n = size - off < N5_PAGE ? size - off : N5_PAGE;
        int rc = copy_step(port, lay, off, n);
        if (rc != 0) {
            return rc;
        }
        s->write_offset = off + n;
        if ((rc = n5_bl_settings_store(port, lay, s)) != 0) {
            return rc;
        }
        res->pages_copied++;
    }
    return 0;
}

/* After the copy: CRC32 of bank 0 against bank_1.image_crc; bank 1 invalidated either way. */
static int finish(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s,
                  struct n5_boot_result *res)
{
    uint32_t crc;
    int rc = n5_flash_crc32(port, lay->bank0, s->bank_1.image_size, &crc);
    if (rc != 0) {
        return rc;
    }
    if (crc == s->bank_1.image_crc) {
        s->bank_0 = (struct n5_bank){s->bank_1.image_size, crc, N5_BANK_VALID_APP};
        memset(&s->bv[1], 0, sizeof(s->bv[1]));
        s->bv[1].type = N5_BV_CRC;
        for (unsigned i = 0; i < 4; i++) {
            s->bv[1].bytes[i] = (uint8_t)(crc >> (8 * i));
        }
        res->activated = true;
    } else {
        s->bank_0.bank_code = N5_BANK_INVALID;
        res->rejected = true;
        res->reject_err = N5_E_CRC;
    }
    s->bank_1 = (struct n5_bank){0, 0, N5_BANK_INVALID};
    s->write_offset = 0;
    return n5_bl_settings_store(port, lay, s);
}

static int activate(const struct n5_port *port, const struct n5_layout *lay, const struct n5_init_checker *init,
                    struct n5_settings *s, struct n5_boot_result *res)
{
    int rc = check_staged(port, lay, s, init);
    if (rc == N5_E_PORT) {
        return rc;
    }
    if (rc != 0) {
        res->rejected = true;
        res->reject_err = rc;
        if (s->write_offset != 0) {
            s->bank_0.bank_code = N5_BANK_INVALID; /* half copied already */
        }
        s->bank_1 = (struct n5_bank){0, 0, N5_BANK_INVALID};
        s->write_offset = 0;
        return n5_bl_settings_store(port, lay, s);
    }
    rc = copy_banks(port, lay, s, res);
    return rc != 0 ? rc : finish(port, lay, s, res);
}

static int check_bank0(const struct n5_port *port, const struct n5_layout *lay, const struct n5_settings *s,
                       bool *valid)
{
    *valid = false;
    if (s->bank_0.bank_code != N5_BANK_VALID_APP || s->bank_0.image_size == 0 ||
        s->bank_0.image_size > lay->bank0_size) {
        return 0;
    }
    uint32_t crc;
    int rc = n5_flash_crc32(port, lay->bank0, s->bank_0.image_size, &crc);
    *valid = rc == 0 && crc == s->bank_0.image_crc;
    return rc;
}

int n5_boot(const struct n5_port *port, const struct n5_layout *lay, const struct n5_init_checker *init,
            struct n5_boot_result *res)
{
    memset(res, 0, sizeof(*res));
    struct n5_settings s;
    int rc = n5_settings_load(port, lay, &s, &res->src);
    if (rc != 0) {
        return rc;
    }
    n5_settings_upgrade_v1(&s);
    if ((rc = n5_bl_settings_store(port, lay, &s)) != 0) {
        return rc;
    }
    if (s.bank_1.bank_code == N5_BANK_VALID_APP && (rc = activate(port, lay, init, &s, res)) != 0) {
        return rc;
    }
    return check_bank0(port, lay, &s, &res->app_valid);
}
