/* The settings page: byte-exact encoding, CRCs, reset defaults, the version-1 translation and the
 * fields the application may not change (settings.h cites the SDK text). */
#include "nrf5dfu/settings.h"

#include <string.h>

uint32_t n5_crc32(uint32_t crc, const void *data, size_t len)
{
    /* Nibble table of the reflected polynomial 0xEDB88320. */
    static const uint32_t t[16] = {0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
                                   0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
                                   0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ t[crc & 15u];
        crc = (crc >> 4) ^ t[crc & 15u];
    }
    return ~crc;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_words(uint8_t *p, const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        put32(p + 4 * i, w[i]);
    }
}

static void get_words(const uint8_t *p, uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        w[i] = get32(p + 4 * i);
    }
}

void n5_settings_encode(const struct n5_settings *s, uint8_t out[N5_SETTINGS_SIZE])
{
    const uint32_t head[6] = {s->crc, s->settings_version, s->app_version, s->bootloader_version, s->bank_layout,
                              s->bank_current};
    const uint32_t banks[8] = {s->bank_0.image_size, s->bank_0.image_crc, s->bank_0.bank_code, s->bank_1.image_size,
                               s->bank_1.image_crc,  s->bank_1.bank_code, s->write_offset,     s->sd_size};
    const struct n5_progress *g = &s->progress;
    const uint32_t prog[9] = {g->command_size,          g->command_offset, g->command_crc,
                              g->data_object_size,      g->fw_crc_start,   g->firmware_image_crc_last,
                              g->firmware_image_offset, g->firmware_image_offset_last, s->enter_buttonless_dfu};
    memset(out, 0, N5_SETTINGS_SIZE);
    put_words(out + N5_OFF_CRC, head, 6);
    put_words(out + N5_OFF_BANK0, banks, 8);
    put_words(out + N5_OFF_PROGRESS, prog, 9);
    memcpy(out + N5_OFF_INIT_CMD, s->init_command, N5_INIT_CMD_MAX);
    put32(out + N5_OFF_BV_CRC, s->boot_validation_crc);
    for (unsigned i = 0; i < 3; i++) {
        out[N5_OFF_BV + i * N5_BV_SIZE] = s->bv[i].type;
        memcpy(out + N5_OFF_BV + i * N5_BV_SIZE + 1, s->bv[i].bytes, 64);
    }
    memcpy(out + N5_OFF_PEER_DATA, s->peer_data, sizeof(s->peer_data));
    memcpy(out + N5_OFF_ADV_NAME, s->adv_name, sizeof(s->adv_name));
}

void n5_settings_decode(const uint8_t in[N5_SETTINGS_SIZE], struct n5_settings *s)
{
    uint32_t head[6], banks[8], prog[9];
    get_words(in + N5_OFF_CRC, head, 6);
    get_words(in + N5_OFF_BANK0, banks, 8);
    get_words(in + N5_OFF_PROGRESS, prog, 9);
    memset(s, 0, sizeof(*s));
    s->crc = head[0];
    s->settings_version = head[1];
    s->app_version = head[2];
    s->bootloader_version = head[3];
    s->bank_layout = head[4];
    s->bank_current = head[5];
    s->bank_0 = (struct n5_bank){banks[0], banks[1], banks[2]};
    s->bank_1 = (struct n5_bank){banks[3], banks[4], banks[5]};
    s->write_offset = banks[6];
    s->sd_size = banks[7];
    s->progress = (struct n5_progress){prog[0], prog[1], prog[2], prog[3], prog[4], prog[5], prog[6], prog[7]};
    s->enter_buttonless_dfu = prog[8];
    memcpy(s->init_command, in + N5_OFF_INIT_CMD, N5_INIT_CMD_MAX);
    s->boot_validation_crc = get32(in + N5_OFF_BV_CRC);
    for (unsigned i = 0; i < 3; i++) {
        s->bv[i].type = in[N5_OFF_BV + i * N5_BV_SIZE];
        memcpy(s->bv[i].bytes, in + N5_OFF_BV + i * N5_BV_SIZE + 1, 64);
    }
    memcpy(s->peer_data, in + N5_OFF_PEER_DATA, sizeof(s->peer_data));
    memcpy(s->adv_name, in + N5_OFF_ADV_NAME, sizeof(s->adv_name));
}

uint32_t n5_settings_crc(const uint8_t raw[N5_SETTINGS_SIZE])
{
    return n5_crc32(0, raw + N5_OFF_VERSION, N5_OFF_INIT_CMD - N5_OFF_VERSION);
}

uint32_t n5_settings_bv_crc(const uint8_t raw[N5_SETTINGS_SIZE])
{
    return n5_crc32(0, raw + N5_OFF_BV, 3 * N5_BV_SIZE);
}

bool n5_settings_crc_ok(const uint8_t raw[N5_SETTINGS_SIZE])
{
    const uint32_t crc = get32(raw + N5_OFF_CRC);
    return crc != 0xFFFFFFFFu && crc == n5_settings_crc(raw);
}

