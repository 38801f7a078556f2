/* The application side (NRF_DFU_IN_APP): bank 1 written page by page with saved progress, then
 * staged through the settings fields the application may change. */
#include <string.h>

#include "nrf5dfu/dfu.h"

static uint32_t min32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Erase page @p off of bank 1 and program the image bytes of it (the last word padded with 0xFF). */
static int write_bank1_page(const struct n5_port *port, const struct n5_layout *lay, const uint8_t *image,
                            uint32_t size, uint32_t off)
{
    const uint32_t n = min32(N5_PAGE, size - off), whole = n & ~3u;
    if (port->erase_page(port->ctx, lay->bank1 + off) != 0) {
        return N5_E_PORT;
    }
    if (whole != 0 && port->write(port->ctx, lay->bank1 + off, image + off, whole) != 0) {
        return N5_E_PORT;
    }
    if (n != whole) {
        uint8_t last[4] = {0xFF, 0xFF, 0xFF, 0xFF};
        memcpy(last, image + off + whole, n - whole);
        if (port->write(port->ctx, lay->bank1 + off + whole, last, 4) != 0) {
            return N5_E_PORT;
        }
    }
    return 0;
}

/* Where a transfer of this image with this init command can resume: the saved write_offset if the
 * settings describe this transfer and bank 1 holds its bytes up to there, else 0. */
static int resume_offset(const struct n5_port *port, const struct n5_layout *lay, const struct n5_settings *s,
                         const uint8_t *image, uint32_t size, uint32_t init_crc, uint32_t *off)
{
    *off = 0;
    const uint32_t w = s->write_offset;
    if (s->bank_1.bank_code != N5_BANK_INVALID || s->progress.command_crc != init_crc || w == 0 || w > size ||
        (w % N5_PAGE != 0 && w != size) || s->progress.firmware_image_offset != w ||
        s->progress.fw_crc_start != n5_crc32(0, image, w)) {
        return 0;
    }
    uint32_t crc;
    if (n5_flash_crc32(port, lay->bank1, w, &crc) != 0) {
        return N5_E_PORT;
    }
    *off = crc == s->progress.fw_crc_start ? w : 0;
    return 0;
}

/* A new transfer: bank 1 invalid, progress cleared, the init command saved. */
static int start_transfer(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s,
                          const uint8_t *init, uint32_t init_len, uint32_t init_crc)
{
    s->bank_1 = (struct n5_bank){0, 0, N5_BANK_INVALID};
    s->write_offset = 0;
    memset(&s->progress, 0, sizeof(s->progress));
    s->progress.command_size = init_len;
    s->progress.command_offset = init_len;
    s->progress.command_crc = init_crc;
    memset(s->init_command, 0, sizeof(s->init_command));
    if (init_len != 0) {
        memcpy(s->init_command, init, init_len);
    }
    return n5_app_settings_store(port, lay, s);
}

static int stage(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s, uint32_t size)
{
    uint32_t crc;
    int rc = n5_flash_crc32(port, lay->bank1, size, &crc);
    if (rc != 0) {
        return rc;
    }
    if (crc != s->progress.fw_crc_start) {
        return N5_E_CRC;
    }
    s->bank_1 = (struct n5_bank){size, crc, N5_BANK_VALID_APP};
    s->write_offset = 0;
    s->progress.fw_crc_start = lay->bank1; /* now update_start_address */
    return n5_app_settings_store(port, lay, s);
}

int n5_app_stage(const struct n5_port *port, const struct n5_layout *lay, const uint8_t *image, uint32_t size,
                 const uint8_t *init, uint32_t init_len)
{
    if (size == 0 || size > lay->bank0_size || size > lay->bank1_size) {
        return N5_E_SIZE;
    }
    if (image == NULL || init_len > N5_INIT_CMD_MAX || (init == NULL && init_len != 0)) {
        return N5_E_INVAL;
    }
    struct n5_settings s;
    int rc = n5_settings_load(port, lay, &s, NULL);
    const uint32_t init_crc = init_len != 0 ? n5_crc32(0, init, init_len) : 0, image_crc = n5_crc32(0, image, size);
    if (rc != 0) {
        return rc;
    }
    if (s.bank_1.bank_code == N5_BANK_VALID_APP && s.bank_1.image_size == size && s.bank_1.image_crc == image_crc &&
        s.progress.command_crc == init_crc) {
        return 0; /* already staged */
    }
    uint32_t off;
    if ((rc = resume_offset(port, lay, &s, image, size, init_crc, &off)) != 0) {
        return rc;
    }
    if (off == 0 && (rc = start_transfer(port, lay, &s, init, init_len, init_crc)) != 0) {
        return rc;
    }
    while (off < size) {
        if ((rc = write_bank1_page(port, lay, image, size, off)) != 0) {
            return rc;
        }
        const uint32_t n = min32(N5_PAGE, size - off);
        s.progress.fw_crc_start = n5_crc32(s.progress.fw_crc_start, image + off, n);
        off += n;
        s.write_offset = off;
        s.progress.firmware_image_offset = off;
        if ((rc = n5_app_settings_store(port, lay, &s)) != 0) {
            return rc;
        }
    }
    return stage(port, lay, &s, size);
}
