/* Cut points of a power-loss sweep, and the `--cut op:N[:mode]` fault that replays one. */
#ifndef PCDSIM_CLI_SWEEP_POINTS_H
#define PCDSIM_CLI_SWEEP_POINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/runner.h"

/** Cut variants for --tear MODE [--after]; returns how many (0 = unknown mode). */
unsigned sweep_parse_tear(const char *mode, bool after, enum sweep_cut out[8]);

/**
 * The branches for --cuts SPEC over the reference run of @p sw, each op expanded into the
 * variants, ascending by op, then --shard applied. Returns a malloc'd array (count in @p n), or
 * NULL with the reason in @p why.
 */
struct sweep_pt *sweep_points(const struct run_sweep *sw, const char *spec, const enum sweep_cut *variants,
                              unsigned n_var, bool depth2, uint64_t shard_i, uint64_t shard_n, uint64_t seed, size_t *n,
                              char *why, size_t why_len);

/** Check the form of --cuts SPEC before any run (the operations it names are checked against
 *  the reference run by sweep_points()); 0 ok, -1 with the reason in @p why. */
int sweep_cuts_check(const char *spec, char *why, size_t why_len);

/** Parse "op:N[:before|prefix|somebits|mostbits|garbage|after]"; 0 ok, -1 malformed. */
int sweep_parse_cut(const char *spec, uint64_t *op, enum sweep_cut *cut);

/**
 * Turn @p c into the run a sweep branch is: its power-loss faults replaced by a cut at operation
 * @p op (and, for a branch of --depth 2, a second cut before operation @p op2 of the recovery;
 * UINT64_MAX for none), and the steps ending at the cut so the device settles (as
 * `pcdsim run --cut` does). Returns 0, or -1 if the run has no room for the faults or @p op2 is
 * not after @p op.
 */
int sweep_cut_fault(struct run_config *c, uint64_t op, enum sweep_cut cut, uint64_t op2);

#endif
