/* The scope of a gate requirement verdict in a batch: gate_images.h. */
#include <stdio.h>
#include <string.h>

#include "gate_images.h"
#include "pcd/err.h"

/* What each requirement family or id is about in a batch (first match wins; an id with
 * `prefix` false must match exactly). `reason`: for a refusal requirement, the reason code the
 * refused image carries (REASON_INVALID: any validation failure of the image itself). */
#define REASON_NONE 0
#define REASON_INVALID 1

static const struct {
    const char *id;
    bool prefix;
    enum gate_scope scope;
    int reason;
} scope_table[] = {
    {"APP-", true, GATE_SCOPE_NET, REASON_NONE}, /* the app side's handling of the network-core update */
    {"B0N-", true, GATE_SCOPE_NET, REASON_NONE}, /* B0N copies image 1 only */
    {"MI-RAMSIM", false, GATE_SCOPE_NET, REASON_NONE},
    {"MI-VALIDATE-ALL", false, GATE_SCOPE_BATCH, REASON_INVALID},
    {"MI-DEPENDENCY", false, GATE_SCOPE_BATCH, PCD_E_IMG_DEPENDENCY},
    {"MI-DOWNGRADE", false, GATE_SCOPE_BATCH, PCD_E_IMG_DOWNGRADE},
    {"MI-ORDER", false, GATE_SCOPE_BATCH, REASON_NONE},
    {"MI-MARK", false, GATE_SCOPE_BATCH, REASON_NONE},
    {"SYS-", true, GATE_SCOPE_BATCH, REASON_NONE}, /* the device as a whole */
    {"RB-", true, GATE_SCOPE_BATCH, REASON_NONE},  /* the test batch's pair */
    {"NAND-STAGE", false, GATE_SCOPE_NET, REASON_NONE}, /* image 1 staged out of the NAND */
    {"NAND-ECC", false, GATE_SCOPE_BATCH, REASON_INVALID}, /* the image with the uncorrectable page */
    {"NAND-", true, GATE_SCOPE_BATCH, REASON_NONE}, /* one NAND, both slots' areas */
};

/* Did image @p i end refused for @p want? */
static bool refused_for(enum pcd_update_outcome o, int reason, int want)
{
    if ((o != PCD_UPD_REJECTED && o != PCD_UPD_ALREADY_REJECTED) || reason == 0) {
        return false;
    }
    if (want != REASON_INVALID) {
        return reason == want;
    }
    return reason != PCD_E_BATCH_PARTNER && reason != PCD_E_IMG_DEPENDENCY && reason != PCD_E_IMG_DOWNGRADE &&
           reason != PCD_E_RAMSIM;
}

enum gate_scope gate_scope_of(const char *id, const enum pcd_update_outcome outcome[PCD_BATCH_IMAGES],
                              const int reason[PCD_BATCH_IMAGES])
{
    for (size_t k = 0; k < sizeof(scope_table) / sizeof(scope_table[0]); k++) {
        const size_t l = strlen(scope_table[k].id);
        if (scope_table[k].prefix ? strncmp(id, scope_table[k].id, l) != 0 : strcmp(id, scope_table[k].id) != 0) {
            continue;
        }
        if (scope_table[k].reason == REASON_NONE) {
            return scope_table[k].scope;
        }
        const bool r0 = refused_for(outcome[0], reason[0], scope_table[k].reason);
        const bool r1 = refused_for(outcome[1], reason[1], scope_table[k].reason);
        return r0 != r1 ? (r0 ? GATE_SCOPE_APP : GATE_SCOPE_NET) : scope_table[k].scope;
    }
    return GATE_SCOPE_NONE;
}

const char *gate_scope_name(enum gate_scope s)
{
    return s == GATE_SCOPE_APP ? "0 (application)" : s == GATE_SCOPE_NET ? "1 (network core)" : "batch";
}

void gate_images_note(struct gate_images *g, enum gate_scope s, bool pass)
{
    if (s == GATE_SCOPE_NONE) {
        return;
    }
    g->checks[s]++;
    g->failed[s] = g->failed[s] || !pass;
}

void gate_images_text(const struct gate_images *g, char *out, size_t n)
{
    size_t l = 0;
    out[0] = '\0';
    for (int s = 0; s < GATE_SCOPE_COUNT && l < n; s++) {
        if (g->checks[s] == 0) {
            continue;
        }
        const int w = snprintf(out + l, n - l, "%s%s %s", l == 0 ? "per image: " : ", ",
                               gate_scope_name((enum gate_scope)s), g->failed[s] ? "FAIL" : "pass");
        l += w > 0 ? (size_t)w : 0u;
    }
}
