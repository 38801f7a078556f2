/**
 * @file
 * @brief The port: the only way src/pcd/ reaches memories, the other core, time and crypto.
 *
 * src/pcd/ (PCD, B0N, the app-side updater) is freestanding: no libc beyond string.h and
 * stdint.h, no malloc, no stdio, no global mutable state. Everything it touches goes through a
 * `struct pcd_port` that the platform provides:
 *   - the host simulator (src/sim/) implements it over the emulated memories of src/flashmodel/;
 *   - the nRF5340 port implements it over NVMC, RESET and SPU registers.
 *
 * Addresses are `uint32_t` in the nRF5340 address map (e.g. 0x01008800), never host pointers.
 * Lengths are in bytes, times in microseconds of device time. Every operation returns 0 or a
 * negative `enum pcd_err`; a port never returns a positive value (the wrappers below turn one
 * into PCD_E_IO). PCD_E_HALTED means the core lost power or was reset during the call: the
 * caller must unwind at once, without touching anything else (on target such calls never
 * return at all).
 *
 * Crypto (SHA-256, signature verification) is bound at link time, not through the ops table:
 * each binary links exactly one provider of each crypto symbol (the library pcd_crypto_openssl
 * on the host; pcd_crypto_builtin for SHA-256 and, on the network core, pcd_crypto_nosig on
 * target; see src/pcd/crypto/CMakeLists.txt).
 *
 * The contract of each operation is written once, here; docs/PORTING.md links to it.
 */
#ifndef PCD_PORT_H
#define PCD_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Value of pcd_mem_info::cpu_addr for a memory this core cannot address (e.g. QSPI for the net core). */
#define PCD_NO_CPU_ADDR 0xFFFFFFFFu

/** Length of a SHA-256 digest, bytes. */
#define PCD_SHA256_LEN 32u

/**
 * Memories the update code addresses as (memory, offset). Offsets are from the start of the
 * device, as in a partition file (pm_static.yml).
 */
enum pcd_mem {
    PCD_MEM_APP_FLASH = 0, /**< App-core NVMC flash: 1 MiB at 0x00000000, 4 KiB pages (facts §4.1). */
    PCD_MEM_NET_FLASH = 1, /**< Net-core NVMC flash: 256 KiB at 0x01000000, 2 KiB pages (facts §4.1). */
    PCD_MEM_QSPI = 2,      /**< External QSPI NOR (MX25R6435F, 8 MiB, 4 KiB sectors); not readable by the net core. */
    PCD_MEM_RAM_FLASH = 3, /**< MCUboot's RAM flash simulator (`ram_flash` region) inside app SRAM (facts §4.6). */
    PCD_MEM_NAND = 4,      /**< External SPI NAND (W25N01GV, flash-parts-facts §A): app core only, through its
                                driver; raw pages via nand_read/nand_program, or logical through pcd/nand_area.h. */
    PCD_MEM_COUNT
};

/** Geometry of a memory as this core sees it. */
struct pcd_mem_info {
    uint32_t size;       /**< Bytes. 0 if the device is absent on this board. */
    uint32_t page_size;  /**< Erase unit, bytes (NVMC page, QSPI sector). */
    uint32_t write_size; /**< Program unit, bytes: offsets and lengths of a program are multiples of it. */
    uint32_t cpu_addr;   /**< Address of offset 0 in this core's map, or PCD_NO_CPU_ADDR. */
    uint8_t erase_value; /**< Value of an erased byte (0xFF for all nRF5340 memories). */
};

/** Log levels, as MCUboot's BOOT_LOG_ERR/WRN/INF/DBG. */
enum pcd_log_level {
    PCD_LOG_ERR = 0,
    PCD_LOG_WRN = 1,
    PCD_LOG_INF = 2,
    PCD_LOG_DBG = 3,
};

/**
 * Milestones the update code announces through pcd_port_ops::trace. The simulator shows them in
 * the timeline and lets scenarios inject faults at them; on target they may go to a trace
 * buffer or nowhere. Values are stable (they appear in traces).
 */
