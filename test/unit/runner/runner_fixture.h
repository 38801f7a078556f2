/* The internal-flash board of the fixtures as a run configuration, for end-to-end runner tests
 * (test/unit/runner, test/unit/ncs). */
#ifndef RUNNER_FIXTURE_H
#define RUNNER_FIXTURE_H

#include <stdint.h>

#include "pcdsim/keys.h"
#include "pcdsim/runner.h"

#define FIX PCDSIM_SHARED_DIR "/fixtures/"

struct blob {
    uint8_t *data;
    uint32_t len;
};

struct fixture {
    struct blob app, net_old, cand;
    struct pcdsim_key key;
    struct run_config cfg;
};

/* App v1 in the primary slot, net v1 running, @p candidate waiting in mcuboot_secondary (0x80000,
 * 0x74000) with a test request; seed 1; requirements APP-LOCK, APP-FORCEOFF, APP-HASH,
 * APP-MARK-DONE, B0N-SELF-PROTECT. */
void internal_board(struct fixture *fx, const char *candidate);

/* Free what internal_board() loaded. */
void release(struct fixture *fx);

#endif
