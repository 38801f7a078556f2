/**
 * @file
 * @brief nRF5340 register map used by the nRF5340 port of src/pcd (addresses, offsets, bits).
 *
 * Source: nRF5340 Product Specification (PS) v1.x, docs.nordicsemi.com/bundle/ps_nrf5340: the
 * chapter and register named at each group. Cross-checked against the project's facts file
 * (shared/spec/nrf53-netcore-dfu-facts.md §4.1, §4.3, §4.4). Facts that the project could not
 * confirm against the PS are marked **UNVERIFIED** here and listed in docs/TARGET.md
 * ("Register facts"); check them against the PS revision of the silicon before shipping.
 *
 * Only constants: no accessors, no types. The code reaches registers through pcd/nrf5340/hw.h.
 */
#ifndef PCD_NRF5340_REGS_H
#define PCD_NRF5340_REGS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Memory map (PS "Memory" chapters of both cores; facts §4.1) -------------------------- */

/** Application-core flash: 1 MiB at 0x00000000, 4 KiB pages (PS app core "Memory", NVMC). */
#define NRF53_APP_FLASH_ADDR 0x00000000u
#define NRF53_APP_FLASH_SIZE 0x00100000u /**< 1 MiB */
#define NRF53_APP_FLASH_PAGE 0x1000u     /**< 4 KiB erase unit */
/** Network-core flash: 256 KiB at 0x01000000, 2 KiB pages (PS net core "Memory", NVMC). */
#define NRF53_NET_FLASH_ADDR 0x01000000u
#define NRF53_NET_FLASH_SIZE 0x00040000u /**< 256 KiB */
#define NRF53_NET_FLASH_PAGE 0x800u      /**< 2 KiB erase unit */
/** Word size of an NVMC program operation, bytes (PS NVMC "Writing to the flash"). */
#define NRF53_NVMC_WORD 4u
/** Application-core SRAM: 512 KiB at 0x20000000, readable/writable by the net core (facts §4.2). */
#define NRF53_APP_SRAM_ADDR 0x20000000u
#define NRF53_APP_SRAM_SIZE 0x00080000u
/** Network-core SRAM: 64 KiB at 0x21000000 (PS net core "Memory"). */
#define NRF53_NET_SRAM_ADDR 0x21000000u
#define NRF53_NET_SRAM_SIZE 0x00010000u
/** QSPI XIP window of the application core (PS "QSPI", XIP); the net core cannot reach it. */
#define NRF53_QSPI_XIP_ADDR 0x10000000u
#define NRF53_QSPI_XIP_MAX 0x10000000u /**< the window spans 0x10000000..0x1FFFFFFF */

/* ---- NVMC (PS "NVMC — Non-volatile memory controller", Registers) ------------------------- */

/** Network-core NVMC instance (PS net core instantiation table: NVMC at 0x41080000, the same
 *  peripheral ID as ACL; facts §4.1 "net flash controller/NVMC at 0x41080000"). */
#define NRF53_NET_NVMC_BASE 0x41080000u
/** Application-core NVMC, secure alias (PS app core instantiation table: NVMC : S 0x50039000,
 *  NS 0x40039000). MCUboot runs secure. **UNVERIFIED** against the PS revision (ID 57). */
#define NRF53_APP_NVMC_BASE 0x50039000u
#define NRF53_NVMC_READY 0x400u      /**< READY, bit 0: 1 = ready, 0 = busy (reset 1). */
#define NRF53_NVMC_READYNEXT 0x408u  /**< READYNEXT: ready to accept the next write (not used). */
#define NRF53_NVMC_CONFIG 0x504u     /**< CONFIG.WEN, bits 2:0: access mode. */
#define NRF53_NVMC_CONFIG_REN 0u     /**< Read only (reset value). */
#define NRF53_NVMC_CONFIG_WEN 1u     /**< Write enabled. */
#define NRF53_NVMC_CONFIG_EEN 2u     /**< Erase enabled: a write of 0xFFFFFFFF to the first word of
                                          a page erases that page (PS NVMC "Erasing a page";
                                          facts §4.3). The nRF5340 NVMC has no ERASEPAGE register. */
#define NRF53_NVMC_READY_BIT 1u      /**< READY.READY */
/** Value written to a page's first word, with CONFIG = EEN, to erase the page. */
#define NRF53_NVMC_ERASE_WORD 0xFFFFFFFFu

/* ---- ACL, network core (PS net core "ACL — Access control lists") --------------------------- *
 * PS ACL chapter (facts file, errata "ACL violations fault"): the ACL "can only protect network
 * core's local memory"; ADDR, SIZE and PERM "can only be written once" and are cleared by any
 * reset; protection is enforced only with a page-start ADDR and non-zero SIZE and PERM; a write
 * or erase into a write-protected region "is blocked and a Bus Fault exception is triggered". */