enum pcd_trace {
    PCD_TRACE_APP_VALIDATED = 1,    /**< The candidate passed MCUboot validation (arg: img_size). */
    PCD_TRACE_APP_STAGED = 2,       /**< The candidate was copied into RAM (arg: RAM address). */
    PCD_TRACE_APP_OUTCOME = 3,      /**< An attempt ended (arg: 0 DONE, else -PCD_E_* code). */
    PCD_TRACE_APP_MARK_STARTED = 4, /**< Marking the slot done/rejected begins (arg: 1 done, 0 rejected). */
    PCD_TRACE_APP_MARK_DONE = 5,    /**< Marking finished (arg as above). */
    PCD_TRACE_DL_STORED = 6,        /**< The application's download recorded its progress (pcd/download.h; arg: the
                                         package bytes safely stored). */
    PCD_TRACE_B0N_CMD_SEEN = 10,    /**< B0N found a command (arg: magic). */
    PCD_TRACE_B0N_SRC_VERIFIED = 11,/**< The source matched the expected SHA-256 (arg: len). */
    PCD_TRACE_B0N_COPY_DONE = 12,   /**< The last word of the copy was written (arg: len). */
    PCD_TRACE_B0N_DST_VERIFIED = 13,/**< The destination matched the expected SHA-256 (arg: len). */
};

/**
 * Operations a platform provides to one core. A core that does not need an operation may leave
 * it NULL; calling a NULL operation through the wrappers yields PCD_E_UNSUPPORTED.
 */
