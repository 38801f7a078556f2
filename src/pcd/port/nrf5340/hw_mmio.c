/* The hardware seam on silicon (pcd/nrf5340/hw.h): volatile accesses at the bus address and the
 * Cortex-M33 specifics (jump, WFE, DWT). Built for arm-none-eabi only (library pcd_nrf5340_mmio).
 *
 * Memory copies use volatile pointers rather than memcpy: app flash starts at address 0, and a
 * memcpy from a null pointer lets the compiler assume things it must not. */
#include "pcd/nrf5340/hw.h"

#include <stdbool.h>
#include <stddef.h>

#include "pcd/nrf5340/regs.h"

#if !defined(__arm__) || !defined(__thumb2__)
#error "hw_mmio.c is the silicon seam of the nRF5340 port: build it for the Cortex-M33 only"
#endif

static inline volatile uint32_t *reg(uint32_t addr)
{
    return (volatile uint32_t *)(uintptr_t)addr;
}

uint32_t pcd_nrf5340_hw_read32(uint32_t addr)
{
    return *reg(addr);
}

void pcd_nrf5340_hw_write32(uint32_t addr, uint32_t value)
{
    *reg(addr) = value;
}

/* Byte loops: the simplest code (B0N's 8 KiB goal). Reading 227 KiB three times this way costs
 * some 30 ms at 64 MHz, against seconds of NVMC time for the copy. */
void pcd_nrf5340_hw_read(uint32_t addr, void *dst, uint32_t len)
{
    uint8_t *d = dst;
    for (const volatile uint8_t *s = (const volatile uint8_t *)(uintptr_t)addr; len > 0u; len--) {
        *d++ = *s++;
    }
}

void pcd_nrf5340_hw_write(uint32_t addr, const void *src, uint32_t len)
{
    const uint8_t *s = src;
    for (volatile uint8_t *d = (volatile uint8_t *)(uintptr_t)addr; len > 0u; len--) {
        *d++ = *s++;
    }
}

/* DWT_CYCCNT does not count in Secure state when secure non-invasive debug is not allowed
 * (Armv8-M ARM, DWT; SPNIDEN), which is how a protected nRF5340 runs. Check that it moves and
 * fall back to a counted loop of at least 2 cycles per iteration otherwise. */
static bool cyccnt_running(void)
{
    *reg(NRF53_DEMCR) |= NRF53_DEMCR_TRCENA;
    *reg(NRF53_DWT_CTRL) |= 1u; /* CYCCNTENA */
    const uint32_t a = *reg(NRF53_DWT_CYCCNT);
    for (volatile int i = 0; i < 8; i++) {
    }
    return *reg(NRF53_DWT_CYCCNT) != a;
}

static void spin(uint32_t iterations)
{
    __asm volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(iterations) : : "cc");
}

void pcd_nrf5340_hw_busy_wait_us(uint32_t us, uint32_t cpu_hz)
{
    const uint32_t per_us = (cpu_hz + 999999u) / 1000000u;
    const bool dwt = cyccnt_running();
    while (us > 0u) {
        /* 1 s chunks: 1e6 * 128 cycles fits 32 bits with room to spare. */
        const uint32_t chunk = us < 1000000u ? us : 1000000u;
        const uint32_t cycles = chunk * per_us;
        if (dwt) {
            const uint32_t start = *reg(NRF53_DWT_CYCCNT);
            while (*reg(NRF53_DWT_CYCCNT) - start < cycles) {
            }
        } else if (cycles / 2u != 0u) {
            spin(cycles / 2u);
        }
        us -= chunk;
    }
}

void pcd_nrf5340_hw_boot(uint32_t vtor)
{
    __asm volatile("cpsid i" : : : "memory");
    *reg(NRF53_SYST_CSR) = 0u; /* SysTick off */
    for (uint32_t i = 0; i < NRF53_NVIC_REGS; i++) {
        *reg(NRF53_NVIC_ICER0 + 4u * i) = 0xFFFFFFFFu;
        *reg(NRF53_NVIC_ICPR0 + 4u * i) = 0xFFFFFFFFu;
    }
    *reg(NRF53_SCB_VTOR) = vtor;
    const uint32_t sp = *reg(vtor);
    const uint32_t pc = *reg(vtor + 4u);
    /* Reset-like state for the image: no stack limit, interrupts unmasked (none is enabled). */
    __asm volatile("msr msplim, %0\n\t"
                   "msr msp, %1\n\t"
                   "dsb\n\t"
                   "isb\n\t"
                   "cpsie i\n\t"
                   "bx %2"
                   :
                   : "r"(0u), "r"(sp), "r"(pc)
                   : "memory");
    __builtin_unreachable();
}

void pcd_nrf5340_hw_idle(void)
{
    for (;;) {
        __asm volatile("wfe");
    }
}
