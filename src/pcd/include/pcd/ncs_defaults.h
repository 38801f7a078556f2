/**
 * @file
 * @brief The nRF5340 partition map NCS builds by default, written once: every default
 *        configuration (B0N, the app-side updater, the NCS-behaviour models, the simulator's
 *        layout view and run set-up) takes its addresses and sizes from here.
 *
 * All values are bytes or bus addresses in the nRF5340 address map (`uint32_t`, never host
 * pointers). Network-domain addresses are absolute (net flash starts at 0x01000000), application
 * flash addresses are offsets from 0x00000000 (= CPU addresses there). Sources:
 * /work/shared/spec/nrf53-netcore-dfu-facts.md ("facts"), section numbers given per value, and
 * the hand-made application layout of shared/fixtures (`pm/handmade-nrf5340dk-internal.yml`),
 * which is Partition Manager's default placement for MCUboot with one slot pair in internal flash.
 *
 * Freestanding: constants only (no code, no types), usable from src/pcd and the host alike.
 */
#ifndef PCD_NCS_DEFAULTS_H
#define PCD_NCS_DEFAULTS_H

/* ---- address map (facts §4.1) ---------------------------------------------------------------- */

/** Network-core flash as the network core sees it: 0x01000000 (256 KiB; facts §4.1). */
#define PCD_NCS_NET_FLASH_ADDR 0x01000000u
/** Application-core flash: 0x00000000 (facts §4.1). */
#define PCD_NCS_APP_FLASH_ADDR 0x00000000u
/** Application-core flash size: 1 MiB (facts §4.1). */
#define PCD_NCS_APP_FLASH_SIZE 0x00100000u
/** Application-core SRAM, readable by the network core: 0x20000000 (facts §4.1, §4.2). */
#define PCD_NCS_APP_SRAM_ADDR 0x20000000u
/** Application-core SRAM size: 512 KiB (facts §4.1). */
#define PCD_NCS_APP_SRAM_SIZE 0x00080000u

/* ---- network domain (facts §2.1: samples/nrf5340/netboot pm.yml, Kconfig) --------------------- */

/** `b0n` (the B0N image) start: the start of net flash (facts §2.1). */
#define PCD_NCS_B0N_ADDR 0x01000000u
/** `b0n` size: CONFIG_B0N_SIZE 0x8580 with the 0x280-byte provision partition (facts §2.1). */
#define PCD_NCS_B0N_SIZE 0x8580u
/** `provision` start: right after `b0n` (pm.yml.secure_boot_storage, facts §2.1). */
#define PCD_NCS_PROVISION_ADDR 0x01008580u
/** `provision` size: CONFIG_PM_PARTITION_SIZE_PROVISION 0x280 (facts §2.1). */
#define PCD_NCS_PROVISION_SIZE 0x280u
/** `b0n_container` (span b0n, provision) start: 0x01000000 (facts §2.1). */
#define PCD_NCS_B0N_CONTAINER_ADDR 0x01000000u
/** `b0n_container` size: 0x8800, a multiple of the 2 KiB ACL block; also the PCD `offset`
 *  (PM_CPUNET_B0N_CONTAINER_SIZE, facts §1.5 step 3, §2.1). */
#define PCD_NCS_B0N_CONTAINER_SIZE 0x8800u
/** Network-core application (`app`, "s0", PM_CPUNET_APP_ADDRESS) start: 0x01008800 (facts §2.1). */
#define PCD_NCS_NET_APP_ADDR 0x01008800u
/** Network-core application size: the rest of net flash, 0x40000 - 0x8800 = 0x37800 (facts §2.1). */
#define PCD_NCS_NET_APP_SIZE 0x37800u

/* ---- application domain --------------------------------------------------------------------- */

/** `pcd_sram` (the PCD command block) start: first byte of app SRAM (pm.yml.pcd "after start";
 *  facts §1.1). */
#define PCD_NCS_PCD_SRAM_ADDR 0x20000000u
/** `pcd_sram` size: CONFIG_NRF_SPU_RAM_REGION_SIZE, one 8 KiB SPU RAM region (facts §1.1). */
#define PCD_NCS_PCD_SRAM_SIZE 0x2000u
/** `mcuboot` start (PM default, facts §4.1; shared/fixtures internal layout). */
#define PCD_NCS_MCUBOOT_OFF 0x0u
/** `mcuboot` size: 48 KiB (PM default, facts §4.1). */
#define PCD_NCS_MCUBOOT_SIZE 0xC000u
/** `mcuboot_primary` offset in app flash (after MCUboot; shared/fixtures internal layout). */
#define PCD_NCS_PRIMARY_OFF 0xC000u
/** `mcuboot_primary` size (shared/fixtures internal layout). */
#define PCD_NCS_PRIMARY_SIZE 0x74000u
/** `mcuboot_secondary` offset in app flash (shared/fixtures internal layout). */
#define PCD_NCS_SECONDARY_OFF 0x80000u
/** `mcuboot_secondary` size: shares the primary's size (shared/fixtures internal layout). */
#define PCD_NCS_SECONDARY_SIZE 0x74000u

_Static_assert(PCD_NCS_B0N_ADDR + PCD_NCS_B0N_SIZE == PCD_NCS_PROVISION_ADDR, "provision follows b0n");
_Static_assert(PCD_NCS_B0N_SIZE + PCD_NCS_PROVISION_SIZE == PCD_NCS_B0N_CONTAINER_SIZE,
               "b0n_container spans b0n and provision");
_Static_assert(PCD_NCS_B0N_CONTAINER_SIZE % 0x800u == 0u, "the container is whole 2 KiB ACL blocks");
_Static_assert(PCD_NCS_B0N_CONTAINER_ADDR + PCD_NCS_B0N_CONTAINER_SIZE == PCD_NCS_NET_APP_ADDR,
               "the application follows the container");
_Static_assert(PCD_NCS_NET_APP_ADDR + PCD_NCS_NET_APP_SIZE == PCD_NCS_NET_FLASH_ADDR + 0x40000u,
               "the application fills the rest of the 256 KiB net flash");
_Static_assert(PCD_NCS_PRIMARY_OFF == PCD_NCS_MCUBOOT_OFF + PCD_NCS_MCUBOOT_SIZE, "the primary slot follows MCUboot");

#endif /* PCD_NCS_DEFAULTS_H */
