/*
 * B0N startup for the nRF5340 network core (Cortex-M33): the vector table at 0x01000000 and the
 * reset handler that sets up the C runtime (copy .data, zero .bss) and calls main().
 *
 * The network core starts here when the application core releases it from Force-OFF (RESET
 * NETWORK.FORCEOFF; facts §2.3): initial SP and reset vector are the first two words of the net
 * flash (Armv8-M ARM, "Exception model: vector table"; VTOR resets to 0x01000000 on the net core,
 * PS net core "Memory").
 *
 * Every exception other than reset parks the core: B0N enables no interrupt, so a fault is a
 * bug or a bus error, and the application core's bounded wait (APP-TIMEOUT) handles a silent
 * net core.
 */
#include <stdint.h>

/* Linker-script symbols (b0n.ld). */
extern uint32_t __stack_top;
extern uint32_t __data_load;
extern uint32_t __data_start;
extern uint32_t __data_end;
extern uint32_t __bss_start;
extern uint32_t __bss_end;

int main(void);
void b0n_reset_handler(void);
void b0n_fault_handler(void);

/* The 16 system exceptions only: B0N enables no interrupt (every NVIC enable bit is 0 from reset
 * to the jump), so the 30 network-core interrupt vectors are never fetched. Leaving them out
 * keeps 120 bytes of the 8 KiB goal. */
#define B0N_VECTORS 16

void b0n_fault_handler(void)
{
    for (;;) {
        __asm volatile("wfe");
    }
}

void b0n_reset_handler(void)
{
    const uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) {
        *dst++ = 0u;
    }
    (void)main();
    b0n_fault_handler(); /* main does not return on silicon */
}

typedef void (*b0n_vector)(void);

/* Word 0 is the initial MSP (an address, stored as a vector slot); word 1 the reset handler. */
__attribute__((section(".isr_vector"), used)) const b0n_vector b0n_vectors[B0N_VECTORS] = {
    [0] = (b0n_vector)(uintptr_t)&__stack_top,
    [1] = b0n_reset_handler,
    [2] = b0n_fault_handler,  /* NMI */
    [3] = b0n_fault_handler,  /* HardFault */
    [4] = b0n_fault_handler,  /* MemManage */
    [5] = b0n_fault_handler,  /* BusFault */
    [6] = b0n_fault_handler,  /* UsageFault */
    [7] = b0n_fault_handler,  /* SecureFault */
    [11] = b0n_fault_handler, /* SVCall */
    [12] = b0n_fault_handler, /* DebugMonitor */
    [14] = b0n_fault_handler, /* PendSV */
    [15] = b0n_fault_handler, /* SysTick */
};
