/**
 * @file
 * @brief The host port of src/nrf5dfu over the nRF52840 flash model (flashmodel/nrf52840.h):
 *        reads, NVMC word programs and page erases through the CPU's bus map, with device time.
 */
#ifndef PCDSIM_N52_PORT_H
#define PCDSIM_N52_PORT_H

#include <stdint.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf52840.h"
#include "nrf5dfu/port.h"
#include "nrf5dfu/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/** State behind one struct n5_port. */
struct n52_port_ctx {
    struct fm_sys *sys; /**< the nRF52840 system */
    uint64_t us;        /**< device time of the flash operations so far, µs */
    int last_fm_err;    /**< the flash model's code of the last failure (FM_E_POWER_LOSS after a cut), 0 if none */
};

/**
 * @brief Bind @p port to @p ctx (which the caller fills with the system).
 * @param port the port to fill
 * @param ctx its state
 */
void n52_port_init(struct n5_port *port, struct n52_port_ctx *ctx);

/**
 * @brief The update areas of a flash layout, as src/nrf5dfu takes them.
 * @param l the layout
 * @param[out] out the update layout
 */
void n52_layout_from(const struct fm_nrf52840_layout *l, struct n5_layout *out);

/**
 * @brief Put a device as the factory leaves it (no rules, no counters: fm_load()): @p image in
 *        bank 0, and settings and backup pages as `nrfutil settings generate` writes them
 *        (version 2, bank_0 = {size, CRC32, VALID_APP}, application boot validation CRC).
 *        The MBR, SoftDevice and bootloader areas get a fixed pattern (to see stray writes).
 * @param sys the nRF52840 system
 * @param l its layout
 * @param image the running application @param size its bytes (<= bank0_size)
 * @param app_version settings app_version
 * @retval 0 ok
 * @retval N5_E_SIZE the image does not fit bank 0
 */
int n52_provision(struct fm_sys *sys, const struct fm_nrf52840_layout *l, const uint8_t *image, uint32_t size,
                  uint32_t app_version);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_N52_PORT_H */