/** ACL instance: shares base 0x41080000 with the net NVMC (PS net core instantiation table). */
#define NRF53_NET_ACL_BASE 0x41080000u
/** ACL[n].ADDR / .SIZE / .PERM: 0x800 + n * 0x10, +0x4, +0x8 (PS ACL register overview). */
#define NRF53_ACL_ADDR(n) (0x800u + 0x10u * (n))
#define NRF53_ACL_SIZE(n) (0x804u + 0x10u * (n))
#define NRF53_ACL_PERM(n) (0x808u + 0x10u * (n))
/** Number of ACL regions of the net core: ACL[0..7] (PS ACL; facts, errata). */
#define NRF53_ACL_REGIONS 8u
#define NRF53_ACL_PERM_WRITE_DISABLE (1u << 1) /**< PERM bit 1: no write or erase until reset. */
#define NRF53_ACL_PERM_READ_DISABLE (1u << 2)  /**< PERM bit 2: no read or execute (never set: B0N runs there). */
/** ACL granularity: one flash page; ADDR must be a page's start address (PS ACL; facts §2.5,
 *  CONFIG_FPROTECT_BLOCK_SIZE = 2 KiB). */
#define NRF53_ACL_BLOCK NRF53_NET_FLASH_PAGE

/* ---- RESET, application core (PS app core "RESET — Reset control"; facts §4.4) ----------- */

#define NRF53_RESET_BASE 0x50005000u            /**< RESET : S (shares the page with CLOCK/POWER). */
#define NRF53_RESET_NETWORK_FORCEOFF 0x614u      /**< NETWORK.FORCEOFF, bit 0 (reset value 1 = Hold). */
#define NRF53_RESET_FORCEOFF_RELEASE 0u          /**< Release the network core (it starts at its reset vector: B0N). */
#define NRF53_RESET_FORCEOFF_HOLD 1u             /**< Hold the network core in Force-OFF. */

/* ---- SPU, application core (PS "SPU — System protection unit"; facts §4.4) ---------------- */

#define NRF53_SPU_BASE 0x50003000u               /**< SPU (secure only). */
/** EXTDOMAIN[n].PERM at 0x440 + 4n (PS SPU register overview: EXTDOMAIN[n].PERM 0x440).
 *  Domain 0 is the network core as a bus master. */
#define NRF53_SPU_EXTDOMAIN_PERM(n) (0x440u + 4u * (n))
#define NRF53_SPU_EXTDOMAIN_SECATTR (1u << 4)    /**< SECATTR: the net core's bus accesses are secure (reset 0). */
/** EXTDOMAIN[n].PERM.LOCK. **UNVERIFIED** bit position (facts §4.4, §9 item 1); bit 8 as in the
 *  other SPU PERM registers. The port never sets it. */
#define NRF53_SPU_EXTDOMAIN_LOCK (1u << 8)
/** RAMREGION[n].PERM at 0x700 + 4n. **UNVERIFIED** offset (facts §4.4, §9 item 1): it follows
 *  FLASHREGION[n].PERM at 0x600 in the SPU register overview of the nRF91/nRF53 family. */
#define NRF53_SPU_RAMREGION_PERM(n) (0x700u + 4u * (n))
#define NRF53_SPU_RAMREGIONS 64u                 /**< 64 regions x 8 KiB = 512 KiB app SRAM (facts §4.1). */
#define NRF53_SPU_RAMREGION_SIZE 0x2000u         /**< 8 KiB (Zephyr CONFIG_NRF_SPU_RAM_REGION_SIZE 0x2000). */
#define NRF53_SPU_PERM_EXECUTE (1u << 0)         /**< PERM.EXECUTE */
#define NRF53_SPU_PERM_WRITE (1u << 1)           /**< PERM.WRITE */
#define NRF53_SPU_PERM_READ (1u << 2)            /**< PERM.READ */
#define NRF53_SPU_PERM_SECATTR (1u << 4)         /**< PERM.SECATTR: secure */
#define NRF53_SPU_PERM_LOCK (1u << 8)            /**< PERM.LOCK: no change until reset. **UNVERIFIED** position, as above. */

/* ---- Cortex-M33 system registers (Armv8-M Architecture Reference Manual, System Control Space) */

#define NRF53_SCB_VTOR 0xE000ED08u   /**< Vector Table Offset Register (B3.2.x, VTOR). */
#define NRF53_SYST_CSR 0xE000E010u   /**< SysTick Control and Status. */
#define NRF53_NVIC_ICER0 0xE000E180u /**< Interrupt Clear-Enable, 16 registers. */
#define NRF53_NVIC_ICPR0 0xE000E280u /**< Interrupt Clear-Pending, 16 registers. */
#define NRF53_NVIC_REGS 16u
#define NRF53_DEMCR 0xE000EDFCu      /**< Debug Exception and Monitor Control; TRCENA is bit 24. */
#define NRF53_DEMCR_TRCENA (1u << 24)
#define NRF53_DWT_CTRL 0xE0001000u   /**< DWT control; CYCCNTENA is bit 0. */
#define NRF53_DWT_CYCCNT 0xE0001004u /**< DWT cycle counter. */

#ifdef __cplusplus
}
#endif

#endif /* PCD_NRF5340_REGS_H */
