/* pcdsim inspect --nrf52-settings (inspect_n52.h). */
#include "inspect_n52.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "nrf5dfu/settings.h"
#include "pcdsim/host_util.h"
#include "pcdsim/ihex.h"
#include "pcdsim/n52_init.h"

static const char *bank_code_name(uint32_t c)
{
    switch (c) {
    case N5_BANK_INVALID: return "invalid";
    case N5_BANK_VALID_APP: return "valid application";
    case N5_BANK_VALID_SD: return "valid SoftDevice";
    case N5_BANK_VALID_BL: return "valid bootloader";
    case N5_BANK_VALID_SD_BL: return "valid SoftDevice + bootloader";
    case N5_BANK_VALID_EXT_APP: return "valid external application";
    default: return "UNKNOWN bank code";
    }
}

static void print_init(const struct n5_settings *s)
{
    const uint32_t n = s->progress.command_size;
    printf("  init_command        %u byte(s)", (unsigned)n);
    if (n == 0 || n > N5_INIT_CMD_MAX) {
        printf("%s\n", n > N5_INIT_CMD_MAX ? " (more than the 512 of the page: INVALID)" : "");
        return;
    }
    const uint32_t crc = n5_crc32(0, s->init_command, n);
    printf(", CRC32 0x%08x %s command_crc 0x%08x\n", (unsigned)crc, crc == s->progress.command_crc ? "=" : "!=",
           (unsigned)s->progress.command_crc);
    struct n52_init_info info;
    const uint8_t *cmd;
    uint32_t cmd_len;
    if (n52_init_decode(s->init_command, n, &info, &cmd, &cmd_len) != 0) {
        printf("    not a dfu-cc init packet\n");
        return;
    }
    printf("    dfu-cc packet: %s%s, op %u, fw_type %u, fw_version %u, app_size %u, hash type %u\n",
           info.is_signed ? "signed " : "unsigned", info.is_signed ? (info.signature_type == 0 ? "(ECDSA P-256)"
                                                                                                : "(Ed25519)") : "",
           info.op_code, info.fw_type, (unsigned)info.fw_version, (unsigned)info.app_size, info.hash_type);
}

/* One page; true if its CRCs hold. */
static bool print_page(const char *what, uint32_t addr, const uint8_t *raw)
{
    struct n5_settings s;
    n5_settings_decode(raw, &s);
    const uint32_t crc = n5_settings_crc(raw), bv = n5_settings_bv_crc(raw);
    const bool crc_ok = n5_settings_crc_ok(raw), bv_ok = s.settings_version == 1 || bv == s.boot_validation_crc;
    printf("%s", what);
    if (addr != UINT32_MAX) {
        printf(" at 0x%05x", (unsigned)addr);
    }
    printf(": %s\n", crc_ok && bv_ok ? "valid" : "INVALID");
    printf("  crc                 0x%08x  %s (computed over 0x004..0x05b: 0x%08x)\n", (unsigned)s.crc,
           s.crc == 0xFFFFFFFFu ? "never written" : crc_ok ? "ok" : "MISMATCH", (unsigned)crc);
    printf("  settings_version    %u%s\n", (unsigned)s.settings_version,
           s.settings_version == 2 ? "" : s.settings_version == 1 ? " (translated to 2 by the bootloader)" : " (unknown)");
    printf("  app_version         %u\n  bootloader_version  %u\n", (unsigned)s.app_version,
           (unsigned)s.bootloader_version);
    printf("  bank_layout         %u (%s)\n  bank_current        %u\n", (unsigned)s.bank_layout,
           s.bank_layout == 0 ? "dual" : s.bank_layout == 1 ? "single" : "?", (unsigned)s.bank_current);
    const struct n5_bank *b[2] = {&s.bank_0, &s.bank_1};
    for (int i = 0; i < 2; i++) {
        printf("  bank_%d              size %u, crc 0x%08x, code 0x%02x (%s)\n", i, (unsigned)b[i]->image_size,
               (unsigned)b[i]->image_crc, (unsigned)b[i]->bank_code, bank_code_name(b[i]->bank_code));
    }
    printf("  write_offset        %u\n  sd_size             %u\n", (unsigned)s.write_offset, (unsigned)s.sd_size);
    printf("  progress            command %u/%u, fw offset %u, crc/update_start_address 0x%08x\n",
           (unsigned)s.progress.command_offset, (unsigned)s.progress.command_size,
           (unsigned)s.progress.firmware_image_offset, (unsigned)s.progress.fw_crc_start);
    printf("  enter_buttonless    %u\n", (unsigned)s.enter_buttonless_dfu);
    print_init(&s);
    printf("  boot_validation_crc 0x%08x  %s (computed over 0x260..0x322: 0x%08x)\n", (unsigned)s.boot_validation_crc,
           s.settings_version == 1 ? "not used (version 1)" : bv_ok ? "ok" : "MISMATCH", (unsigned)bv);
    static const char *const who[3] = {"SoftDevice", "application", "bootloader"};
    for (int i = 0; i < 3; i++) {
        printf("  boot validation %-11s type %u\n", who[i], s.bv[i].type);
    }
    return crc_ok && bv_ok;
}

