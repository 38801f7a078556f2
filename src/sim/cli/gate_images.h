/* Which image of a batch a requirement verdict of the gate is about (`pcdsim gate` with a batch,
 * docs/DESIGN.md "The release gate"): image 0 (the application), image 1 (the network core) or
 * the batch as a whole. One table in gate_images.c decides it for every requirement id. */
#ifndef PCDSIM_CLI_GATE_IMAGES_H
#define PCDSIM_CLI_GATE_IMAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "pcd/batch.h"
#include "pcd/updater.h"

/** What a verdict is about; the values index gate_images::checks / failed. */
enum gate_scope {
    GATE_SCOPE_NONE = -1, /**< not a per-image requirement (PKG-*, NAND-*, DL-*, N52-*...) */
    GATE_SCOPE_APP = 0,   /**< image 0, the application */
    GATE_SCOPE_NET = 1,   /**< image 1, the network core */
    GATE_SCOPE_BATCH = 2, /**< the batch as a whole (both images, or their order) */
    GATE_SCOPE_COUNT = 3
};

/** The per-image verdicts of one requirement over the gate's batch items. */
struct gate_images {
    unsigned checks[GATE_SCOPE_COUNT]; /**< verdicts about each scope */
    bool failed[GATE_SCOPE_COUNT];     /**< one of them failed */
};

/**
 * The scope of requirement @p id's verdict in a batch run whose images ended with @p outcome and
 * @p reason (run_result::batch_outcome / batch_reason, last boot). The refusal requirements
 * (MI-VALIDATE-ALL, MI-DEPENDENCY, MI-DOWNGRADE) are about the one image refused for their own
 * reason when exactly one was, else about the batch.
 */
enum gate_scope gate_scope_of(const char *id, const enum pcd_update_outcome outcome[PCD_BATCH_IMAGES],
                              const int reason[PCD_BATCH_IMAGES]);

/** "0 (application)", "1 (network core)", "batch". */
const char *gate_scope_name(enum gate_scope s);

/** Count a verdict (@p pass) about @p s in @p g (nothing for GATE_SCOPE_NONE). */
void gate_images_note(struct gate_images *g, enum gate_scope s, bool pass);

/** "per image: 0 (application) pass, batch FAIL" into @p out (empty when nothing was noted). */
void gate_images_text(const struct gate_images *g, char *out, size_t n);

#endif
