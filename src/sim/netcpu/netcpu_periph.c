/* The network core's peripherals at register level, for a B0N binary on the emulated core: the
 * NVMC (CONFIG, READY, READYNEXT; word program and page erase through the port), the ACL
 * (write-once ADDR/SIZE/PERM; a blocked write or erase is the port's BusFault), IPC TASKS_SEND
 * (the signal to the application core) and the few system registers B0N's jump writes (VTOR).
 * Facts: nRF5340 PS NVMC and ACL chapters as restated in the facts file (errata, §4.3); register
 * offsets as src/pcd/port/nrf5340/include/pcd/nrf5340/regs.h. Anything else is logged or, in
 * strict mode, stops the core with its address and PC. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netcpu_internal.h"
#include "pcd/cmd.h"

#define PERIPH_BASE 0x41000000u
#define NVMC_OFF 0x80000u  /* 0x41080000: NVMC and ACL share the base */
#define IPC_OFF 0x12000u   /* 0x41012000: IPC, TASKS_SEND[0..15] at 4 n */
#define NVMC_READY 0x400u
#define NVMC_READYNEXT 0x408u
#define NVMC_CONFIG 0x504u
#define NVMC_WEN 1u
#define NVMC_EEN 2u
#define ACL_FIRST 0x800u
#define ACL_PERM_WRITE (1u << 1)
#define PPB_VTOR 0xED08u    /* 0xE000ED08, SCB VTOR */

static uint32_t pc_of(struct ncpu *n)
{
    return n->pc; /* the code hook's: precise inside memory callbacks */
}

/* An access to a register nothing models: logged (default) or the end of the run (strict). */
static void unmodelled(struct ncpu *n, uint32_t addr, bool write, uint64_t value)
{
    n->res->unmodelled++;
    if (n->cfg->strict) {
        ncpu_stop(n, NETCPU_END_STRICT, addr, "%s of unmodelled register 0x%08x at PC 0x%08x (strict)",
                  write ? "write" : "read", addr, pc_of(n));
        return;
    }
    if (n->res->unmodelled <= 16u) {
        pcd_log(n->port, PCD_LOG_DBG, "netcpu: %s unmodelled register 0x%08x (0x%x) at PC 0x%08x",
                write ? "write to" : "read of", addr, (unsigned)value, pc_of(n));
    }
}

void ncpu_fixup(struct ncpu *n)
{
    if (n->fix_pending) {
        memcpy(n->flash + n->fix_off, n->fix_buf, n->fix_len);
        n->fix_pending = false;
    }
}

/* After a store landed in the image: read the model's bytes for [off, off + len). */
static void refetch(struct ncpu *n, uint32_t off, uint32_t len)
{
    n->fix_off = off;
    n->fix_len = len;
    n->fix_pending = true;
    if (pcd_flash_read(n->port, PCD_MEM_NET_FLASH, off, n->fix_buf, len) != 0) {
        memcpy(n->fix_buf, n->flash + off, len); /* halted: the run ends anyway */
    }
}

/* The first flash operation after a COPY command: B0N's source check passed (as the host B0N
 * announces PCD_TRACE_B0N_SRC_VERIFIED before its first erase). */
static void trace_before_op(struct ncpu *n)
{
    if (n->res->cmd_seen && pcd_cmd_kind_of(n->res->magic) == PCD_CMD_COPY && !n->src_traced) {
        n->src_traced = true;
        pcd_trace(n->port, PCD_TRACE_B0N_SRC_VERIFIED, n->blk[2]);
    }
}

/* The program of the word holding the command's last byte: PCD_TRACE_B0N_COPY_DONE. */
static void trace_after_program(struct ncpu *n, uint32_t off)
{
    const uint32_t len = n->blk[2], dst = n->blk[3];
    if (n->src_traced && !n->copy_done_traced && len != 0u && off == ((dst + len - 1u) & ~3u)) {
        n->copy_done_traced = true;
        pcd_trace(n->port, PCD_TRACE_B0N_COPY_DONE, len);
    }
}

void ncpu_flash_store(struct ncpu *n, uint32_t addr, unsigned size, uint32_t value)
{
    ncpu_fixup(n);
    const uint32_t off = addr - NETCPU_FLASH_BASE;
    const uint32_t word = off & ~3u;
    const uint32_t mode = n->nvmc_config & 7u;
    refetch(n, word, 4u); /* whatever happens, the image keeps the model's cells */
    if (size != 4u || off % 4u != 0u) {
        ncpu_stop(n, NETCPU_END_FAULT, addr, "BusFault: %u-byte store to net flash 0x%08x at PC 0x%08x (the NVMC "
                  "takes aligned words)", size, addr, pc_of(n));
        return;
    }
    if (mode == NVMC_WEN) {
        trace_before_op(n);
        uint8_t b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16), (uint8_t)(value >> 24)};
        if (!ncpu_sync(n) || !ncpu_port_ok(n, pcd_flash_program(n->port, PCD_MEM_NET_FLASH, off, b, 4u), addr,
                                           "word program")) {
            return;
        }
        refetch(n, word, 4u);
        trace_after_program(n, off);
    } else if (mode == NVMC_EEN && value == 0xFFFFFFFFu && off % NETCPU_FLASH_PAGE == 0u) {
        trace_before_op(n);
        if (!ncpu_sync(n) || !ncpu_port_ok(n, pcd_flash_erase(n->port, PCD_MEM_NET_FLASH, off, NETCPU_FLASH_PAGE),
                                           addr, "page erase")) {
            return;
        }
        refetch(n, off, NETCPU_FLASH_PAGE);
    } else {
        pcd_log(n->port, PCD_LOG_WRN, "netcpu: store of 0x%08x to net flash 0x%08x with NVMC CONFIG %u ignored "
                "(PC 0x%08x)", value, addr, mode, pc_of(n));
    }
}

