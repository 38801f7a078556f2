/* Consistency of a layout: span references and the overlap rule (docs/LAYOUT.md, "Overlaps").
 *
 * The rule in one sentence: two non-empty partitions of one address space may share bytes only if
 * their ranges are identical, or every shared byte lies in a partition that both of them contain
 * (a partition contains itself and, transitively, everything it lists in `span:`). A region
 * partition (named after its region, as Partition Manager writes them) overlaps nothing. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nrf5340.h"
#include "layout_internal.h"
#include "pcdsim/host_err.h"
#include "pcdsim/layout.h"

/* Same address space: same region (same raw name for unknown regions) and the same device. A
 * partition without `device` belongs to its region's default device, so it shares the space of any
 * device of that region (Thingy:53: littlefs_storage has no device, external_flash is MX25R64). */
static bool same_space(const struct pcdsim_partition *a, const struct pcdsim_partition *b)
{
    if (a->region != b->region) {
        return false;
    }
    if (a->region == PCDSIM_REGION_OTHER && strcmp(a->region_name, b->region_name) != 0) {
        return false;
    }
    if (a->has_device && b->has_device) {
        return strcmp(a->device, b->device) == 0; // opaque: "MX25R64" and "mx25r64" differ, as in PM
    }
    return true;
}

static void space_str(const struct pcdsim_partition *p, char *buf, size_t size)
{
    const char *r = p->region == PCDSIM_REGION_OTHER ? p->region_name : pcdsim_region_str(p->region);
    if (p->has_device) {
        snprintf(buf, size, "%s (device '%s')", r, p->device);
    } else {
        snprintf(buf, size, "%s", r);
    }
}

/* Where to point for a partition: its `address:` value, else its name. */
static struct pcdsim_layout_pos where(const struct pcdsim_partition *p)
{
    return p->address_pos.line > 0 ? p->address_pos : p->pos;
}

/* Resolve every span name to an index (stored in idx[first[i] + k]) and check it. */
static int check_spans(const struct pcdsim_layout *l, const size_t *first, size_t *idx, struct pcdsim_diag *diag)
{
    char sa[2 * PCDSIM_LAYOUT_NAME_MAX + 16], sb[2 * PCDSIM_LAYOUT_NAME_MAX + 16];
    for (size_t i = 0; i < l->count; i++) {
        const struct pcdsim_partition *p = &l->partitions[i];
        for (size_t k = 0; k < p->span_count; k++) {
            const char *s = p->span[k];
            size_t j = pcdsim_layout__index(l, s);
            idx[first[i] + k] = j;
            if (j == l->count) {
                int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, p->pos.line, p->pos.column,
                                          "partition '%s' spans '%s', which is not defined in this file", p->name, s);
                const char *best = NULL;
                unsigned bd = 3;
                for (size_t m = 0; m < l->count; m++) {
                    unsigned d = pcdsim_layout__distance(s, l->partitions[m].name);
                    if (d < bd) {
                        bd = d;
                        best = l->partitions[m].name;
                    }
                }
                if (best != NULL) {
                    pcdsim_diag_hint(diag, "did you mean '%s'?", best);
                } else {
                    pcdsim_diag_hint(diag, "every name under 'span:' must be a partition of the same file");
                }
                return err;
            }
            const struct pcdsim_partition *q = &l->partitions[j];
            if (j == i) {
                int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, p->pos.line, p->pos.column,
                                          "partition '%s' spans itself", p->name);
                pcdsim_diag_hint(diag, "remove '%s' from its own 'span:' list", p->name);
                return err;
            }
            if (!same_space(p, q)) {
                space_str(p, sa, sizeof(sa));
                space_str(q, sb, sizeof(sb));
                int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, p->pos.line, p->pos.column,
                                          "partition '%s' in %s spans '%s' (line %u) in %s", p->name, sa, q->name,
                                          q->pos.line, sb);
                pcdsim_diag_hint(diag, "a partition can only span partitions of the same region and device");
                return err;
            }
            if (q->address < p->address || q->end_address > p->end_address) {
                int err = pcdsim_diag_set(
                    diag, PCDSIM_E_LAYOUT, l->path, p->pos.line, p->pos.column,
                    "partition '%s' [0x%" PRIx32 "..0x%" PRIx32 ") spans '%s' [0x%" PRIx32 "..0x%" PRIx32
                    ") (line %u), which is not inside it",
                    p->name, p->address, p->end_address, q->name, q->address, q->end_address, q->pos.line);
                pcdsim_diag_hint(diag, "a spanning partition must cover every partition it spans; fix the "
                                       "addresses or the 'span:' list");
                return err;
            }
        }
    }
    return 0;
}

