/**
 * @file
 * @brief A read-only struct pcd_port presenting one host byte buffer as one memory.
 *
 * The buffer appears as memory @c mem (flash_read offsets 0 .. len-1) and, unless @c cpu_base is
 * PCD_NO_CPU_ADDR, at bus addresses [cpu_base, cpu_base + len) (bus_read). Everything else is
 * absent: other memories give PCD_E_UNSUPPORTED, writes and erases PCD_E_UNSUPPORTED (NULL ops).
 * Used by `pcdsim inspect` and the unit tests to run src/pcd on a file read into memory.
 *
 * Errors follow the contract in pcd/port.h: flash_read outside [0, len) -> PCD_E_RANGE;
 * bus_read of any byte outside [cpu_base, cpu_base + len) -> PCD_E_BUS_FAULT (an unmapped bus
 * address, on which a real core would fault).
 */
#ifndef PCDSIM_BUFPORT_H
#define PCDSIM_BUFPORT_H

#include <stdint.h>

#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A buffer port. Pass &bp->port to src/pcd; the buffer must outlive it. */
struct pcdsim_bufport {
    struct pcd_port port;  /**< The port (ops are a static const table, ctx = this struct). */
    const uint8_t *buf;    /**< The bytes (not owned). */
    uint32_t len;          /**< Bytes of @ref buf. */
    enum pcd_mem mem;      /**< The memory id the buffer stands for. */
    uint32_t cpu_base;     /**< Bus address of buf[0], or PCD_NO_CPU_ADDR. */
    uint32_t page_size;    /**< Reported by mem_info (2 KiB net flash, else 4 KiB; facts §4.1, §4.5). */
};

/**
 * @brief Initialise a buffer port.
 * @param[out] bp   the port
 * @param buf       bytes (may be NULL only if @p len is 0)
 * @param len       number of bytes
 * @param mem       memory id the buffer stands for
 * @param cpu_base  bus address of the first byte, or PCD_NO_CPU_ADDR (then bus_read always faults);
 *                  cpu_base + len must stay below 2^32
 * @retval 0 ok
 * @retval PCD_E_INVAL NULL @p bp, NULL @p buf with len > 0, @p mem out of range, or the bus
 *         window overflowing 32 bits
 */
int pcdsim_bufport_init(struct pcdsim_bufport *bp, const void *buf, uint32_t len, enum pcd_mem mem,
                        uint32_t cpu_base);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_BUFPORT_H */