bool n5_settings_backup_ok(const uint8_t raw[N5_SETTINGS_SIZE])
{
    return n5_settings_crc_ok(raw) &&
           (get32(raw + N5_OFF_VERSION) == 1u || get32(raw + N5_OFF_BV_CRC) == n5_settings_bv_crc(raw));
}

void n5_settings_seal(struct n5_settings *s)
{
    uint8_t raw[N5_SETTINGS_SIZE];
    n5_settings_encode(s, raw);
    s->crc = n5_settings_crc(raw);
    s->boot_validation_crc = n5_settings_bv_crc(raw);
}

void n5_settings_default(struct n5_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->settings_version = N5_SETTINGS_VERSION;
}

void n5_settings_upgrade_v1(struct n5_settings *s)
{
    if (s->settings_version != 1u) {
        return;
    }
    /* Version 1: the peer data and the advertising name followed a 256-byte init command. */
    memcpy(s->peer_data, s->init_command + N5_INIT_CMD_MAX_V1, sizeof(s->peer_data));
    memcpy(s->adv_name, s->init_command + N5_INIT_CMD_MAX_V1 + sizeof(s->peer_data), sizeof(s->adv_name));
    memset(s->bv, 0, sizeof(s->bv));
    s->bv[1].type = N5_BV_CRC;
    put32(s->bv[1].bytes, s->bank_0.image_crc);
    s->settings_version = N5_SETTINGS_VERSION;
}

void n5_settings_restore_protected(struct n5_settings *s, const struct n5_settings *b)
{
    s->settings_version = b->settings_version;
    s->app_version = b->app_version;
    s->bootloader_version = b->bootloader_version;
    s->bank_layout = b->bank_layout;
    s->bank_current = b->bank_current;
    s->bank_0 = b->bank_0;
    s->sd_size = b->sd_size;
    memcpy(s->bv, b->bv, sizeof(s->bv));
    memcpy(s->peer_data, b->peer_data, sizeof(s->peer_data));
    memcpy(s->adv_name, b->adv_name, sizeof(s->adv_name));
}

static bool bank_equal(const struct n5_bank *a, const struct n5_bank *b)
{
    return a->image_size == b->image_size && a->image_crc == b->image_crc && a->bank_code == b->bank_code;
}

bool n5_settings_protected_equal(const struct n5_settings *a, const struct n5_settings *b)
{
    /* Field by field, the fields n5_settings_restore_protected() copies: no copy of the page on
     * the stack (the bootloader's stack is small). */
    bool same = a->settings_version == b->settings_version && a->app_version == b->app_version &&
                a->bootloader_version == b->bootloader_version && a->bank_layout == b->bank_layout &&
                a->bank_current == b->bank_current && bank_equal(&a->bank_0, &b->bank_0) && a->sd_size == b->sd_size;
    for (unsigned i = 0; same && i < 3; i++) {
        same = a->bv[i].type == b->bv[i].type && memcmp(a->bv[i].bytes, b->bv[i].bytes, sizeof(a->bv[i].bytes)) == 0;
    }
    return same && memcmp(a->peer_data, b->peer_data, sizeof(a->peer_data)) == 0 &&
           memcmp(a->adv_name, b->adv_name, sizeof(a->adv_name)) == 0;
}

int n5_settings_read_raw(const struct n5_port *port, uint32_t addr, uint8_t raw[N5_SETTINGS_SIZE])
{
    return port->read(port->ctx, addr, raw, N5_SETTINGS_SIZE) == 0 ? 0 : N5_E_PORT;
}

int n5_settings_write_page(const struct n5_port *port, uint32_t addr, const struct n5_settings *s)
{
    uint8_t want[N5_SETTINGS_SIZE], have[N5_SETTINGS_SIZE];
    n5_settings_encode(s, want);
    if (n5_settings_read_raw(port, addr, have) != 0) {
        return N5_E_PORT;
    }
    if (memcmp(want, have, sizeof(want)) == 0) {
        return 0;
    }
    /* The CRC word last: until it lands the page reads as never written (crc 0xFFFFFFFF), so a
     * cut in the middle never leaves a valid CRC over a half-written page (init_command and the
     * boot validation are outside the CRC). */
    if (port->erase_page(port->ctx, addr) != 0 ||
        port->write(port->ctx, addr + 4u, want + 4, N5_SETTINGS_SIZE - 4u) != 0 ||
        port->write(port->ctx, addr, want, 4u) != 0) {
        return N5_E_PORT;
    }
    return 0;
}

const char *n5_err_name(int err)
{
    static const char *const names[] = {"N5_OK",   "N5_E_INVAL", "N5_E_FORBIDDEN", "N5_E_CRC", "N5_E_INIT",
                                        "N5_E_SIG", "N5_E_HASH", "N5_E_SIZE",      "N5_E_PORT"};
    return err <= 0 && -err < (int)(sizeof(names) / sizeof(names[0])) ? names[-err] : "N5_E_?";
}