struct pcd_port_ops {
    /**
     * Geometry of @p mem.
     * @retval 0 ok; PCD_E_UNSUPPORTED the device is absent.
     */
    int (*mem_info)(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out);
    /**
     * Read @p len bytes at offset @p off of @p mem into @p buf.
     * @retval 0 ok; PCD_E_RANGE outside the device; PCD_E_BUS_FAULT this core cannot read it;
     *         PCD_E_HALTED power lost.
     */
    int (*flash_read)(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len);
    /**
     * Program @p len bytes at @p off: bits can only go 1 -> 0; @p off and @p len are multiples of
     * write_size; a page must be erased before its words are programmed again (NVMC: at most 2
     * writes per word between erases).
     * @retval 0 ok; PCD_E_RANGE; PCD_E_FLASH_RULE rule violated (recorded by the platform);
     *         PCD_E_BUS_FAULT this core cannot write it; PCD_E_HALTED power lost.
     */
    int (*flash_program)(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len);
    /**
     * Erase the pages covering [@p off, @p off + @p len); both page-aligned.
     * @retval as flash_program.
     */
    int (*flash_erase)(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len);
    /**
     * CPU read of @p len bytes at bus address @p addr in this core's map (app flash, app RAM, ...).
     * @retval 0 ok; PCD_E_BUS_FAULT any byte unmapped or not readable by this core (the core
     *         halts on target); PCD_E_HALTED.
     */
    int (*bus_read)(void *ctx, uint32_t addr, void *buf, uint32_t len);
    /**
     * Optional. flash_read() without the copy: the same checks, faults and device time, and
     * *@p out points at the @p len bytes in place, valid until this core's next port operation.
     * For memory the core can address (internal flash and RAM on the nRF5340) and simulators;
     * NULL or PCD_E_UNSUPPORTED: the caller reads into its own buffer.
     */
    int (*flash_view)(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len, const void **out);
    /** Optional. bus_read() without the copy, as flash_view. */
    int (*bus_view)(void *ctx, uint32_t addr, uint32_t len, const void **out);
    /**
     * CPU write to RAM at bus address @p addr.
     * @retval 0 ok; PCD_E_BUS_FAULT unmapped, read-only (SPU lock) or flash; PCD_E_HALTED.
     */
    int (*bus_write)(void *ctx, uint32_t addr, const void *buf, uint32_t len);
    /**
     * Volatile 32-bit read of shared RAM at word-aligned @p addr (the PCD command block). The
     * other core may change the word between two calls.
     * @retval as bus_read.
     */
    int (*shared_read32)(void *ctx, uint32_t addr, uint32_t *val);
    /**
     * Volatile 32-bit write of shared RAM at word-aligned @p addr.
     * @retval as bus_write.
     */
    int (*shared_write32)(void *ctx, uint32_t addr, uint32_t val);
    /**
     * App core: RESET.NETWORK.FORCEOFF. @p hold true = Hold (net core off), false = Release (net
     * core starts at its reset vector, i.e. B0N). nRF5340 PS, RESET chapter, register
     * NETWORK.FORCEOFF at RESET + 0x614.
     * @retval 0 ok; PCD_E_UNSUPPORTED on the net core; PCD_E_HALTED.
     */
    int (*netcore_force_off)(void *ctx, bool hold);
    /**
     * App core: make the SPU RAM regions covering [@p addr, @p addr + @p len) read-only for
     * everyone and lock the setting until the next reset (nRF5340 PS, SPU chapter, RAMREGION[n]
     * PERM; 8 KiB regions).
     * @retval 0 ok; PCD_E_INVAL not region-aligned; PCD_E_UNSUPPORTED; PCD_E_HALTED.
     */
    int (*spu_lock_ram)(void *ctx, uint32_t addr, uint32_t len);
    /**
     * Let @p us microseconds of device time pass on this core (busy wait on target). The other
     * core runs meanwhile.
     * @retval 0 ok; PCD_E_HALTED.
     */
    int (*delay_us)(void *ctx, uint64_t us);
    /**
     * Optional. Poll the shared-RAM word at word-aligned @p addr every @p poll_us µs (busy-wait,
     * then read) until it differs from @p unchanged, for at most @p timeout_us µs. Must behave
     * exactly like the loop pcd_poll_word() runs when this is NULL; a platform provides it when it
     * can wait more cheaply (the simulator: no thread switch per poll).
     * @param[out] value the word read last
     * Times are 64-bit µs of device time (a 24 h timeout does not fit 32 bits of µs).
     * @param[out] waited_us device time waited: a multiple of @p poll_us, or @p timeout_us
     * @retval 0 the word changed; PCD_E_TIMEOUT it did not; PCD_E_HALTED; a read error.
     */
    int (*poll_word)(void *ctx, uint32_t addr, uint32_t unchanged, uint64_t poll_us, uint64_t timeout_us,
                     uint32_t *value, uint64_t *waited_us);
    /**
     * Signal the other core (IPC-style event) that the command block changed.
     * @retval 0 ok; PCD_E_HALTED.
     */
    int (*signal)(void *ctx);
    /**
     * Boot the image whose vector table is at @p vtor: on target it does not return. On the host
     * it records the boot and returns; the caller then returns too.
     */
    void (*boot)(void *ctx, uint32_t vtor);
    /** Stop this core until the other core resets it. Does not return on target. */
    void (*stop)(void *ctx);
    /**
     * Emit a log line. @p fmt uses a printf subset: %s %c %d %u %x %X %%, optional '0' flag and
     * width, 'l' modifier (long). No trailing newline.
     */
    void (*log)(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap);
    /**
     * Announce a milestone (optional; NULL = ignored). It has no effect on the update itself;
     * a fault injected at it shows up as PCD_E_HALTED from the next port operation.
     */
    void (*trace)(void *ctx, enum pcd_trace event, uint32_t arg);
    /**
     * Optional. Write- and erase-protect [@p off, @p off + @p len) of @p mem against this core
     * until the core's next reset: on the nRF5340 network core one free ACL region with
     * PERM.WRITE set (NCS fprotect_area; nRF5340 PS, ACL: registers write-once until reset, ADDR
     * a page's start address). Afterwards a program or erase of the range "is blocked and a Bus
     * Fault exception is triggered": the core halts (PCD_E_BUS_FAULT from the simulators; on
     * silicon the call never returns).
     * @retval 0 the protection is in force; PCD_E_INVAL empty, not page-aligned or outside
     *         @p mem; PCD_E_IO no free region, or the registers read back otherwise;
     *         PCD_E_UNSUPPORTED; PCD_E_HALTED.
     */
    int (*flash_protect)(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len);
    /**
     * Optional; NAND memories (PCD_MEM_NAND) only. Read page @p page (offset page * write_size)
     * through the device's on-die ECC: @p data gets write_size bytes, @p spare PCD_NAND_SPARE bytes
     * of its spare area; either may be NULL. flash_read() of a NAND memory behaves the same, by
     * bytes; flash_program() programs whole pages (spare left erased) and flash_erase() whole
     * blocks (page_size). See pcd/nand_area.h for the layer that uses these.
     * @retval 0 read, clean or corrected by the ECC; PCD_E_ECC uncorrectable (raw bytes copied);
     *         PCD_E_RANGE; PCD_E_HALTED.
     */
    int (*nand_read)(void *ctx, enum pcd_mem mem, uint32_t page, void *data, void *spare);
    /**
     * Optional; NAND only. Program page @p page with @p data (write_size bytes) and @p spare
     * (PCD_NAND_SPARE bytes); NULL leaves that part erased. Each page once per erase, pages of a
     * block in ascending order (W25N01GV).
     * @retval 0 ok; PCD_E_NAND_FAIL the device reported a program failure (bad block; flash_erase
     *         reports an erase failure the same way); PCD_E_FLASH_RULE; PCD_E_RANGE; PCD_E_HALTED.
     */
    int (*nand_program)(void *ctx, enum pcd_mem mem, uint32_t page, const void *data, const void *spare);
};