/* contains[i * n + j]: partition j is i or reachable from i through span lists. */
static int build_contains(const struct pcdsim_layout *l, const size_t *first, const size_t *idx, bool *contains)
{
    size_t n = l->count;
    size_t *stack = malloc((n + 1) * sizeof(*stack));
    if (stack == NULL) {
        return PCDSIM_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        bool *row = &contains[i * n];
        size_t top = 0;
        row[i] = true;
        stack[top++] = i;
        while (top > 0) {
            size_t c = stack[--top];
            for (size_t k = 0; k < l->partitions[c].span_count; k++) {
                size_t j = idx[first[c] + k];
                if (j < n && !row[j]) {
                    row[j] = true; // each index pushed once: the stack never exceeds n
                    stack[top++] = j;
                }
            }
        }
    }
    free(stack);
    return 0;
}

/* Is [lo, hi) wholly covered by non-empty partitions contained in both i and j? */
static bool explained(const struct pcdsim_layout *l, const bool *contains, size_t i, size_t j, uint32_t lo,
                      uint32_t hi)
{
    size_t n = l->count;
    uint32_t cur = lo;
    while (cur < hi) {
        uint32_t best = cur;
        for (size_t k = 0; k < n; k++) {
            const struct pcdsim_partition *c = &l->partitions[k];
            if (contains[i * n + k] && contains[j * n + k] && c->size > 0 && c->address <= cur &&
                c->end_address > best) {
                best = c->end_address;
            }
        }
        if (best == cur) {
            return false;
        }
        cur = best;
    }
    return true;
}

/* Is @p child one of the parts Partition Manager puts inside @p parent (its `span` as PM writes it),
 * by name: X_pad / X_app / X_image in X, mcuboot_pad and app in mcuboot_primary, app in
 * mcuboot_primary_app, X and provision in X_container? Hand-written pm_static.yml files often
 * leave out (or shorten) the span lists of these. */
static bool pm_part_of(const char *child, const char *parent)
{
    static const char *const suffixes[] = {"_pad", "_app", "_image"};
    size_t pl = strlen(parent);
    for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++) {
        if (strncmp(child, parent, pl) == 0 && strcmp(child + pl, suffixes[k]) == 0) {
            return true;
        }
    }
    if (strcmp(parent, "mcuboot_primary") == 0 && (strcmp(child, "mcuboot_pad") == 0 || strcmp(child, "app") == 0)) {
        return true;
    }
    if (strcmp(parent, "mcuboot_primary_app") == 0 && strcmp(child, "app") == 0) {
        return true;
    }
    static const char cont[] = "_container";
    size_t cl = sizeof(cont) - 1;
    if (pl > cl && strcmp(parent + pl - cl, cont) == 0) {
        return strcmp(child, "provision") == 0 || (strlen(child) == pl - cl && strncmp(child, parent, pl - cl) == 0);
    }
    return false;
}

/* @p a lies inside @p b and is one of the parts PM puts there. */
static bool pm_inside(const struct pcdsim_partition *a, const struct pcdsim_partition *b)
{
    return a->address >= b->address && a->end_address <= b->end_address && pm_part_of(a->name, b->name);
}

static int report_overlap(const struct pcdsim_layout *l, const struct pcdsim_partition *a,
                          const struct pcdsim_partition *b, uint32_t lo, uint32_t hi, struct pcdsim_diag *diag)
{
    // Blame the partition that starts later (it starts inside the other); on a tie, the later one
    // in the file.
    const struct pcdsim_partition *x = a, *y = b;
    if (b->address > a->address || (b->address == a->address && b->pos.line > a->pos.line)) {
        x = b;
        y = a;
    }
    char sp[2 * PCDSIM_LAYOUT_NAME_MAX + 16];
    space_str(x, sp, sizeof(sp));
    struct pcdsim_layout_pos w = where(x);
    int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, w.line, w.column,
                              "partition '%s' [0x%" PRIx32 "..0x%" PRIx32 ") (line %u) overlaps '%s' [0x%" PRIx32
                              "..0x%" PRIx32 ") (line %u) by 0x%" PRIx32 " bytes [0x%" PRIx32 "..0x%" PRIx32
                              ") in %s",
                              x->name, x->address, x->end_address, x->pos.line, y->name, y->address, y->end_address,
                              y->pos.line, hi - lo, lo, hi, sp);
    if (diag != NULL) {
        snprintf(diag->context, sizeof(diag->context), "'%s' is defined at line %u, column %u; '%s' at line %u, column %u",
                 y->name, y->pos.line, y->pos.column, x->name, x->pos.line, x->pos.column);
    }
    if (x->address >= y->address && x->address < y->end_address) {
        pcdsim_diag_hint(diag,
                         "move '%s' to 0x%" PRIx32 " or later, or shrink '%s'; if one partition contains the other "
                         "by design, list it under the container's 'span:'",
                         x->name, y->end_address, y->name);
    } else {
        pcdsim_diag_hint(diag, "partitions of one address space must not share bytes unless one spans the other");
    }
    return err;
}

