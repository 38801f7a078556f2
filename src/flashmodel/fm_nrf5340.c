/* The nRF5340 description: devices with their geometry and timing, and each core's bus map.
 * Every number comes from nrf5340.h, where its source is cited. */
#include "flashmodel/nand.h"
#include "flashmodel/nrf5340.h"

#include <string.h>

static void add_region(struct fm_desc *d, enum fm_core core, uint32_t base, uint32_t size, int dev, uint8_t perm)
{
    struct fm_bus_region *r = &d->regions[core][d->n_regions[core]++];
    r->base = base;
    r->size = size;
    r->dev = dev;
    r->dev_offset = 0;
    r->perm = perm;
}

const char *const fm_nrf5340_dev_names[FM_NRF_DEV_COUNT] = {
    [FM_NRF_APP_FLASH] = "app_flash", [FM_NRF_NET_FLASH] = "net_flash", [FM_NRF_APP_SRAM] = "app_sram",
    [FM_NRF_NET_SRAM] = "net_sram",   [FM_NRF_QSPI] = "qspi",           [FM_NRF_RAM_FLASH] = "ram_flash",
    [FM_NRF_NAND] = "nand",
};

const char *fm_nrf5340_dev_name(enum fm_nrf5340_dev dev)
{
    return (unsigned)dev < FM_NRF_DEV_COUNT ? fm_nrf5340_dev_names[dev] : "?";
}

