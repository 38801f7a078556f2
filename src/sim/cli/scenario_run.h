/* Turn a loaded scenario (pcdsim/scenario.h) into a run configuration (pcdsim/runner.h): read
 * the image files and keys it names, resolve slots and partitions from its layouts. Shared by
 * the commands that run scenarios (run, coverage, and later sweep). */
#ifndef PCDSIM_CLI_SCENARIO_RUN_H
#define PCDSIM_CLI_SCENARIO_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "pcdsim/diag.h"
#include "pcdsim/keys.h"
#include "pcdsim/runner.h"
#include "pcdsim/scenario.h"

/** A file's bytes. */
struct scn_blob {
    uint8_t *data; /**< malloc'd */
    uint32_t len;  /**< bytes */
};

/** A run configuration with everything it points to. */
struct scn_run {
    struct run_config cfg;                        /**< Ready for run_execute(). */
    struct scn_blob blobs[RUN_MAX_LOADS + RUN_MAX_STEPS + 8]; /**< Image files read (and a download package built). */
    unsigned n_blobs;                             /**< Entries of blobs. */
    struct pcdsim_key keys[RUN_MAX_KEYS];         /**< Keys loaded. */
    unsigned n_keys;                              /**< Entries of keys. */
    const struct pcdsim_scenario *scn;            /**< The scenario it was prepared from. */
    struct netcpu_image *net_binary;              /**< B0N binary of cfg.net_binary (owned), or NULL. */
};

struct netcpu_image;

/**
 * Prepare @p out from @p scn (which must outlive it). @p seed overrides the scenario's seed when
 * @p has_seed. Returns 0, or a negative code with @p diag filled (file and place of the problem).
 */
int scn_run_prepare(const struct pcdsim_scenario *scn, bool has_seed, uint64_t seed, struct scn_run *out,
                    struct pcdsim_diag *diag);

/**
 * Run @p run with @p profile instead of the scenario's own (`pcdsim run --profile`). When it
 * differs from the scenario's, the scenario's `expect` block -- written for its own profile, e.g.
 * the `verdicts: {ID: fail}` of an NCS-profile scenario -- is not applied: the run is judged on
 * the requirement ids the scenario names and the system properties, each of which must pass.
 * Returns true if the profile changed.
 */
bool scn_run_set_profile(struct scn_run *run, enum run_profile profile);

/**
 * Run @p run as NCS release @p version (`pcdsim run --ncs-version`, NCS profile only): the
 * models behave as that release, and the PCD block moves with it unless the layout places
 * `pcd_sram` itself. When it differs from the scenario's own `ncs_version` (default 2.9.0), the
 * scenario's `expect` block is not applied, as with scn_run_set_profile(): e.g. a hazard scenario
 * run outside the releases where its hazard exists must pass every verdict.
 * Returns true if the release changed.
 */
bool scn_run_set_ncs_version(struct scn_run *run, uint32_t version);

/**
 * Run the B0N binary @p path on the emulated Cortex-M33 as the network core instead of the
 * host-compiled B0N (`--net-binary`, scenario `net_core: {binary: FILE}`; src/sim/netcpu/).
 * Returns 0, or PCDSIM_E_FILE / PCDSIM_E_SCHEMA (not a B0N image; the reason in @p diag) /
 * PCDSIM_E_USAGE (this build has no emulator).
 */
int scn_run_set_net_binary(struct scn_run *run, const char *path, struct pcdsim_diag *diag);

/** Free what scn_run_prepare() read. */
void scn_run_free(struct scn_run *run);

#endif
