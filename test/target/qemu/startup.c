/*
 * Start-up of the target tests on QEMU's mps2-an505 (Cortex-M33, Secure state; code RAM at
 * 0x10000000, SSRAM at 0x38000000): vector table, C runtime set-up, the command line from the
 * semihosting host (SYS_GET_CMDLINE), then main() and exit() through newlib's semihosting
 * library (rdimon), so QEMU's exit status is main's return value
 * (-semihosting-config enable=on,target=native). Test scaffolding only: nothing of it is in B0N.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern uint32_t __stack_top;
extern uint32_t __data_load;
extern uint32_t __data_start;
extern uint32_t __data_end;
extern uint32_t __bss_start;
extern uint32_t __bss_end;

int main(int argc, char **argv);
void initialise_monitor_handles(void);
void qemu_reset_handler(void);
void qemu_fault_handler(void);
void _init(void);
void _fini(void);

/* newlib's __libc_init_array / __libc_fini_array call these (crti/crtn are not linked). */
void _init(void)
{
}

void _fini(void)
{
}

#define SYS_GET_CMDLINE 0x15
#define MAX_ARGS 16

static int semihost(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void qemu_fault_handler(void)
{
    /* A fault in a test is a failure: exit with a distinct status. */
    exit(3);
}

void qemu_reset_handler(void)
{
    const uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) {
        *dst++ = 0u;
    }
    initialise_monitor_handles();

    static char cmdline[512];
    static char *argv[MAX_ARGS + 1];
    struct {
        char *buf;
        int len;
    } block = {cmdline, (int)sizeof(cmdline) - 1};
    int argc = 0;
    if (semihost(SYS_GET_CMDLINE, &block) == 0) {
        cmdline[block.len] = '\0';
        for (char *tok = strtok(cmdline, " "); tok != NULL && argc < MAX_ARGS; tok = strtok(NULL, " ")) {
            argv[argc++] = tok;
        }
    }
    if (argc == 0) {
        argv[argc++] = "pcd_target_tests";
    }
    argv[argc] = NULL;
    exit(main(argc, argv));
}

typedef void (*qemu_vector)(void);

__attribute__((section(".isr_vector"), used)) const qemu_vector qemu_vectors[16] = {
    [0] = (qemu_vector)(uintptr_t)&__stack_top,
    [1] = qemu_reset_handler,
    [2] = qemu_fault_handler,
    [3] = qemu_fault_handler,
    [4] = qemu_fault_handler,
    [5] = qemu_fault_handler,
    [6] = qemu_fault_handler,
    [7] = qemu_fault_handler,
    [11] = qemu_fault_handler,
    [12] = qemu_fault_handler,
    [14] = qemu_fault_handler,
    [15] = qemu_fault_handler,
};