/** Spare ("OOB") bytes of a NAND page (W25N01GV: 64; flash-parts-facts §A). */
#define PCD_NAND_SPARE 64u

/** A port instance: one per core. */
struct pcd_port {
    const struct pcd_port_ops *ops; /**< Operations; never NULL. */
    void *ctx;                      /**< Platform context passed to every operation. */
};

/* Wrappers: the update code calls these, never ops directly. Each one maps a NULL operation
 * to PCD_E_UNSUPPORTED and a contract-breaking positive return to PCD_E_IO. */

/** Normalise a port return value: 0 or a negative code. */
static inline int pcd_port_rc(int rc)
{
    return rc > 0 ? PCD_E_IO : rc;
}

/** @copydoc pcd_port_ops::mem_info */
static inline int pcd_mem_info(const struct pcd_port *p, enum pcd_mem mem, struct pcd_mem_info *out)
{
    return p->ops->mem_info ? pcd_port_rc(p->ops->mem_info(p->ctx, mem, out)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::flash_read */
static inline int pcd_flash_read(const struct pcd_port *p, enum pcd_mem mem, uint32_t off, void *buf,
                                 uint32_t len)
{
    return p->ops->flash_read ? pcd_port_rc(p->ops->flash_read(p->ctx, mem, off, buf, len))
                              : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::flash_program */
static inline int pcd_flash_program(const struct pcd_port *p, enum pcd_mem mem, uint32_t off,
                                    const void *buf, uint32_t len)
{
    return p->ops->flash_program ? pcd_port_rc(p->ops->flash_program(p->ctx, mem, off, buf, len))
                                 : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::flash_erase */
static inline int pcd_flash_erase(const struct pcd_port *p, enum pcd_mem mem, uint32_t off,
                                  uint32_t len)
{
    return p->ops->flash_erase ? pcd_port_rc(p->ops->flash_erase(p->ctx, mem, off, len))
                               : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::bus_read */
static inline int pcd_bus_read(const struct pcd_port *p, uint32_t addr, void *buf, uint32_t len)
{
    return p->ops->bus_read ? pcd_port_rc(p->ops->bus_read(p->ctx, addr, buf, len)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::flash_view */
static inline int pcd_flash_view(const struct pcd_port *p, enum pcd_mem mem, uint32_t off, uint32_t len,
                                 const void **out)
{
    return p->ops->flash_view ? pcd_port_rc(p->ops->flash_view(p->ctx, mem, off, len, out)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::bus_view */
static inline int pcd_bus_view(const struct pcd_port *p, uint32_t addr, uint32_t len, const void **out)
{
    return p->ops->bus_view ? pcd_port_rc(p->ops->bus_view(p->ctx, addr, len, out)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::bus_write */
static inline int pcd_bus_write(const struct pcd_port *p, uint32_t addr, const void *buf, uint32_t len)
{
    return p->ops->bus_write ? pcd_port_rc(p->ops->bus_write(p->ctx, addr, buf, len))
                             : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::shared_read32 */
static inline int pcd_shared_read32(const struct pcd_port *p, uint32_t addr, uint32_t *val)
{
    return p->ops->shared_read32 ? pcd_port_rc(p->ops->shared_read32(p->ctx, addr, val))
                                 : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::shared_write32 */
static inline int pcd_shared_write32(const struct pcd_port *p, uint32_t addr, uint32_t val)
{
    return p->ops->shared_write32 ? pcd_port_rc(p->ops->shared_write32(p->ctx, addr, val))
                                  : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::netcore_force_off */
static inline int pcd_netcore_force_off(const struct pcd_port *p, bool hold)
{
    return p->ops->netcore_force_off ? pcd_port_rc(p->ops->netcore_force_off(p->ctx, hold))
                                     : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::flash_protect */
static inline int pcd_flash_protect(const struct pcd_port *p, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    return p->ops->flash_protect ? pcd_port_rc(p->ops->flash_protect(p->ctx, mem, off, len)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::nand_read */
static inline int pcd_nand_read(const struct pcd_port *p, enum pcd_mem mem, uint32_t page, void *data, void *spare)
{
    return p->ops->nand_read ? pcd_port_rc(p->ops->nand_read(p->ctx, mem, page, data, spare)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::nand_program */
static inline int pcd_nand_program(const struct pcd_port *p, enum pcd_mem mem, uint32_t page, const void *data,
                                   const void *spare)
{
    return p->ops->nand_program ? pcd_port_rc(p->ops->nand_program(p->ctx, mem, page, data, spare))
                                : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::spu_lock_ram */
static inline int pcd_spu_lock_ram(const struct pcd_port *p, uint32_t addr, uint32_t len)
{
    return p->ops->spu_lock_ram ? pcd_port_rc(p->ops->spu_lock_ram(p->ctx, addr, len))
                                : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::delay_us */
static inline int pcd_delay_us(const struct pcd_port *p, uint64_t us)
{
    return p->ops->delay_us ? pcd_port_rc(p->ops->delay_us(p->ctx, us)) : PCD_E_UNSUPPORTED;
}

/**
 * @brief Poll a shared-RAM word until it changes (see pcd_port_ops::poll_word): the port's
 *        operation, or else the loop: delay min(poll, time left), read, compare.
 * @param p          the port
 * @param addr       word-aligned bus address
 * @param unchanged  the value it has while nothing happened
 * @param poll_us    poll period, µs (> 0)
 * @param timeout_us bound, µs
 * @param[out] value the word read last
 * @param[out] waited_us device time waited, µs
 * @retval 0 it changed
 * @retval PCD_E_TIMEOUT it did not within @p timeout_us
 * @retval PCD_E_INVAL poll_us is 0
 * @retval other a port error (PCD_E_HALTED, ...)
 */
int pcd_poll_word(const struct pcd_port *p, uint32_t addr, uint32_t unchanged, uint64_t poll_us,
                  uint64_t timeout_us, uint32_t *value, uint64_t *waited_us);

/** @copydoc pcd_port_ops::signal */
static inline int pcd_signal(const struct pcd_port *p)
{
    return p->ops->signal ? pcd_port_rc(p->ops->signal(p->ctx)) : PCD_E_UNSUPPORTED;
}

/** @copydoc pcd_port_ops::boot */
static inline void pcd_boot(const struct pcd_port *p, uint32_t vtor)
{
    if (p->ops->boot) {
        p->ops->boot(p->ctx, vtor);
    }
}

/** @copydoc pcd_port_ops::stop */
static inline void pcd_stop(const struct pcd_port *p)
{
    if (p->ops->stop) {
        p->ops->stop(p->ctx);
    }
}

/** @copydoc pcd_port_ops::trace */
static inline void pcd_trace(const struct pcd_port *p, enum pcd_trace event, uint32_t arg)
{
    if (p->ops->trace) {
        p->ops->trace(p->ctx, event, arg);
    }
}

/**
 * @brief Log through the port (printf subset, see pcd_port_ops::log). A NULL log op drops it.
 * @param p     the port
 * @param level severity
 * @param fmt   format string
 */
void pcd_log(const struct pcd_port *p, enum pcd_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ------------------------------------------------------------------------------------------ */
/* Crypto, bound at link time: one provider per binary (pcd_crypto_openssl | pcd_crypto_builtin). */

/** Streaming SHA-256 state; opaque storage owned by the caller, interpreted by the backend. */
struct pcd_sha256 {
    union {
        uint64_t align;
        void *ptr;
        unsigned char bytes[128];
    } u; /**< Backend state. */
};

/**
 * @brief Start a SHA-256 computation. Every successful init must be ended by
 *        pcd_sha256_final() or pcd_sha256_drop().
 * @param[out] ctx state to initialise
 * @retval 0 ok
 * @retval PCD_E_CRYPTO backend failure (nothing to drop)
 */
int pcd_sha256_init(struct pcd_sha256 *ctx);

/**
 * @brief Feed @p len bytes.
 * @param ctx  state from pcd_sha256_init()
 * @param data bytes to hash
 * @param len  number of bytes
 * @retval 0 ok
 * @retval PCD_E_CRYPTO backend failure (the state must still be dropped)
 */
int pcd_sha256_update(struct pcd_sha256 *ctx, const void *data, uint32_t len);

/**
 * @brief Finish, write the 32-byte digest and release the state.
 * @param ctx      state from pcd_sha256_init(); released on return whatever the result
 * @param[out] out PCD_SHA256_LEN bytes
 * @retval 0 ok
 * @retval PCD_E_CRYPTO backend failure
 */
int pcd_sha256_final(struct pcd_sha256 *ctx, uint8_t out[PCD_SHA256_LEN]);

/**
 * @brief Copy a running SHA-256 state, so one pass over shared leading bytes can give two
 *        digests (B0N hashes its source once for the expected SHA-256 and the fw_validation_info
 *        hash). @p dst must be released like any state from pcd_sha256_init().
 * @param[out] dst new state
 * @param src running state (unchanged)
 * @retval 0 ok
 * @retval PCD_E_CRYPTO backend failure (nothing to drop)
 */
int pcd_sha256_copy(struct pcd_sha256 *dst, const struct pcd_sha256 *src);

/**
 * @brief Release a state without producing a digest (error paths). Safe on a released state.
 * @param ctx state to release
 */
void pcd_sha256_drop(struct pcd_sha256 *ctx);

/** Signature algorithms of MCUboot images (facts §5.3). */
enum pcd_sig_alg {
    PCD_SIG_ECDSA_P256 = 0,  /**< TLV 0x22, DER (r,s) over the 32-byte image hash. */
    PCD_SIG_ED25519 = 1,     /**< TLV 0x24, 64 bytes, Ed25519 over the 32-byte image hash as message. */
    PCD_SIG_RSA2048_PSS = 2, /**< TLV 0x20, 256 bytes, RSA-PSS/SHA-256, salt 32, over the image hash. */
};

/**
 * @brief Verify a signature over a 32-byte image hash.
 * @param alg     algorithm
 * @param key     public key in struct pcd_key's DER form (what KEYHASH hashes): SubjectPublicKeyInfo,
 *                PKCS#1 RSAPublicKey for PCD_SIG_RSA2048_PSS
 * @param key_len bytes of @p key
 * @param digest  the image hash (SHA-256 of the hashed region)
 * @param sig     signature bytes as stored in the TLV
 * @param sig_len bytes of @p sig
 * @retval 0 the signature verifies
 * @retval PCD_E_IMG_SIG it does not (including a key of another algorithm)
 * @retval PCD_E_UNSUPPORTED the backend lacks @p alg
 * @retval PCD_E_CRYPTO backend failure (e.g. unparsable key)
 */
int pcd_sig_verify(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                   const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len);

#ifdef __cplusplus
}
#endif

#endif /* PCD_PORT_H */
