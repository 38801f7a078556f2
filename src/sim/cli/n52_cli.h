/* The nRF52 scenarios in `pcdsim run`, `pcdsim sweep` and `pcdsim coverage` (docs/NRF52.md):
 * a scenario with `board: {soc: nrf52840}` goes through these instead of the nRF5340 runner. */
#ifndef PCDSIM_N52_CLI_H
#define PCDSIM_N52_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "pcdsim/n52_scenario.h"

/* pcdsim run on an nRF52 scenario: @p cut (NULL or the --cut value op:N[:before|somebits]) and
 * @p other_opt (the first nRF5340-only option given, or NULL). 0, or -1 with the message printed. */
int n52_cli_prepare(const char *file, const char *cut, const char *other_opt, struct n52_scenario *s);

/* Run and report a prepared scenario: 1 passed, 0 failed, -1 could not run. */
int n52_cli_run_one(const struct n52_scenario *s, const char *cut, bool quiet, bool verbose);

/* pcdsim sweep on an nRF52 scenario: the exit code. */
int n52_cli_sweep(const char *file, const char *cuts, const char *tear, const char *other_opt);

#endif
