/**
 * @file
 * @brief Strict loader for Partition Manager layouts (`pm_static.yml`, generated
 *        `partitions*.yml`) and the nRF5340 update view derived from them.
 *
 * All addresses and sizes are in bytes, as written in the file: offsets inside their device for
 * `external_flash` (QSPI offsets) and `ram_flash` (offsets in MCUboot's RAM flash simulator),
 * CPU addresses for `flash_primary`, `sram_primary` and `otp`, absolute network-core addresses in
 * a CPUNET file. Every function returns 0 or a negative ::pcdsim_err code and, when @p diag is not
 * NULL, fills it with `file:line:column` (1-based), the offending text and a hint (the loaders clear
 * it first, so it is empty after a success). The accepted
 * language, the strictness rules and the overlap rule are described in `docs/LAYOUT.md`.
 *
 * Nothing here keeps global state; a loaded ::pcdsim_layout owns all its memory until
 * pcdsim_layout_free().
 */
#ifndef PCDSIM_LAYOUT_H
#define PCDSIM_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcd/ncs_defaults.h"
#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Size of the name buffers (partition, device, region): 63 characters and a NUL. */
#define PCDSIM_LAYOUT_NAME_MAX 64

/** Largest layout file accepted, in bytes. */
#define PCDSIM_LAYOUT_FILE_MAX (4u * 1024u * 1024u)

/** Default network-core layout: `b0n_container` start (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_B0N_CONTAINER_ADDRESS PCD_NCS_B0N_CONTAINER_ADDR
/** Default network-core layout: `b0n_container` size in bytes (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_B0N_CONTAINER_SIZE PCD_NCS_B0N_CONTAINER_SIZE
/** Default network-core layout: net-core application start (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_APP_ADDRESS PCD_NCS_NET_APP_ADDR
/** Default network-core layout: net-core application size in bytes (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_APP_SIZE PCD_NCS_NET_APP_SIZE
/** Default network-core layout: `provision` start, after b0n inside the container (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_PROVISION_ADDRESS PCD_NCS_PROVISION_ADDR
/** Default network-core layout: `provision` size in bytes (pcd/ncs_defaults.h, facts §2.1). */
#define PCDSIM_NET_PROVISION_SIZE PCD_NCS_PROVISION_SIZE
/** Default PCD command block location (pcd/ncs_defaults.h, facts §1.1). */
#define PCDSIM_PCD_SRAM_ADDRESS PCD_NCS_PCD_SRAM_ADDR
/** Default PCD command block size in bytes (pcd/ncs_defaults.h, facts §1.1). */
#define PCDSIM_PCD_SRAM_SIZE PCD_NCS_PCD_SRAM_SIZE

/** Memory region of a partition (PM `region:`). */
enum pcdsim_region {
    PCDSIM_REGION_FLASH_PRIMARY = 0, /**< Internal flash (also the default when `region` is absent). */
    PCDSIM_REGION_SRAM_PRIMARY,      /**< SRAM. */
    PCDSIM_REGION_EXTERNAL_FLASH,    /**< External (QSPI) flash; addresses are device offsets. */
    PCDSIM_REGION_RAM_FLASH,         /**< MCUboot's RAM flash simulator; addresses are offsets in it. */
    PCDSIM_REGION_OTP,               /**< UICR OTP area. */
    PCDSIM_REGION_OTHER,             /**< Any other region name (kept in pcdsim_partition::region_name). */
};

/** A 1-based position in the source file (0/0 when unknown, e.g. a derived value). */
struct pcdsim_layout_pos {
    unsigned line;   /**< 1-based line, 0 if unknown. */
    unsigned column; /**< 1-based column, 0 if unknown. */
};

/** One partition. */
struct pcdsim_partition {
    char name[PCDSIM_LAYOUT_NAME_MAX];        /**< Partition name (the top-level key). */
    uint32_t address;                         /**< First byte. */
    uint32_t size;                            /**< Size in bytes (may be 0: placeholder). */
    uint32_t end_address;                     /**< address + size (exclusive), computed if absent. */
    bool has_end_address;                     /**< The file gave `end_address`. */
    enum pcdsim_region region;                /**< Parsed region. */
    char region_name[PCDSIM_LAYOUT_NAME_MAX]; /**< Raw `region:` string, "" if absent. */
    char device[PCDSIM_LAYOUT_NAME_MAX];      /**< Raw `device:` string (opaque), "" if absent. */
    bool has_device;                          /**< The file gave `device`. */
    char (*span)[PCDSIM_LAYOUT_NAME_MAX];     /**< Names of the partitions listed in `span:` (owned). */
    size_t span_count;                        /**< Number of entries in @ref span. */
    struct pcdsim_layout_pos pos;             /**< Where the partition name is written. */
    struct pcdsim_layout_pos address_pos;     /**< Where `address` is written (0/0 if derived). */
    struct pcdsim_layout_pos size_pos;        /**< Where `size` is written (0/0 if derived). */
    bool end_address_ignored;                 /**< `address`, `size` and a disagreeing `end_address` were all
                                                   given: address + size wins, as in Partition Manager
                                                   (see pcdsim_layout_print_notes()). */
    uint32_t end_address_written;             /**< The ignored `end_address` value (valid if @ref end_address_ignored). */
    struct pcdsim_layout_pos end_address_pos; /**< Where the ignored `end_address` is written. */
};

