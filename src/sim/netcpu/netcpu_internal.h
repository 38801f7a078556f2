/* Shared between the engine (netcpu_run.c) and the register models (netcpu_periph.c). */
#ifndef PCDSIM_NETCPU_INTERNAL_H
#define PCDSIM_NETCPU_INTERNAL_H

#include <unicorn/unicorn.h>

#include "pcdsim/netcpu.h"

#define NETCPU_ACL_REGIONS 8u

struct ncpu {
    uc_engine *uc;
    const struct netcpu_config *cfg;
    const struct pcd_port *port;
    struct netcpu_result *res;
    uint8_t *flash;          /* net flash image, mapped into the emulator */
    uint64_t budget;
    uint64_t charged;        /* instructions already turned into device time */
    bool stopped;            /* an end is recorded; the emulator was asked to stop */
    int rc;                  /* the port error that ended the run, if any */
    uint32_t nvmc_config;    /* NVMC CONFIG (REN 0, WEN 1, EEN 2) */
    bool fix_pending;        /* a CPU store landed in the image: put the model's bytes back */
    uint32_t fix_off, fix_len;
    uint8_t fix_buf[NETCPU_FLASH_PAGE];
    uint32_t acl[NETCPU_ACL_REGIONS][3]; /* ADDR, SIZE, PERM */
    uint8_t acl_written[NETCPU_ACL_REGIONS]; /* bit per register: written since reset */
    bool acl_applied[NETCPU_ACL_REGIONS];
    uint32_t blk[4];         /* the block's words as B0N last read them (magic, src, len, dst) */
    bool src_traced, copy_done_traced, dst_traced, signalled;
    uint32_t vtor;
    uint32_t pc;             /* the instruction executing (precise PC) */
    bool vtor_written;
};

/* Record the end of the run (the first one counts) and stop the emulator. */
void ncpu_stop(struct ncpu *n, enum netcpu_end end, uint32_t addr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Turn the instructions executed so far into device time (before every port operation); false if
 * the run ended. */
bool ncpu_sync(struct ncpu *n);
/* A port result: true if 0, else the run ends (HALTED, or a fault named by @p what at @p addr). */
bool ncpu_port_ok(struct ncpu *n, int rc, uint32_t addr, const char *what);
/* Put the flash model's bytes back where a CPU store landed in the image. */
void ncpu_fixup(struct ncpu *n);
/* A CPU store into net flash: the NVMC decides (program, erase, ignored, fault). */
void ncpu_flash_store(struct ncpu *n, uint32_t addr, unsigned size, uint32_t value);
/* MMIO callbacks of the net peripheral window and the private peripheral bus. */
uint64_t ncpu_periph_read(uc_engine *uc, uint64_t off, unsigned size, void *arg);
void ncpu_periph_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg);
uint64_t ncpu_ppb_read(uc_engine *uc, uint64_t off, unsigned size, void *arg);
void ncpu_ppb_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg);

#endif
