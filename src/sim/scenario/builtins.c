/* Built-in application layouts (`builtin:nrf5340dk-internal`, `builtin:nrf5340dk-extflash`):
 * copies of shared/fixtures/pm/handmade-nrf5340dk-internal.yml and
 * handmade-nrf5340dk-extflash-mx25r64.yml without their comments, so a scenario loads without the
 * shared/ folder. test/unit/scenario checks that each loads to the same partitions as its fixture.
 * `builtin:ncs` (network domain) has no text: its values are pcdsim_update_layout_get()'s
 * defaults (facts 2.1). */
#include <string.h>

#include "pcdsim/scenario.h"

static const char internal_text[] =
    "mcuboot:\n"
    "  address: 0x0\n"
    "  end_address: 0xc000\n"
    "  region: flash_primary\n"
    "  size: 0xc000\n"
    "mcuboot_pad:\n"
    "  address: 0xc000\n"
    "  end_address: 0xc200\n"
    "  region: flash_primary\n"
    "  size: 0x200\n"
    "app:\n"
    "  address: 0xc200\n"
    "  end_address: 0x80000\n"
    "  region: flash_primary\n"
    "  size: 0x73e00\n"
    "mcuboot_primary_app:\n"
    "  address: 0xc200\n"
    "  end_address: 0x80000\n"
    "  region: flash_primary\n"
    "  size: 0x73e00\n"
    "  span: [app]\n"
    "mcuboot_primary:\n"
    "  address: 0xc000\n"
    "  end_address: 0x80000\n"
    "  region: flash_primary\n"
    "  size: 0x74000\n"
    "  span: [mcuboot_pad, app]\n"
    "mcuboot_secondary:\n"
    "  address: 0x80000\n"
    "  end_address: 0xf4000\n"
    "  region: flash_primary\n"
    "  size: 0x74000\n"
    "  share_size: [mcuboot_primary]\n"
    "EMPTY_0:\n"
    "  address: 0xf4000\n"
    "  end_address: 0xf8000\n"
    "  region: flash_primary\n"
    "  size: 0x4000\n"
    "settings_storage:\n"
    "  address: 0xf8000\n"
    "  end_address: 0x100000\n"
    "  region: flash_primary\n"
    "  size: 0x8000\n"
    "pcd_sram:\n"
    "  address: 0x20000000\n"
    "  end_address: 0x20002000\n"
    "  region: sram_primary\n"
    "  size: 0x2000\n"
    "sram_primary:\n"
    "  address: 0x20002000\n"
    "  end_address: 0x20070000\n"
    "  region: sram_primary\n"
    "  size: 0x6e000\n"
    "rpmsg_nrf53_sram:\n"
    "  address: 0x20070000\n"
    "  end_address: 0x20080000\n"
    "  region: sram_primary\n"
    "  size: 0x10000\n"
    "otp:\n"
    "  address: 0xff8100\n"
    "  end_address: 0xff83fc\n"
    "  region: otp\n"
    "  size: 0x2fc\n";