/** A loaded layout file. */
struct pcdsim_layout {
    char *path;                          /**< File it was loaded from (owned copy). */
    struct pcdsim_partition *partitions; /**< Partitions in file order (owned). */
    size_t count;                        /**< Number of partitions. */
};

/**
 * @brief Load and check a Partition Manager YAML file.
 *
 * Parses with libyaml (anchors and aliases resolved), validates every key strictly, derives
 * missing `size`/`address` from `end_address`, then runs pcdsim_layout_check().
 *
 * @param[in] path file to read
 * @param[out] out layout; zeroed on entry, left zeroed on any error (nothing to free then)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 loaded; free with pcdsim_layout_free()
 * @retval PCDSIM_E_FILE the file cannot be read, or is larger than ::PCDSIM_LAYOUT_FILE_MAX
 * @retval PCDSIM_E_YAML YAML syntax error (position from libyaml's problem mark), or several documents
 * @retval PCDSIM_E_SCHEMA empty file, wrong node type, unknown/duplicate/missing key, bad integer
 *         (not hex/decimal, negative, above 32 bits), `end_address` != `address` + `size`, invalid
 *         partition name, more than 512 partitions or more than 64 names in one list
 * @retval PCDSIM_E_LAYOUT see pcdsim_layout_check()
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_layout_load(const char *path, struct pcdsim_layout *out, struct pcdsim_diag *diag);

/**
 * @brief Load and check a layout from memory (same rules as pcdsim_layout_load()).
 * @param[in] name file name used in diagnostics and stored as pcdsim_layout::path
 * @param[in] text YAML text (need not be NUL-terminated)
 * @param[in] len length of @p text in bytes
 * @param[out] out layout; left zeroed on error
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 loaded
 * @retval PCDSIM_E_FILE @p len is larger than ::PCDSIM_LAYOUT_FILE_MAX
 * @retval PCDSIM_E_YAML syntax error
 * @retval PCDSIM_E_SCHEMA schema error
 * @retval PCDSIM_E_LAYOUT consistency error
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_layout_load_string(const char *name, const char *text, size_t len, struct pcdsim_layout *out,
                              struct pcdsim_diag *diag);

/**
 * @brief Check the consistency of a layout (called by the loaders).
 *
 * Every `span` entry must name a partition of the file that lies inside the spanning one, in
 * the same address space; two non-empty partitions of one address space may overlap only if
 * their ranges are identical or the overlap is covered by partitions that both contain (through
 * `span`, transitively). See docs/LAYOUT.md for the exact rule.
 *
 * @param[in] layout the layout
 * @param[out] diag diagnostic (may be NULL); an overlap names both partitions, their ranges and lines
 * @retval 0 consistent
 * @retval PCDSIM_E_LAYOUT overlap, unknown or non-contained `span` entry
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_layout_check(const struct pcdsim_layout *layout, struct pcdsim_diag *diag);

/**
 * @brief Print one warning per tolerated inconsistency of a loaded layout
 *        ("file:line:col: warning: ..."), today a disagreeing `end_address` that was ignored.
 * @param[in] layout the layout
 * @param[in] out stream (stderr in the CLI)
 * @return the number of warnings printed
 */
size_t pcdsim_layout_print_notes(const struct pcdsim_layout *layout, FILE *out);

/**
 * @brief Is @p p a region partition: the one Partition Manager names after its region
 *        (`external_flash`, `sram_primary`, `ram_flash`, `otp`, `flash_primary`) to describe the
 *        region's free space? It may cover other partitions of its region (docs/LAYOUT.md).
 * @param[in] p a partition
 * @return true if its name is the name of its own region
 */
bool pcdsim_partition_is_region(const struct pcdsim_partition *p);

/** Memory sizes a layout must fit, for pcdsim_layout_check_devices(). Internal flash and SRAM are
 *  the nRF5340 application core's (PS memory map: flash 0x00000000 + 1 MiB, SRAM 0x20000000 +
 *  512 KiB). */
