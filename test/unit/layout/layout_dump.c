/* layout_dump: load a Partition Manager file with pcdsim_layout and print what was understood, or
 * the diagnostic. Used by ctest on every fixture and to produce the examples in docs/LAYOUT.md.
 *
 *   layout_dump <pm_static.yml> [<partitions_CPUNET.yml>]
 *
 * Exit 0 when the file loads, 2 when it is refused (the diagnostic goes to stderr). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "pcdsim/layout.h"

static void print_slot(const char *name, const struct pcdsim_slot *s)
{
    if (!s->present) {
        printf("  %-12s -\n", name);
        return;
    }
    printf("  %-12s %-9s 0x%08" PRIx32 " size 0x%" PRIx32 "%s%s\n", name, pcdsim_slot_medium_str(s->medium),
           s->address, s->size, s->device[0] ? " device " : "", s->device);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: layout_dump <pm_static.yml> [<partitions_CPUNET.yml>]\n");
        return 2;
    }
    struct pcdsim_diag diag;
    struct pcdsim_layout l;
    int err = pcdsim_layout_load(argv[1], &l, &diag);
    if (err != 0) {
        pcdsim_diag_print(&diag, stderr);
        fprintf(stderr, "(%s)\n", pcdsim_strerror(err));
        return 2;
    }
    pcdsim_layout_print_notes(&l, stdout);
    printf("%s: %zu partitions\n", l.path, l.count);
    for (size_t i = 0; i < l.count; i++) {
        const struct pcdsim_partition *p = &l.partitions[i];
        printf("  %-22s 0x%08" PRIx32 "..0x%08" PRIx32 " size 0x%-7" PRIx32 " %-14s %-10s line %u", p->name,
               p->address, p->end_address, p->size, pcdsim_region_str(p->region), p->has_device ? p->device : "-",
               p->pos.line);
        if (p->span_count > 0) {
            printf(" span");
            for (size_t k = 0; k < p->span_count; k++) {
                printf(" %s", p->span[k]);
            }
        }
        printf("\n");
    }
    struct pcdsim_update_layout u;
    err = pcdsim_update_layout_get(&l, &u, &diag);
    if (err == 0 && argc == 3) {
        err = pcdsim_update_layout_load_net(&u, argv[2], &diag);
    }
    pcdsim_layout_free(&l);
    if (err != 0) {
        printf("update view: not available\n");
        pcdsim_diag_print(&diag, stdout);
        return 0; // a CPUNET file has no MCUboot slots: the layout itself loaded
    }
    printf("update view:\n");
    print_slot("primary", &u.primary);
    print_slot("secondary", &u.secondary);
    print_slot("primary_1", &u.primary_1);
    print_slot("secondary_1", &u.secondary_1);
    print_slot("primary_2", &u.primary_2);
    print_slot("secondary_2", &u.secondary_2);
    printf("  app link    0x%08" PRIx32 "\n", u.app_address);
    printf("  pcd_sram    0x%08" PRIx32 " size 0x%" PRIx32 " (%s)\n", u.pcd_sram_address, u.pcd_sram_size,
           u.pcd_sram_from_file ? "file" : "default");
    printf("  net b0n_container 0x%08" PRIx32 " size 0x%" PRIx32 ", net app 0x%08" PRIx32 " size 0x%" PRIx32
           " (%s)\n",
           u.net_b0n_container_address, u.net_b0n_container_size, u.net_app_address, u.net_app_size,
           u.net_from_file ? "CPUNET file" : "defaults");
    return 0;
}
