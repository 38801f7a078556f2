/**
 * @file
 * @brief Scenarios of the nRF52 dual-bank update (`board: {soc: nrf52840}`; docs/SCENARIOS.md,
 *        "nRF52840 scenarios"; docs/NRF52.md): a strict loader of their own format. Bad input
 *        gets file:line:col diagnostics, as for nRF5340 scenarios.
 */
#ifndef PCDSIM_N52_SCENARIO_H
#define PCDSIM_N52_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flashmodel/nrf52840.h"
#include "pcdsim/diag.h"
#include "pcdsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define N52_MAX_FAULTS 8 /**< faults of one scenario */
#define N52_MAX_REQS 16  /**< requirement ids of one scenario */

/** Where a power loss is counted (the n-th flash operation of that kind). */
enum n52_phase {
    N52_DURING_BANK1_WRITE = 0,     /**< the application's programs and erases of bank 1 */
    N52_DURING_SETTINGS_WRITE = 1,  /**< any write of the settings page or its backup */
    N52_DURING_ACTIVATION_COPY = 2, /**< the bootloader's programs and erases of bank 0 */
};

/** One fault. */
struct n52_fault {
    bool corrupt;         /**< corrupt_bank1 (else power_loss) */
    enum n52_phase phase; /**< power_loss: where */
    unsigned nth;         /**< power_loss: the n-th operation there, 1-based */
    uint32_t offset;      /**< corrupt_bank1: byte of bank 1 inverted once the application staged it */
};

/** What the scenario expects at the end. */
struct n52_expect {
    bool has_running;  /**< expect.running given */
    bool running_new;  /**< the new image runs (else the old one) */
    bool has_rejected; /**< expect.rejected given */
    int rejected;      /**< 0 (none) or the N5_E_* code the bootloader refuses bank 1 with */
};

/** A loaded nRF52 scenario. */
struct n52_scenario {
    char *path, *dir;     /**< as given; its folder */
    char *name;           /**< name */
    uint64_t seed;        /**< seed */
    const struct pcdsim_requirement *reqs[N52_MAX_REQS]; /**< requirement ids named */
    size_t n_reqs;        /**< entries */
    struct fm_nrf52840_layout layout; /**< the default with the scenario's overrides, checked */
    char *key_path;       /**< trusted init-packet key (keys[0]); NULL: none */
    uint8_t *app, *update, *init; /**< factory image, new image, init packet (malloc'd) */
    size_t app_len, update_len, init_len; /**< their bytes */
    uint32_t app_version; /**< settings app_version at the factory */
    struct n52_fault faults[N52_MAX_FAULTS]; /**< faults */
    unsigned n_faults;    /**< entries */
    struct n52_expect expect; /**< expectations */
};

/**
 * @brief Is @p path an nRF52 scenario (a YAML mapping whose `board` has `soc: nrf52840`)?
 *        Anything unreadable or unparsable answers false (the nRF5340 loader then reports it).
 * @param path file
 * @return true for an nRF52 scenario
 */
bool n52_scenario_detect(const char *path);

/**
 * @brief Load an nRF52 scenario: keys, values, files and layout all checked.
 * @param path file
 * @param[out] out the scenario (free with n52_scenario_free(), also after a failure)
 * @param d diagnostic (file:line:col, hint)
 * @retval 0 ok
 * @retval PCDSIM_E_FILE, PCDSIM_E_YAML, PCDSIM_E_SCHEMA, PCDSIM_E_NOMEM
 */
int n52_scenario_load(const char *path, struct n52_scenario *out, struct pcdsim_diag *d);

/** @brief Free a scenario (zeroed or loaded). @param s the scenario */
void n52_scenario_free(struct n52_scenario *s);

/** @brief "bank1_write", "settings_write", "activation_copy". @param p phase @return static string */
const char *n52_phase_name(enum n52_phase p);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_N52_SCENARIO_H */
