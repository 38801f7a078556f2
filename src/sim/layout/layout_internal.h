/* Private helpers shared by the files of pcdsim_layout (not installed, not part of the API). */
#ifndef PCDSIM_LAYOUT_INTERNAL_H
#define PCDSIM_LAYOUT_INTERNAL_H

#include <stddef.h>

#include "pcdsim/layout.h"

/* Most partitions accepted in one file: real PM files have a few dozen; the bound keeps the
 * pairwise overlap check (and its n*n containment matrix) small for any input. */
#define PCDSIM_LAYOUT__MAX_PARTITIONS 512u

/* Most names in one span-like list (span, orig_span, inside, share_size, affiliation). */
#define PCDSIM_LAYOUT__MAX_SPAN 64u

/* pcdsim_edit_distance() (case-insensitive, a swap of neighbours is one edit), saturated at 3
 * (only "close" matters). */
unsigned pcdsim_layout__distance(const char *a, const char *b);

/* Index of partition @p name in @p layout, or layout->count if absent. */
size_t pcdsim_layout__index(const struct pcdsim_layout *layout, const char *name);

#endif /* PCDSIM_LAYOUT_INTERNAL_H */