struct pcdsim_layout_devices {
    bool qspi;               /**< The board has its QSPI flash; if false, no non-empty external_flash partition. */
    uint32_t qspi_size;      /**< QSPI flash size in bytes (nRF5340 DK MX25R64: 8 MiB). */
    bool ram_flash_known;    /**< Check `ram_flash` partitions against @ref ram_flash_size. */
    uint32_t ram_flash_size; /**< Size of MCUboot's RAM flash simulator in bytes. */
};

/**
 * @brief The one device check every command makes: each partition of an application-core layout
 *        lies inside its memory (internal flash, SRAM, QSPI flash offsets, RAM flash offsets).
 *        `otp` and unknown regions are not checked.
 * @param[in] layout application-core layout
 * @param[in] dev the memories, or NULL for the nRF5340 DK as `inspect` and `gate` build it: QSPI
 *            flash of 8 MiB (MX25R6435F, facts §4.5), MCUboot's RAM flash simulator at 0x20010000
 *            as large as the end of the layout's last `ram_flash` partition (default 0x40000,
 *            facts §4.6), which must stay inside app SRAM and off `pcd_sram`
 * @param[out] diag diagnostic (may be NULL): the partition's line, its range and the memory's
 * @retval 0 every partition fits
 * @retval PCDSIM_E_LAYOUT a partition lies outside its memory, or is in external flash on a board
 *         without QSPI flash, or (@p dev NULL) the RAM flash window leaves app SRAM or covers `pcd_sram`
 */
int pcdsim_layout_check_devices(const struct pcdsim_layout *layout, const struct pcdsim_layout_devices *dev,
                                struct pcdsim_diag *diag);

/**
 * @brief Find a partition by exact name.
 * @param[in] layout the layout
 * @param[in] name partition name
 * @return the partition (owned by @p layout), or NULL if absent
 */
const struct pcdsim_partition *pcdsim_layout_find(const struct pcdsim_layout *layout, const char *name);

/**
 * @brief Free a layout and zero it. Safe on a zeroed or already freed layout, and on NULL.
 * @param[in,out] layout the layout
 */
void pcdsim_layout_free(struct pcdsim_layout *layout);

/**
 * @brief Canonical name of a region ("flash_primary", ..., "other").
 * @param region a region
 * @return a static string
 */
const char *pcdsim_region_str(enum pcdsim_region region);

/** Where an MCUboot slot lives, as the update path sees it. */
enum pcdsim_slot_medium {
    PCDSIM_SLOT_INTERNAL = 0, /**< App-core internal flash (`flash_primary`): CPU-readable. */
    PCDSIM_SLOT_QSPI,         /**< External QSPI flash (`external_flash`): offset, NOT a CPU address. */
    PCDSIM_SLOT_RAM_FLASH,    /**< MCUboot's RAM flash simulator (`ram_flash`): offset in it. */
    PCDSIM_SLOT_NAND,         /**< External SPI NAND (`external_flash` with a NAND `device`, see
                                   pcdsim_layout_device_is_nand()): offset in the NAND. */
};

/**
 * @brief Does a partition's `device:` name an SPI NAND? True for "w25n01gv" (the part the model
 *        follows, flash-parts-facts §A) and for any name containing "nand", case-insensitively
 *        (docs/LAYOUT.md). Such `external_flash` partitions live in the NAND, not in the QSPI NOR.
 * @param device the raw `device:` string ("" if absent)
 * @return true if it names a NAND
 */
bool pcdsim_layout_device_is_nand(const char *device);

/** One MCUboot slot of the update view. */
struct pcdsim_slot {
    bool present;                        /**< The partition exists in the layout. */
    enum pcdsim_slot_medium medium;      /**< Where it lives. */
    uint32_t address;                    /**< Address (internal) or offset (QSPI, RAM flash, NAND). */
    uint32_t size;                       /**< Size in bytes. */
    char device[PCDSIM_LAYOUT_NAME_MAX]; /**< `device:` string, "" if none. */
};

