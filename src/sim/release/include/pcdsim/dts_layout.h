/**
 * @file
 * @brief Partitions from devicetree (`zephyr/zephyr.dts` of an image) where there is no Partition
 *        Manager file (PM is deprecated from NCS 3.3; release-packages.md §1).
 *
 * The DTS is compiled with dtc (Debian device-tree-compiler: `dtc -@ -I dts -O dtb`, run as a
 * subprocess into a temporary file, `-@` keeping the labels in `/__symbols__`) and read with libfdt
 * (libfdt-dev); nothing is parsed by hand. Labels read:
 * - `slot0_partition`, `slot1_partition`: MCUboot image 0 (application) primary and secondary
 *   (required);
 * - `slot2_partition`, `slot3_partition`: image 1 (network core) primary (the RAM flash simulator)
 *   and secondary (optional, together);
 * - `pcd_sram` or `sram0_dfu_shared` (the PCD command block node; the name is [unverified], facts
 *   errata): its `reg` gives the block's address and size; absent = the default 0x20000000.
 *
 * A partition's medium follows its flash device: a device under a `zephyr,sim-flash` controller is
 * MCUboot's RAM flash simulator (offsets in it; its size is the device's `reg` size: 224 KiB in
 * `flash_sim.overlay`, facts §4.6); a device whose compatible ends in `-nor` is the QSPI flash
 * (offsets in it); anything else is internal flash (CPU address = device base + partition offset).
 * The result is a ::pcdsim_layout in Partition Manager terms (`mcuboot_primary`, `mcuboot_secondary`,
 * `mcuboot_primary_1` in region `ram_flash`, `mcuboot_secondary_1`, `pcd_sram`), so every check the
 * PM path makes applies unchanged.
 */
#ifndef PCDSIM_DTS_LAYOUT_H
#define PCDSIM_DTS_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"
#include "pcdsim/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Read the partitions of a `zephyr.dts`.
 * @param[in] path the DTS file
 * @param[out] out layout (zeroed first and on error); then run pcdsim_layout_check() and friends
 * @param[out] ram_flash_size size of the RAM flash simulator device in bytes (0 if none)
 * @param[out] diag diagnostic (may be NULL); dtc's own messages (file:line) go to stderr
 * @retval 0 read
 * @retval PCDSIM_E_FILE dtc cannot be run, or the temporary dtb cannot be written or read
 * @retval PCDSIM_E_SCHEMA dtc refused the file, the dtb is invalid, a required label is missing
 *         (the message lists the labels looked for), or a `reg` has an unsupported cell count
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_dts_layout_load(const char *path, struct pcdsim_layout *out, uint32_t *ram_flash_size,
                           struct pcdsim_diag *diag);

/**
 * @brief The network core's side from its image's `zephyr.dts` (e.g. `ipc_radio/zephyr/zephyr.dts`):
 *        labels `b0n_partition` (required), `provision_partition` (optional; the `b0n_container`
 *        spans B0N and it, facts §2.1) and `s0_partition` or `slot0_partition` (the network-core
 *        application), CPU address = flash device base + partition offset; then the checks of
 *        pcdsim_update_layout_set_net().
 * @param[in] path the network core's DTS
 * @param[in,out] io update view (only the net_* fields change, and only on success)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @retval PCDSIM_E_SCHEMA dtc refused the file, or a required label is missing (the labels are listed)
 * @retval PCDSIM_E_LAYOUT see pcdsim_update_layout_set_net()
 * @return any other error of pcdsim_dts_layout_load()
 */
int pcdsim_dts_net_layout_load(const char *path, struct pcdsim_update_layout *io, struct pcdsim_diag *diag);

/** @brief Is @p path a devicetree source (name ends in `.dts`)? @param path file @return 1 or 0 */
int pcdsim_is_dts_path(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_DTS_LAYOUT_H */
