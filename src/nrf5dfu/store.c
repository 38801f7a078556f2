/* Loading and storing the settings: the bootloader's three cases at start, its backup-first
 * write, and the application's page-only write with the protected-field check. */
#include <string.h>

#include "nrf5dfu/dfu.h"

int n5_settings_load(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s,
                     enum n5_settings_src *src)
{
    uint8_t page[N5_SETTINGS_SIZE], backup[N5_SETTINGS_SIZE];
    if (n5_settings_read_raw(port, lay->settings, page) != 0 || n5_settings_read_raw(port, lay->backup, backup) != 0) {
        return N5_E_PORT;
    }
    const bool page_ok = n5_settings_crc_ok(page), backup_ok = n5_settings_backup_ok(backup);
    enum n5_settings_src from = N5_SRC_DEFAULT;
    if (page_ok) {
        n5_settings_decode(page, s);
        if (backup_ok) {
            struct n5_settings b;
            n5_settings_decode(backup, &b);
            n5_settings_restore_protected(s, &b);
        }
        from = N5_SRC_PAGE;
    } else if (backup_ok) {
        n5_settings_decode(backup, s);
        from = N5_SRC_BACKUP;
    } else {
        n5_settings_default(s);
    }
    if (src != NULL) {
        *src = from;
    }
    return 0;
}

int n5_bl_settings_store(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s)
{
    n5_settings_seal(s);
    /* Backup first: whichever write a power loss interrupts, the other page is valid, and a page
     * that is valid but older than the backup only lags in fields the bootloader redoes. */
    int rc = n5_settings_write_page(port, lay->backup, s);
    return rc != 0 ? rc : n5_settings_write_page(port, lay->settings, s);
}

int n5_app_settings_store(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s)
{
    uint8_t backup[N5_SETTINGS_SIZE];
    if (n5_settings_read_raw(port, lay->backup, backup) != 0) {
        return N5_E_PORT;
    }
    if (n5_settings_backup_ok(backup)) {
        struct n5_settings b;
        n5_settings_decode(backup, &b);
        if (!n5_settings_protected_equal(s, &b)) {
            return N5_E_FORBIDDEN;
        }
    }
    n5_settings_seal(s);
    return n5_settings_write_page(port, lay->settings, s);
}

int n5_flash_crc32(const struct n5_port *port, uint32_t addr, uint32_t len, uint32_t *crc)
{
    uint8_t buf[256];
    uint32_t c = 0;
    for (uint32_t done = 0; done < len;) {
        const uint32_t n = len - done < sizeof(buf) ? len - done : (uint32_t)sizeof(buf);
        if (port->read(port->ctx, addr + done, buf, n) != 0) {
            return N5_E_PORT;
        }
        c = n5_crc32(c, buf, n);
        done += n;
    }
    *crc = c;
    return 0;
}