int pcdsim_layout_check(const struct pcdsim_layout *layout, struct pcdsim_diag *diag)
{
    size_t n = layout->count;
    // Span lists flattened: the names of partition i resolve to idx[first[i] .. first[i + 1]).
    size_t *first = malloc((n + 1) * sizeof(*first));
    size_t total = 0;
    if (first != NULL) {
        for (size_t i = 0; i < n; i++) {
            first[i] = total;
            total += layout->partitions[i].span_count;
        }
        first[n] = total;
    }
    size_t *idx = malloc((total + 1) * sizeof(*idx));
    bool *contains = calloc(n * n + 1, sizeof(*contains));
    int err = 0;
    if (first == NULL || idx == NULL || contains == NULL) {
        err = pcdsim_diag_set(diag, PCDSIM_E_NOMEM, layout->path, 0, 0, "out of memory checking the layout");
        goto out;
    }
    err = check_spans(layout, first, idx, diag);
    if (err == 0 && build_contains(layout, first, idx, contains) != 0) {
        err = pcdsim_diag_set(diag, PCDSIM_E_NOMEM, layout->path, 0, 0, "out of memory checking the layout");
    }
    for (size_t i = 0; i < n && err == 0; i++) {
        const struct pcdsim_partition *a = &layout->partitions[i];
        for (size_t j = i + 1; j < n && err == 0; j++) {
            const struct pcdsim_partition *b = &layout->partitions[j];
            if (a->size == 0 || b->size == 0 || !same_space(a, b)) {
                continue; // empty placeholders (ram_flash size 0) occupy nothing
            }
            if (pcdsim_partition_is_region(a) || pcdsim_partition_is_region(b)) {
                continue; // PM's region partition (external_flash, sram_primary, ...) describes, not claims
            }
            uint32_t lo = a->address > b->address ? a->address : b->address;
            uint32_t hi = a->end_address < b->end_address ? a->end_address : b->end_address;
            if (lo >= hi) {
                continue;
            }
            if (a->address == b->address && a->end_address == b->end_address) {
                continue; // the same range under two names (app / mcuboot_primary_app, app / ipc_radio)
            }
            if (contains[i * n + j] || contains[j * n + i]) {
                continue; // container and (transitively) spanned: check_spans proved it lies inside
            }
            if (pm_inside(a, b) || pm_inside(b, a)) {
                continue; // a part of PM's container without the span written (mcuboot_pad, app, X_pad ...)
            }
            if (!explained(layout, contains, i, j, lo, hi)) {
                err = report_overlap(layout, a, b, lo, hi, diag);
            }
        }
    }
out:
    free(first);
    free(idx);
    free(contains);
    return err;
}

bool pcdsim_partition_is_region(const struct pcdsim_partition *p)
{
    const char *r = p->region == PCDSIM_REGION_OTHER ? p->region_name : pcdsim_region_str(p->region);
    return strcmp(p->name, r) == 0;
}

size_t pcdsim_layout_print_notes(const struct pcdsim_layout *layout, FILE *out)
{
    size_t n = 0;
    for (size_t i = 0; i < layout->count; i++) {
        const struct pcdsim_partition *p = &layout->partitions[i];
        if (!p->end_address_ignored) {
            continue;
        }
        fprintf(out,
                "%s:%u:%u: warning: partition '%s': end_address 0x%" PRIx32 " does not match address + size (0x%" PRIx32
                " + 0x%" PRIx32 " = 0x%" PRIx32 "); using 0x%" PRIx32 " (Partition Manager ignores end_address too)\n",
                layout->path, p->end_address_pos.line, p->end_address_pos.column, p->name, p->end_address_written,
                p->address, p->size, p->end_address, p->end_address);
        n++;
    }
    return n;
}

/* The nRF5340 DK as inspect and gate build it: MCUboot's RAM flash simulator at 0x20010000
 * (FM_NRF5340_OPTS_DEFAULT), as large as the layout's ram_flash partitions need. The window must
 * stay in app SRAM and off pcd_sram. A layout without ram_flash partitions has no simulator. */