static const char extflash_text[] =
    "app:\n"
    "  address: 0xc200\n"
    "  end_address: 0x80000\n"
    "  region: flash_primary\n"
    "  size: 0x73e00\n"
    "external_flash:\n"
    "  address: 0xb4000\n"
    "  device: mx25r64\n"
    "  end_address: 0x800000\n"
    "  region: external_flash\n"
    "  size: 0x74c000\n"
    "littlefs_storage:\n"
    "  address: 0x80000\n"
    "  end_address: 0xf8000\n"
    "  placement:\n"
    "    after:\n"
    "    - mcuboot_primary\n"
    "  region: flash_primary\n"
    "  size: 0x78000\n"
    "mcuboot:\n"
    "  address: 0x0\n"
    "  end_address: 0xc000\n"
    "  placement:\n"
    "    align:\n"
    "      end: 0x1000\n"
    "    before:\n"
    "    - mcuboot_primary\n"
    "  region: flash_primary\n"
    "  size: 0xc000\n"
    "mcuboot_pad:\n"
    "  address: 0xc000\n"
    "  end_address: 0xc200\n"
    "  placement:\n"
    "    align:\n"
    "      start: 0x4000\n"
    "    before:\n"
    "    - mcuboot_primary_app\n"
    "  region: flash_primary\n"
    "  size: 0x200\n"
    "mcuboot_primary:\n"
    "  address: 0xc000\n"
    "  end_address: 0x80000\n"
    "  orig_span: &id001\n"
    "  - mcuboot_pad\n"
    "  - app\n"
    "  region: flash_primary\n"
    "  sharers: 0x1\n"
    "  size: 0x74000\n"
    "  span: *id001\n"
    "mcuboot_primary_1:\n"
    "  address: 0x0\n"
    "  device: flash_ctrl\n"
    "  end_address: 0x40000\n"
    "  region: ram_flash\n"
    "  size: 0x40000\n"
    "mcuboot_primary_app:\n"
    "  address: 0xc200\n"
    "  end_address: 0x80000\n"
    "  orig_span: &id002\n"
    "  - app\n"
    "  region: flash_primary\n"
    "  size: 0x73e00\n"
    "  span: *id002\n"
    "mcuboot_secondary:\n"
    "  address: 0x0\n"
    "  device: mx25r64\n"
    "  end_address: 0x74000\n"
    "  placement:\n"
    "    align:\n"
    "      start: 0x4\n"
    "  region: external_flash\n"
    "  share_size:\n"
    "  - mcuboot_primary\n"
    "  size: 0x74000\n"
    "mcuboot_secondary_1:\n"
    "  address: 0x74000\n"
    "  device: mx25r64\n"
    "  end_address: 0xb4000\n"
    "  region: external_flash\n"
    "  size: 0x40000\n"
    "otp:\n"
    "  address: 0xff8100\n"
    "  end_address: 0xff83fc\n"
    "  region: otp\n"
    "  size: 0x2fc\n"
    "pcd_sram:\n"
    "  address: 0x20000000\n"
    "  end_address: 0x20002000\n"
    "  placement:\n"
    "    after:\n"
    "    - start\n"
    "  region: sram_primary\n"
    "  size: 0x2000\n"
    "ram_flash:\n"
    "  address: 0x40000\n"
    "  end_address: 0x40000\n"
    "  region: ram_flash\n"
    "  size: 0x0\n"
    "rpmsg_nrf53_sram:\n"
    "  address: 0x20070000\n"
    "  end_address: 0x20080000\n"
    "  placement:\n"
    "    before:\n"
    "    - end\n"
    "  region: sram_primary\n"
    "  size: 0x10000\n"
    "settings_storage:\n"
    "  address: 0xf8000\n"
    "  end_address: 0x100000\n"
    "  placement:\n"
    "    before:\n"
    "    - end\n"
    "  region: flash_primary\n"
    "  size: 0x8000\n"
    "sram_primary:\n"
    "  address: 0x20002000\n"
    "  end_address: 0x20070000\n"
    "  region: sram_primary\n"
    "  size: 0x6e000\n";

const char *pcdsim_scn_builtin_layout_text(enum pcdsim_scn_builtin builtin, size_t *len)
{
    const char *text = NULL;
    size_t n = 0;
    switch (builtin) {
    case PCDSIM_BUILTIN_NRF5340DK_INTERNAL:
        text = internal_text;
        n = sizeof(internal_text) - 1;
        break;
    case PCDSIM_BUILTIN_NRF5340DK_EXTFLASH:
        text = extflash_text;
        n = sizeof(extflash_text) - 1;
        break;
    case PCDSIM_BUILTIN_NONE:
    case PCDSIM_BUILTIN_NCS:
    default:
        break;
    }
    if (len != NULL) {
        *len = n;
    }
    return text;
}

const char *pcdsim_scn_builtin_name(enum pcdsim_scn_builtin builtin)
{
    switch (builtin) {
    case PCDSIM_BUILTIN_NRF5340DK_INTERNAL:
        return "nrf5340dk-internal";
    case PCDSIM_BUILTIN_NRF5340DK_EXTFLASH:
        return "nrf5340dk-extflash";
    case PCDSIM_BUILTIN_NCS:
        return "ncs";
    case PCDSIM_BUILTIN_NONE:
    default:
        return "";
    }
}