int fm_nrf5340_desc(struct fm_desc *out, const struct fm_nrf5340_opts *opts)
{
    static const struct fm_nrf5340_opts defaults = FM_NRF5340_OPTS_DEFAULT;
    if (opts == NULL) {
        opts = &defaults;
    }
    if (opts->ram_flash_size != 0 &&
        (opts->ram_flash_addr % 0x1000u != 0 || opts->ram_flash_size % 0x1000u != 0 ||
         opts->ram_flash_addr < FM_NRF_APP_SRAM_BASE ||
         opts->ram_flash_addr - FM_NRF_APP_SRAM_BASE > FM_NRF_APP_SRAM_SIZE - opts->ram_flash_size)) {
        return FM_E_INVAL;
    }
    memset(out, 0, sizeof(*out));

    /* Internal flash: NVMC rules. A word is one operation: the NVMC programs words one at a time
     * and power can fail between two of them. Writing 1 over 0 leaves the 0 (PS: "write them as
     * 1" to leave bits unchanged), so it is not a violation; nWRITE is. */
    out->devices[FM_NRF_APP_FLASH] = (struct fm_device_desc){
        .name = fm_nrf5340_dev_name(FM_NRF_APP_FLASH), .kind = FM_KIND_NVMC, .size = FM_NRF_APP_FLASH_SIZE,
        .page_size = FM_NRF_APP_FLASH_PAGE, .write_size = 4, .prog_op_size = 4,
        .max_writes = FM_NRF_NVMC_NWRITE, .endurance = FM_NRF_NVMC_ENDURANCE, .strict_set_bits = false,
        .parent = -1,
        .timing = {FM_NRF_NVMC_TWRITE_US, FM_NRF_NVMC_TERASEPAGE_US, 0},
    };
    out->devices[FM_NRF_NET_FLASH] = out->devices[FM_NRF_APP_FLASH];
    out->devices[FM_NRF_NET_FLASH].name = fm_nrf5340_dev_name(FM_NRF_NET_FLASH);
    out->devices[FM_NRF_NET_FLASH].size = FM_NRF_NET_FLASH_SIZE;
    out->devices[FM_NRF_NET_FLASH].page_size = FM_NRF_NET_FLASH_PAGE;

    /* SRAM: 4 KiB blocks for dirty tracking only. */
    out->devices[FM_NRF_APP_SRAM] = (struct fm_device_desc){
        .name = fm_nrf5340_dev_name(FM_NRF_APP_SRAM), .kind = FM_KIND_RAM, .size = FM_NRF_APP_SRAM_SIZE, .page_size = 0x1000,
        .write_size = 1, .prog_op_size = 1, .parent = -1,
    };
    out->devices[FM_NRF_NET_SRAM] = out->devices[FM_NRF_APP_SRAM];
    out->devices[FM_NRF_NET_SRAM].name = fm_nrf5340_dev_name(FM_NRF_NET_SRAM);
    out->devices[FM_NRF_NET_SRAM].size = FM_NRF_NET_SRAM_SIZE;

    /* QSPI NOR: a page program is one operation; asking for a 1 over a 0 is a driver-contract
     * violation (Zephyr's flash API writes only erased cells). */
    out->devices[FM_NRF_QSPI] = (struct fm_device_desc){
        .name = fm_nrf5340_dev_name(FM_NRF_QSPI), .kind = FM_KIND_QSPI_NOR, .size = opts->qspi ? FM_NRF_QSPI_SIZE : 0,
        .page_size = FM_NRF_QSPI_SECTOR, .write_size = 1, .prog_op_size = FM_NRF_QSPI_PROG_PAGE,
        .max_writes = 0, .endurance = 100000, .strict_set_bits = true, .parent = -1,
        .timing = {FM_NRF_QSPI_TPP_US, FM_NRF_QSPI_TSE_US, FM_NRF_QSPI_READ_BYTES_PER_US},
    };

    /* MCUboot's flash simulator: 4 KiB erase, 4-byte writes, double writes allowed
     * (FLASH_SIMULATOR_DOUBLE_WRITES=y; facts §4.6), bytes living in app SRAM. One operation per
     * sector-sized chunk: it is a memcpy, power loss wipes it with the RAM anyway. */
    out->devices[FM_NRF_RAM_FLASH] = (struct fm_device_desc){
        .name = fm_nrf5340_dev_name(FM_NRF_RAM_FLASH), .kind = FM_KIND_FLASH_SIM, .size = opts->ram_flash_size, .page_size = 0x1000,
        .write_size = 4, .prog_op_size = 0x1000, .max_writes = 0, .strict_set_bits = false,
        .parent = FM_NRF_APP_SRAM, .parent_offset = opts->ram_flash_addr - FM_NRF_APP_SRAM_BASE,
    };
    if (opts->ram_flash_size == 0) {
        out->devices[FM_NRF_RAM_FLASH].parent_offset = 0;
    }
    /* SPI NAND: reached only through the app core's driver, never mapped (flashmodel/nand.h). */
    if (fm_nand_desc(&out->devices[FM_NRF_NAND], fm_nrf5340_dev_name(FM_NRF_NAND),
                     opts->nand_blocks ? opts->nand_blocks : 1u) != 0) {
        return FM_E_INVAL;
    }
    out->devices[FM_NRF_NAND].size = opts->nand_blocks * FM_NAND_BLOCK;
    out->n_devices = FM_NRF_DEV_COUNT;

    /* Bus maps (facts §4.2). The app core writes its flash through the NVMC; it cannot reach net
     * flash or net SRAM. The net core reads app flash (cannot execute it) and reads/writes app
     * SRAM; it cannot reach QSPI XIP. */
    const uint8_t rwx = FM_PERM_R | FM_PERM_W | FM_PERM_X;
    add_region(out, FM_CORE_APP, FM_NRF_APP_FLASH_BASE, FM_NRF_APP_FLASH_SIZE, FM_NRF_APP_FLASH, rwx);
    add_region(out, FM_CORE_APP, FM_NRF_APP_SRAM_BASE, FM_NRF_APP_SRAM_SIZE, FM_NRF_APP_SRAM, rwx);
    if (opts->qspi) {
        add_region(out, FM_CORE_APP, FM_NRF_QSPI_XIP_BASE, FM_NRF_QSPI_SIZE, FM_NRF_QSPI, FM_PERM_R | FM_PERM_X);
    }
    add_region(out, FM_CORE_NET, FM_NRF_NET_FLASH_BASE, FM_NRF_NET_FLASH_SIZE, FM_NRF_NET_FLASH, rwx);
    add_region(out, FM_CORE_NET, FM_NRF_NET_SRAM_BASE, FM_NRF_NET_SRAM_SIZE, FM_NRF_NET_SRAM, rwx);
    add_region(out, FM_CORE_NET, FM_NRF_APP_FLASH_BASE, FM_NRF_APP_FLASH_SIZE, FM_NRF_APP_FLASH, FM_PERM_R);
    add_region(out, FM_CORE_NET, FM_NRF_APP_SRAM_BASE, FM_NRF_APP_SRAM_SIZE, FM_NRF_APP_SRAM,
               FM_PERM_R | FM_PERM_W);

    /* The network core's ACL guards its own flash (PS ACL: "This ACL can only protect network
     * core's local memory"); ADDR takes bus addresses. */
    out->acl = (struct fm_acl_desc){FM_NRF_NET_ACL_REGIONS, FM_CORE_NET, FM_NRF_NET_FLASH, FM_NRF_NET_FLASH_BASE};
    return 0;
}
