/**
 * @file
 * @brief The hardware seam of the nRF5340 port: the only functions through which the port
 *        touches registers and memory.
 *
 * Bound at link time, like the crypto backend (exactly one implementation per binary):
 *  - `pcd_nrf5340_mmio` (hw_mmio.c): the silicon. Volatile 32-bit accesses at the address,
 *    `memcpy` for bulk memory, the Cortex-M33 jump for boot. Built for arm-none-eabi only.
 *  - the register-level model of test/target/ (hwmodel.c): memories in RAM, NVMC / ACL / RESET /
 *    SPU behaviour, protocol checks. Used by the host tests and the QEMU tests, so the port
 *    that drives the silicon is the port that is tested.
 *
 * Addresses are nRF5340 bus addresses of the calling core (facts §4.1), never host pointers.
 * Register accesses are single aligned 32-bit accesses, in program order.
 */
#ifndef PCD_NRF5340_HW_H
#define PCD_NRF5340_HW_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief One 32-bit load at a word-aligned address (register, flash word or RAM word).
 * @param addr bus address, a multiple of 4
 * @return the value read
 */
uint32_t pcd_nrf5340_hw_read32(uint32_t addr);

/**
 * @brief One 32-bit store at a word-aligned address (register, flash word through the NVMC, or
 *        RAM word).
 * @param addr  bus address, a multiple of 4
 * @param value value stored
 */
void pcd_nrf5340_hw_write32(uint32_t addr, uint32_t value);

/**
 * @brief Copy @p len bytes of memory (flash or RAM) at @p addr into @p dst.
 * @param addr bus address of the first byte
 * @param[out] dst destination buffer
 * @param len bytes
 */
void pcd_nrf5340_hw_read(uint32_t addr, void *dst, uint32_t len);

/**
 * @brief Copy @p len bytes from @p src into RAM at @p addr.
 * @param addr bus address of the first byte (RAM)
 * @param src source buffer
 * @param len bytes
 */
void pcd_nrf5340_hw_write(uint32_t addr, const void *src, uint32_t len);

/**
 * @brief Busy-wait at least @p us microseconds, the CPU running at @p cpu_hz (the DWT cycle
 *        counter on silicon; a model advances its virtual clock instead).
 * @param us     microseconds
 * @param cpu_hz CPU clock the wait is computed for; a value above the real clock only waits longer
 */
void pcd_nrf5340_hw_busy_wait_us(uint32_t us, uint32_t cpu_hz);

/**
 * @brief Jump to the image whose vector table is at @p vtor: interrupts and SysTick off, pending
 *        interrupts cleared, VTOR set, MSP = vector[0], branch to vector[1]. Does not return on
 *        silicon; a model records the boot and returns.
 * @param vtor bus address of the vector table
 */
void pcd_nrf5340_hw_boot(uint32_t vtor);

/**
 * @brief Wait for the other core to force this one off (`for (;;) WFE` on silicon). A model
 *        records it and returns.
 */
void pcd_nrf5340_hw_idle(void);

#ifdef __cplusplus
}
#endif

#endif /* PCD_NRF5340_HW_H */