static int check_dk_ram_window(const struct pcdsim_layout *l, struct pcdsim_diag *diag)
{
    const struct fm_nrf5340_opts dk = FM_NRF5340_OPTS_DEFAULT;
    uint64_t size = 0;
    const struct pcdsim_partition *user = NULL, *pcd = pcdsim_layout_find(l, "pcd_sram");
    for (size_t i = 0; i < l->count; i++) {
        const struct pcdsim_partition *p = &l->partitions[i];
        if (p->region == PCDSIM_REGION_RAM_FLASH && p->size > 0 && p->end_address > size) {
            size = p->end_address;
            user = p;
        }
    }
    if (user == NULL) {
        return 0;
    }
    const uint64_t lo = dk.ram_flash_addr, hi = lo + size;
    if (hi > (uint64_t)FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE) {
        int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, user->pos.line, user->pos.column,
                                  "partition '%s' needs a RAM flash window 0x%08" PRIx64 "..0x%08" PRIx64
                                  ", past the end of app SRAM (0x%08x)",
                                  user->name, lo, hi, FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE);
        pcdsim_diag_hint(diag, "MCUboot's RAM flash simulator lives in app SRAM from 0x%08" PRIx64 "; at most 0x%" PRIx64
                               " bytes", lo, (uint64_t)FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE - lo);
        return err;
    }
    if (pcd != NULL && pcd->region == PCDSIM_REGION_SRAM_PRIMARY && pcd->address < hi && lo < pcd->end_address) {
        int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, pcd->pos.line, pcd->pos.column,
                                  "partition 'pcd_sram' [0x%" PRIx32 "..0x%" PRIx32 ") lies in the RAM flash window "
                                  "0x%08" PRIx64 "..0x%08" PRIx64 " that '%s' needs",
                                  pcd->address, pcd->end_address, lo, hi, user->name);
        pcdsim_diag_hint(diag, "the PCD command block and MCUboot's RAM flash simulator must not share SRAM");
        return err;
    }
    return 0;
}

int pcdsim_layout_check_devices(const struct pcdsim_layout *layout, const struct pcdsim_layout_devices *dev,
                                struct pcdsim_diag *diag)
{
    static const struct pcdsim_layout_devices dk = {true, FM_NRF_QSPI_SIZE, false, 0};
    const bool dk_window = dev == NULL;
    if (dev == NULL) {
        dev = &dk;
    }
    for (size_t i = 0; i < layout->count; i++) {
        const struct pcdsim_partition *p = &layout->partitions[i];
        uint64_t base = 0, size;
        const char *what;
        switch (p->region) {
        case PCDSIM_REGION_FLASH_PRIMARY:
            base = FM_NRF_APP_FLASH_BASE, size = FM_NRF_APP_FLASH_SIZE, what = "app flash";
            break;
        case PCDSIM_REGION_SRAM_PRIMARY:
            base = FM_NRF_APP_SRAM_BASE, size = FM_NRF_APP_SRAM_SIZE, what = "app SRAM";
            break;
        case PCDSIM_REGION_EXTERNAL_FLASH:
            if (p->has_device && pcdsim_layout_device_is_nand(p->device)) {
                continue; /* in the SPI NAND: checked against the board's NAND (scenario board.nand) */
            }
            if (!dev->qspi && p->size > 0) {
                int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, layout->path, p->pos.line, p->pos.column,
                                          "the board has no QSPI flash, but partition '%s' is in external flash",
                                          p->name);
                pcdsim_diag_hint(diag, "use a layout without external_flash partitions, or a board with QSPI flash");
                return err;
            }
            size = dev->qspi_size, what = "the QSPI flash (offsets)";
            break;
        case PCDSIM_REGION_RAM_FLASH:
            if (!dev->ram_flash_known) {
                continue;
            }
            size = dev->ram_flash_size, what = "the RAM flash simulator (offsets)";
            break;
        case PCDSIM_REGION_OTP:
        case PCDSIM_REGION_OTHER:
        default:
            continue;
        }
        if (p->address < base || (uint64_t)p->address + p->size > base + size) {
            int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, layout->path, p->pos.line, p->pos.column,
                                      "partition '%s' (0x%08" PRIx32 "..0x%08" PRIx64 ") lies outside %s", p->name,
                                      p->address, (uint64_t)p->address + p->size, what);
            pcdsim_diag_hint(diag, "%s is 0x%08" PRIx64 "..0x%08" PRIx64 " on the nRF5340; fix the layout", what, base,
                             base + size);
            return err;
        }
    }
    return dk_window ? check_dk_ram_window(layout, diag) : 0;
}