/* ACL[r] register k (0 ADDR, 1 SIZE, 2 PERM): each written once until reset; a region with a
 * page-start ADDR in net flash, a non-zero SIZE and PERM.WRITE becomes the port's protection. */
static void acl_write(struct ncpu *n, unsigned r, unsigned k, uint32_t v)
{
    if (n->acl_written[r] & (1u << k)) {
        return; /* write-once: ignored until reset */
    }
    n->acl_written[r] |= (uint8_t)(1u << k);
    n->acl[r][k] = v;
    const uint32_t addr = n->acl[r][0], size = n->acl[r][1], perm = n->acl[r][2];
    if (n->acl_applied[r] || (n->acl_written[r] & 7u) != 7u || size == 0u || (perm & ACL_PERM_WRITE) == 0u) {
        return;
    }
    if (addr < NETCPU_FLASH_BASE || addr - NETCPU_FLASH_BASE >= NETCPU_FLASH_SIZE || addr % NETCPU_FLASH_PAGE != 0u) {
        return; /* not enforced without a page-start ADDR in net flash */
    }
    n->acl_applied[r] = true;
    if (ncpu_sync(n)) {
        int rc = pcd_flash_protect(n->port, PCD_MEM_NET_FLASH, addr - NETCPU_FLASH_BASE, size);
        if (rc == PCD_E_HALTED) {
            (void)ncpu_port_ok(n, rc, addr, "ACL");
        } else if (rc != 0) {
            pcd_log(n->port, PCD_LOG_WRN, "netcpu: ACL[%u] 0x%08x + 0x%x not applied (%s)", r, addr, size,
                    pcd_strerror(rc));
        }
    }
}

uint64_t ncpu_periph_read(uc_engine *uc, uint64_t off, unsigned size, void *arg)
{
    (void)uc;
    struct ncpu *n = arg;
    ncpu_fixup(n);
    const uint32_t o = (uint32_t)off;
    if (o == NVMC_OFF + NVMC_READY || o == NVMC_OFF + NVMC_READYNEXT) {
        return 1u; /* the core stalled through the operation (it runs from flash): ready again */
    }
    if (o == NVMC_OFF + NVMC_CONFIG) {
        return n->nvmc_config;
    }
    if (o >= NVMC_OFF + ACL_FIRST && o < NVMC_OFF + ACL_FIRST + 0x10u * NETCPU_ACL_REGIONS && (o & 0xFu) < 12u) {
        const uint32_t r = (o - NVMC_OFF - ACL_FIRST) / 0x10u, k = (o & 0xFu) / 4u;
        return n->acl[r][k];
    }
    (void)size;
    unmodelled(n, PERIPH_BASE + o, false, 0);
    return 0;
}

void ncpu_periph_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg)
{
    (void)uc;
    (void)size;
    struct ncpu *n = arg;
    ncpu_fixup(n);
    const uint32_t o = (uint32_t)off, v = (uint32_t)value;
    if (o == NVMC_OFF + NVMC_CONFIG) {
        n->nvmc_config = v & 7u;
    } else if (o >= NVMC_OFF + ACL_FIRST && o < NVMC_OFF + ACL_FIRST + 0x10u * NETCPU_ACL_REGIONS && (o & 0xFu) < 12u) {
        acl_write(n, (o - NVMC_OFF - ACL_FIRST) / 0x10u, (o & 0xFu) / 4u, v);
    } else if (o >= IPC_OFF && o < IPC_OFF + 0x40u && (v & 1u) != 0u) {
        n->signalled = true; /* TASKS_SEND[n]: the IPC event to the application core */
        if (ncpu_sync(n)) {
            (void)ncpu_port_ok(n, pcd_signal(n->port), PERIPH_BASE + o, "IPC signal");
        }
    } else {
        unmodelled(n, PERIPH_BASE + o, true, value);
    }
}

uint64_t ncpu_ppb_read(uc_engine *uc, uint64_t off, unsigned size, void *arg)
{
    (void)uc;
    (void)size;
    struct ncpu *n = arg;
    if (off == PPB_VTOR) {
        return n->vtor;
    }
    unmodelled(n, 0xE0000000u + (uint32_t)off, false, 0);
    return 0;
}

void ncpu_ppb_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg)
{
    (void)uc;
    (void)size;
    struct ncpu *n = arg;
    if (off == PPB_VTOR) {
        n->vtor = (uint32_t)value;
        n->vtor_written = true;
        return;
    }
    /* SysTick, NVIC clear-enable/pending (B0N's jump): no interrupt is modelled, nothing to do. */
    if ((off >= 0xE010u && off < 0xE020u) || (off >= 0xE180u && off < 0xE300u)) {
        return;
    }
    unmodelled(n, 0xE0000000u + (uint32_t)off, true, value);
}
