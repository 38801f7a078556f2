/**
 * @file
 * @brief The runner of nRF52 scenarios: the device's power-ons (the bootloader, then the
 *        application staging the update), faults, and the verdicts N52-WRITE, N52-ACTIVATE,
 *        N52-POWER-SAFE, SYS-CONVERGE, SYS-FLASH-RULES, SYS-NO-STRAY-WRITE and the expectations;
 *        and its every-op power-loss sweep (docs/NRF52.md).
 */
#ifndef PCDSIM_N52_RUN_H
#define PCDSIM_N52_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "pcdsim/n52_scenario.h"
#include "pcdsim/runner.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most power-ons of one run (SYS-CONVERGE). */
#define N52_MAX_BOOTS 16u

/** How to run: the scenario's own faults, or a cut at one flash operation instead of its power losses. */
struct n52_run_opts {
    bool cut;          /**< cut at @ref cut_op (the scenario's power losses are left out) */
    uint64_t cut_op;   /**< flash operation number (0 = the first of the run) */
    bool tear;         /**< tear that operation (some bits land) instead of cutting before it */
    FILE *timeline;    /**< what happens, one line per step (NULL: nothing) */
};

/**
 * @brief Run an nRF52 scenario and judge it (res->ok: every verdict passed).
 * @param s the scenario
 * @param o options (NULL: the scenario as written)
 * @param[out] res the verdicts and counters
 * @retval 0 ran
 * @retval PCDSIM_E_NOMEM, PCDSIM_E_KEY (the key does not load), PCDSIM_E_INTERNAL
 */
int n52_run(const struct n52_scenario *s, const struct n52_run_opts *o, struct run_result *res);

/** What a sweep found. */
struct n52_sweep_result {
    uint64_t points; /**< branches run */
    uint64_t failed; /**< branches with a failing verdict */
};

/**
 * @brief Cut power at every flash operation of the run without its power losses (each cut, then
 *        power-ons until the device settles), and judge each branch; failing branches are
 *        printed to @p out with the command that replays them.
 * @param s the scenario
 * @param tear also tear every operation (a second branch per point)
 * @param out where failures go
 * @param[out] r counts
 * @return 0, or a code of n52_run()
 */
int n52_sweep(const struct n52_scenario *s, bool tear, FILE *out, struct n52_sweep_result *r);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_N52_RUN_H */
