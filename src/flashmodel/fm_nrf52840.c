/* The nRF52840 description: one NVMC flash, one RAM, one core. Every number comes from
 * nrf52840.h, where its source is cited. */
#include "flashmodel/nrf52840.h"

#include <string.h>

const char *const fm_nrf52840_dev_names[FM_N52_DEV_COUNT] = {[FM_N52_FLASH] = "flash", [FM_N52_SRAM] = "sram"};

int fm_nrf52840_desc(struct fm_desc *out)
{
    memset(out, 0, sizeof(*out));
    /* NVMC rules as on the nRF5340: each word is one operation, 1 over 0 leaves the 0, nWRITE 2. */
    out->devices[FM_N52_FLASH] = (struct fm_device_desc){
        .name = fm_nrf52840_dev_names[FM_N52_FLASH], .kind = FM_KIND_NVMC, .size = FM_N52_FLASH_SIZE,
        .page_size = FM_N52_FLASH_PAGE, .write_size = 4, .prog_op_size = 4, .max_writes = FM_N52_NVMC_NWRITE,
        .endurance = FM_N52_NVMC_ENDURANCE, .strict_set_bits = false, .parent = -1,
        .timing = {FM_N52_NVMC_TWRITE_US, FM_N52_NVMC_TERASEPAGE_US, 0},
    };
    out->devices[FM_N52_SRAM] = (struct fm_device_desc){
        .name = fm_nrf52840_dev_names[FM_N52_SRAM], .kind = FM_KIND_RAM, .size = FM_N52_SRAM_SIZE,
        .page_size = 0x1000, .write_size = 1, .prog_op_size = 1, .parent = -1,
    };
    out->n_devices = FM_N52_DEV_COUNT;
    const uint8_t rwx = FM_PERM_R | FM_PERM_W | FM_PERM_X;
    out->regions[FM_CORE_APP][0] = (struct fm_bus_region){FM_N52_FLASH_BASE, FM_N52_FLASH_SIZE, FM_N52_FLASH, 0, rwx};
    out->regions[FM_CORE_APP][1] = (struct fm_bus_region){FM_N52_SRAM_BASE, FM_N52_SRAM_SIZE, FM_N52_SRAM, 0, rwx};
    out->n_regions[FM_CORE_APP] = 2;
    return 0;
}

static int bad(const char **why, const char *what)
{
    if (why != NULL) {
        *why = what;
    }
    return FM_E_INVAL;
}

int fm_nrf52840_layout_check(const struct fm_nrf52840_layout *l, const char **why)
{
    const uint32_t p = FM_N52_FLASH_PAGE - 1u;
    if (((l->mbr_size | l->sd_end | l->bank0 | l->bank0_size | l->bank1 | l->bank1_size | l->bootloader |
          l->bootloader_size | l->mbr_params | l->settings) & p) != 0) {
        return bad(why, "every address and size must be a multiple of the 4 KiB page");
    }
    if (l->mbr_size == 0 || l->sd_end < l->mbr_size || l->bank0 < l->sd_end) {
        return bad(why, "bank 0 must start after the MBR and the SoftDevice");
    }
    if (l->bank0_size == 0 || l->bank1_size == 0) {
        return bad(why, "bank 0 and bank 1 must not be empty");
    }
    if (l->bank1 < l->bank0 + l->bank0_size) {
        return bad(why, "bank 1 must start after the end of bank 0");
    }
    if (l->bootloader < l->bank1 + l->bank1_size || l->bootloader_size == 0) {
        return bad(why, "the bootloader must start after the end of bank 1");
    }
    if (l->mbr_params < l->bootloader + l->bootloader_size) {
        return bad(why, "the MBR parameters page must lie after the bootloader");
    }
    if (l->settings != l->mbr_params + FM_N52_FLASH_PAGE || l->settings > FM_N52_FLASH_SIZE - FM_N52_FLASH_PAGE) {
        return bad(why, "the settings page must be the page after the MBR parameters page, inside the flash");
    }
    return 0;
}