/** The part of a layout the nRF5340 network-core update needs. */
struct pcdsim_update_layout {
    struct pcdsim_slot primary;     /**< `mcuboot_primary` (image 0), always internal. */
    struct pcdsim_slot secondary;   /**< `mcuboot_secondary` (internal or QSPI). */
    struct pcdsim_slot primary_1;   /**< `mcuboot_primary_1` if present (usually RAM flash). */
    struct pcdsim_slot secondary_1; /**< `mcuboot_secondary_1` if present. */
    uint32_t app_address;           /**< App-core image link address (`mcuboot_primary_app`/`app`), 0 if unknown. */
    uint32_t pcd_sram_address;      /**< PCD command block address (`pcd_sram`, else ::PCDSIM_PCD_SRAM_ADDRESS). */
    uint32_t pcd_sram_size;         /**< PCD command block size in bytes. */
    bool pcd_sram_from_file;        /**< `pcd_sram` came from the layout (else default). */
    uint32_t net_b0n_container_address; /**< Net-core `b0n_container` start (absolute). */
    uint32_t net_b0n_container_size;    /**< Net-core `b0n_container` size in bytes. */
    uint32_t net_app_address;           /**< Net-core application start (absolute). */
    uint32_t net_app_size;              /**< Net-core application size in bytes. */
    uint32_t net_provision_address;     /**< Net-core `provision` start (absolute; B0N's keys and NSIB's counter). */
    uint32_t net_provision_size;        /**< Net-core `provision` size in bytes. */
    bool net_from_file;                 /**< The net-core values came from a CPUNET file (else facts 2.1 defaults). */
    struct pcdsim_slot primary_2;       /**< `mcuboot_primary_2` if present: a third image (e.g. the QSPI XIP
                                             part of a split application, facts §5.6); not on the net-core path. */
    struct pcdsim_slot secondary_2;     /**< `mcuboot_secondary_2` if present. */
};

/**
 * @brief Derive the update view of an application-core layout.
 *
 * Requires `mcuboot_primary` (flash_primary) and `mcuboot_secondary` (flash_primary or
 * external_flash); `mcuboot_primary_1` and `mcuboot_secondary_1` are optional but come together.
 * `pcd_sram` (sram_primary) is optional. `mcuboot_primary_2` and `mcuboot_secondary_2` (a third
 * image, flash_primary or external_flash) are optional but come together. No two slots may share
 * bytes. The network-core side gets the facts 2.1 defaults; override it with
 * pcdsim_update_layout_set_net().
 *
 * @param[in] app application-core layout
 * @param[out] out update view (fully written on success, zeroed on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 success
 * @retval PCDSIM_E_LAYOUT a required partition is missing, in the wrong region, or slots overlap
 */
int pcdsim_update_layout_get(const struct pcdsim_layout *app, struct pcdsim_update_layout *out,
                             struct pcdsim_diag *diag);

/**
 * @brief Override the network-core side of @p io from a loaded CPUNET layout.
 *
 * Requires `b0n_container` and `app` in `flash_primary`, inside net flash
 * [0x01000000, 0x01040000), with `app` starting at or after the end of `b0n_container`.
 *
 * @param[in,out] io update view (only the net_* fields change, and only on success)
 * @param[in] net network-core layout
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 success
 * @retval PCDSIM_E_LAYOUT a partition is missing or misplaced
 */
int pcdsim_update_layout_set_net(struct pcdsim_update_layout *io, const struct pcdsim_layout *net,
                                 struct pcdsim_diag *diag);

/**
 * @brief Load a network-core partition file and override the net side of @p io with it.
 * @param[in,out] io update view (unchanged on error)
 * @param[in] net_path CPUNET partitions file (e.g. `partitions_CPUNET.yml`)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 success
 * @retval PCDSIM_E_FILE file error (see pcdsim_layout_load())
 * @retval PCDSIM_E_YAML syntax error
 * @retval PCDSIM_E_SCHEMA schema error
 * @retval PCDSIM_E_LAYOUT consistency error, or see pcdsim_update_layout_set_net()
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_update_layout_load_net(struct pcdsim_update_layout *io, const char *net_path,
                                  struct pcdsim_diag *diag);

/**
 * @brief Load a board's layout files the way every command does: the application-core file,
 *        pcdsim_layout_check_devices(), pcdsim_update_layout_get(), then the optional CPUNET file.
 * @param[in] app_path application-core layout (`pm_static.yml` / `partitions.yml`)
 * @param[in] net_path network-core layout (`partitions_CPUNET.yml`), or NULL for the defaults
 * @param[in] dev the memories (NULL: the nRF5340 DK, see pcdsim_layout_check_devices())
 * @param[out] app the loaded application-core layout (zeroed on error; free with pcdsim_layout_free())
 * @param[out] ul the update view
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 success
 * @return any error of pcdsim_layout_load(), pcdsim_layout_check_devices(), pcdsim_update_layout_get()
 *         or pcdsim_update_layout_load_net()
 */
int pcdsim_layout_load_board(const char *app_path, const char *net_path, const struct pcdsim_layout_devices *dev,
                             struct pcdsim_layout *app, struct pcdsim_update_layout *ul, struct pcdsim_diag *diag);

/**
 * @brief Name of a slot medium ("internal", "qspi", "ram_flash").
 * @param medium a medium
 * @return a static string
 */
const char *pcdsim_slot_medium_str(enum pcdsim_slot_medium medium);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_LAYOUT_H */
