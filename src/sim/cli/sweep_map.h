/* The outcome map of a power-loss sweep as one self-contained SVG (`pcdsim sweep --map`, and the
 * map `pcdsim gate --html` embeds): x = the operation number of the cut (the reference run's
 * flash operations), annotated with the phase each falls in; colour = outcome; a second row =
 * the device time to recover; the failing points listed with their replay commands. Columns
 * aggregate the points of one pixel, so 57 000 points stay readable. */
#ifndef PCDSIM_CLI_SWEEP_MAP_H
#define PCDSIM_CLI_SWEEP_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcdsim/runner.h"

/* Colours of the map (also what test/pictures looks for in the rendered PNG). */
#define SWEEP_MAP_NEW "#2ca02c"   /**< recovered to the new image */
#define SWEEP_MAP_OLD "#1f77b4"   /**< kept the old image */
#define SWEEP_MAP_FAIL "#d62728"  /**< a verdict failed */
#define SWEEP_MAP_OTHER "#ff7f0e" /**< no image / hang / rule violation the scenario expected */
#define SWEEP_MAP_TIME "#455a64"  /**< time-to-recover bars */

/** What the map shows. */
struct sweep_map_in {
    const char *title;  /**< What was swept (scenario file, "gate: UPDATE.bin"). */
    uint64_t n_ops;     /**< Flash operations of the reference run: the x axis is 0..n_ops. */
    /** Describe operation @p op of the reference run (run_sweep_op()); 0 ok. */
    int (*op_info)(const void *ctx, uint64_t op, struct sweep_op_info *out);
    const void *op_ctx; /**< Passed to op_info and replay. */
    /** The command that replays point @p p, into @p buf. */
    void (*replay)(const void *ctx, const struct sweep_point *p, char *buf, size_t size);
    const struct sweep_point *res; /**< The branches' results. */
    size_t n;                      /**< Their number. */
};

/** Write the map to @p f; 0 ok, -1 (no memory or a write error). */
int sweep_map_svg(FILE *f, const struct sweep_map_in *in);

/** Name of the phase operation @p oi falls in ("erase page 17", "copy page 17", "mark", ...). */
void sweep_map_phase(const struct sweep_op_info *oi, char *buf, size_t size);

#endif
