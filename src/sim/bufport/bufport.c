/* Read-only pcd_port over a host buffer (pcdsim/bufport.h). */
#include "pcdsim/bufport.h"

#include <stddef.h>
#include <string.h>

#define BUFPORT_WRITE_SIZE 4u
#define BUFPORT_ERASED 0xFFu
#define NET_FLASH_PAGE 2048u /* facts §4.1: net-core NVMC pages are 2 KiB */
#define OTHER_PAGE 4096u     /* app NVMC pages and QSPI sectors are 4 KiB */

static int bp_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    const struct pcdsim_bufport *bp = ctx;
    if (out == NULL) {
        return PCD_E_INVAL;
    }
    if (mem != bp->mem) {
        return PCD_E_UNSUPPORTED;
    }
    out->size = bp->len;
    out->page_size = bp->page_size;
    out->write_size = BUFPORT_WRITE_SIZE;
    out->cpu_addr = bp->cpu_base;
    out->erase_value = BUFPORT_ERASED;
    return 0;
}

/* Copy [off, off + len) of the buffer out; @p outside is the code for a range past its end. */
static int copy_out(const struct pcdsim_bufport *bp, uint32_t off, void *buf, uint32_t len, int outside)
{
    if (off > bp->len || len > bp->len - off) {
        return outside;
    }
    if (len == 0u) {
        return 0;
    }
    if (buf == NULL) {
        return PCD_E_INVAL;
    }
    memcpy(buf, bp->buf + off, len);
    return 0;
}

static int bp_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    const struct pcdsim_bufport *bp = ctx;
    if (mem != bp->mem) {
        return PCD_E_UNSUPPORTED;
    }
    return copy_out(bp, off, buf, len, PCD_E_RANGE);
}

static int bp_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    const struct pcdsim_bufport *bp = ctx;
    if (bp->cpu_base == PCD_NO_CPU_ADDR || addr < bp->cpu_base) {
        return PCD_E_BUS_FAULT;
    }
    return copy_out(bp, addr - bp->cpu_base, buf, len, PCD_E_BUS_FAULT);
}

static const struct pcd_port_ops bufport_ops = {
    .mem_info = bp_mem_info,
    .flash_read = bp_flash_read,
    .bus_read = bp_bus_read,
};

int pcdsim_bufport_init(struct pcdsim_bufport *bp, const void *buf, uint32_t len, enum pcd_mem mem,
                        uint32_t cpu_base)
{
    if (bp == NULL || (buf == NULL && len != 0u) || (unsigned)mem >= (unsigned)PCD_MEM_COUNT) {
        return PCD_E_INVAL;
    }
    if (cpu_base != PCD_NO_CPU_ADDR && len > UINT32_MAX - cpu_base) {
        return PCD_E_INVAL;
    }
    memset(bp, 0, sizeof(*bp));
    bp->port.ops = &bufport_ops;
    bp->port.ctx = bp;
    bp->buf = buf;
    bp->len = len;
    bp->mem = mem;
    bp->cpu_base = cpu_base;
    bp->page_size = mem == PCD_MEM_NET_FLASH ? NET_FLASH_PAGE : OTHER_PAGE;
    return 0;
}