static bool ends_with(const char *s, const char *suf)
{
    const size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The pages of a .hex: the nRF52840's (0xFE000 backup, 0xFF000 settings), else the nRF52832's. */
static int from_hex(const char *path)
{
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    if (pcdsim_ihex_load(path, &h, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        return PCDSIM_EXIT_INPUT;
    }
    static const uint32_t addrs[2][2] = {{0xFF000u, 0xFE000u}, {0x7F000u, 0x7E000u}};
    int rc = PCDSIM_EXIT_INPUT;
    for (int chip = 0; chip < 2 && rc == PCDSIM_EXIT_INPUT; chip++) {
        for (int k = 0; k < 2; k++) {
            uint8_t raw[N5_SETTINGS_SIZE];
            if (pcdsim_ihex_read(&h, addrs[chip][k], sizeof(raw), raw, 0xFF) == 0) {
                continue;
            }
            const bool ok = print_page(k == 0 ? "settings page" : "backup page (MBR parameters)", addrs[chip][k], raw);
            rc = rc == PCDSIM_EXIT_INPUT || rc == PCDSIM_EXIT_OK ? (ok ? PCDSIM_EXIT_OK : PCDSIM_EXIT_VERDICT) : rc;
        }
    }
    pcdsim_ihex_free(&h);
    if (rc == PCDSIM_EXIT_INPUT) {
        fprintf(stderr, "pcdsim inspect: %s: no data at a settings page (0xFF000/0xFE000 nRF52840, 0x7F000/0x7E000 "
                "nRF52832)\n", path);
    }
    return rc;
}

int inspect_n52_settings(const char *path)
{
    if (ends_with(path, ".hex")) {
        return from_hex(path);
    }
    uint8_t *data = NULL;
    size_t len = 0;
    struct pcdsim_read_info ri;
    if (pcdsim_read_file(path, 0x2000u, PCDSIM_READ_REGULAR_ONLY, &data, &len, &ri) != 0) {
        fprintf(stderr, "pcdsim inspect: cannot read settings dump '%s': %s\n", path, ri.why);
        return PCDSIM_EXIT_INPUT;
    }
    int rc;
    if (len == 0x2000u) {
        const bool b = print_page("backup page (MBR parameters, first 4 KiB of the dump)", UINT32_MAX, data);
        const bool s = print_page("settings page (last 4 KiB of the dump)", UINT32_MAX, data + 0x1000);
        rc = b && s ? PCDSIM_EXIT_OK : PCDSIM_EXIT_VERDICT;
    } else if (len >= N5_SETTINGS_SIZE && len <= 0x1000u) {
        rc = print_page("settings page", UINT32_MAX, data) ? PCDSIM_EXIT_OK : PCDSIM_EXIT_VERDICT;
    } else {
        fprintf(stderr, "pcdsim inspect: %s: %zu bytes is not a settings page dump (0x%x..0x1000 bytes: one page; "
                "0x2000: the backup page, then the settings page)\n", path, len, (unsigned)N5_SETTINGS_SIZE);
        rc = PCDSIM_EXIT_INPUT;
    }
    free(data);
    return rc;
}
