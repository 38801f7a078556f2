/* The nRF5340 update view of a layout: the MCUboot slots, the PCD block and the net-core side. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "pcdsim/layout.h"

/* Net flash of the nRF5340 network core (facts 4.1). */
#define NET_FLASH_START PCD_NCS_NET_FLASH_ADDR
#define NET_FLASH_END (PCD_NCS_NET_FLASH_ADDR + 0x40000u)
#define NET_FLASH_PAGE 0x800u /* net NVMC page = ACL block, facts §2.1, §4.1 */

/* Regions a slot may live in, as a bit mask of (1u << enum pcdsim_region). */
#define IN(r) (1u << (r))

const char *pcdsim_slot_medium_str(enum pcdsim_slot_medium medium)
{
    switch (medium) {
    case PCDSIM_SLOT_INTERNAL: return "internal";
    case PCDSIM_SLOT_QSPI: return "qspi";
    case PCDSIM_SLOT_RAM_FLASH: return "ram_flash";
    case PCDSIM_SLOT_NAND: return "nand";
    }
    return "internal";
}

bool pcdsim_layout_device_is_nand(const char *device)
{
    char low[PCDSIM_LAYOUT_NAME_MAX];
    size_t n = 0;
    for (; device[n] != '\0' && n + 1 < sizeof(low); n++) {
        low[n] = (char)(device[n] >= 'A' && device[n] <= 'Z' ? device[n] - 'A' + 'a' : device[n]);
    }
    low[n] = '\0';
    return strcmp(low, "w25n01gv") == 0 || strstr(low, "nand") != NULL;
}

static int missing(const struct pcdsim_layout *l, const char *name, const char *why, struct pcdsim_diag *diag)
{
    int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, 0, 0, "the layout has no '%s' partition", name);
    pcdsim_diag_hint(diag, "%s", why);
    return err;
}

static int wrong_region(const struct pcdsim_layout *l, const struct pcdsim_partition *p, const char *allowed,
                        struct pcdsim_diag *diag)
{
    int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, p->pos.line, p->pos.column,
                              "partition '%s' is in region '%s'", p->name,
                              p->region == PCDSIM_REGION_OTHER ? p->region_name : pcdsim_region_str(p->region));
    pcdsim_diag_hint(diag, "'%s' must be in %s", p->name, allowed);
    return err;
}

/* Fill @p s from partition @p name if present. */
static int get_slot(const struct pcdsim_layout *l, const char *name, unsigned allowed, const char *allowed_text,
                    struct pcdsim_slot *s, struct pcdsim_diag *diag)
{
    const struct pcdsim_partition *p = pcdsim_layout_find(l, name);
    memset(s, 0, sizeof(*s));
    if (p == NULL) {
        return 0;
    }
    if ((IN(p->region) & allowed) == 0) {
        return wrong_region(l, p, allowed_text, diag);
    }
    s->present = true;
    s->medium = p->region == PCDSIM_REGION_EXTERNAL_FLASH && p->has_device && pcdsim_layout_device_is_nand(p->device)
                    ? PCDSIM_SLOT_NAND
                : p->region == PCDSIM_REGION_EXTERNAL_FLASH ? PCDSIM_SLOT_QSPI
                : p->region == PCDSIM_REGION_RAM_FLASH    ? PCDSIM_SLOT_RAM_FLASH
                                                          : PCDSIM_SLOT_INTERNAL;
    s->address = p->address;
    s->size = p->size;
    if (p->has_device) {
        memcpy(s->device, p->device, sizeof(s->device));
    }
    return 0;
}

/* Two slots must never share bytes (the loader accepts identical ranges as aliases; slots are not). */
static int slots_apart(const struct pcdsim_layout *l, const char *na, const struct pcdsim_slot *a, const char *nb,
                       const struct pcdsim_slot *b, struct pcdsim_diag *diag)
{
    if (!a->present || !b->present || a->medium != b->medium || a->size == 0 || b->size == 0) {
        return 0;
    }
    if (a->device[0] != '\0' && b->device[0] != '\0' && strcmp(a->device, b->device) != 0) {
        return 0;
    }
    uint64_t ae = (uint64_t)a->address + a->size, be = (uint64_t)b->address + b->size;
    if (a->address >= be || b->address >= ae) {
        return 0;
    }
    const struct pcdsim_partition *pb = pcdsim_layout_find(l, nb);
    const struct pcdsim_partition *pa = pcdsim_layout_find(l, na);
    int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, l->path, pb->pos.line, pb->pos.column,
                              "slot '%s' [0x%" PRIx32 "..0x%" PRIx64 ") (line %u) overlaps slot '%s' [0x%" PRIx32
                              "..0x%" PRIx64 ") (line %u)",
                              nb, b->address, be, pb->pos.line, na, a->address, ae, pa->pos.line);
    pcdsim_diag_hint(diag, "each MCUboot slot needs its own flash area");
    return err;
}

int pcdsim_update_layout_get(const struct pcdsim_layout *app, struct pcdsim_update_layout *out,
                             struct pcdsim_diag *diag)
{
    struct pcdsim_update_layout u;
    memset(&u, 0, sizeof(u));
    memset(out, 0, sizeof(*out));
    int err;
    if ((err = get_slot(app, "mcuboot_primary", IN(PCDSIM_REGION_FLASH_PRIMARY), "internal flash (flash_primary)",
                        &u.primary, diag)) != 0 ||
        (err = get_slot(app, "mcuboot_secondary",
                        IN(PCDSIM_REGION_FLASH_PRIMARY) | IN(PCDSIM_REGION_EXTERNAL_FLASH),
                        "flash_primary or external_flash", &u.secondary, diag)) != 0 ||
        (err = get_slot(app, "mcuboot_primary_1", IN(PCDSIM_REGION_FLASH_PRIMARY) | IN(PCDSIM_REGION_RAM_FLASH),
                        "ram_flash (or flash_primary)", &u.primary_1, diag)) != 0 ||
        (err = get_slot(app, "mcuboot_secondary_1",
                        IN(PCDSIM_REGION_FLASH_PRIMARY) | IN(PCDSIM_REGION_EXTERNAL_FLASH),
                        "flash_primary or external_flash", &u.secondary_1, diag)) != 0 ||
        (err = get_slot(app, "mcuboot_primary_2", IN(PCDSIM_REGION_FLASH_PRIMARY) | IN(PCDSIM_REGION_EXTERNAL_FLASH),
                        "flash_primary or external_flash", &u.primary_2, diag)) != 0 ||
        (err = get_slot(app, "mcuboot_secondary_2",
                        IN(PCDSIM_REGION_FLASH_PRIMARY) | IN(PCDSIM_REGION_EXTERNAL_FLASH),
                        "flash_primary or external_flash", &u.secondary_2, diag)) != 0) {
        return err;
    }
    if (!u.primary.present) {
        return missing(app, "mcuboot_primary",
                       "an MCUboot layout defines mcuboot_primary (image 0's slot, spanning mcuboot_pad and app)",
                       diag);
    }
    if (!u.secondary.present) {
        return missing(app, "mcuboot_secondary",
                       "the update candidate is read from mcuboot_secondary; add it (internal flash or "
                       "external_flash)",
                       diag);
    }
    if (u.primary_1.present != u.secondary_1.present) {
        const char *have = u.primary_1.present ? "mcuboot_primary_1" : "mcuboot_secondary_1";
        const char *lack = u.primary_1.present ? "mcuboot_secondary_1" : "mcuboot_primary_1";
        const struct pcdsim_partition *p = pcdsim_layout_find(app, have);
        err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, app->path, p->pos.line, p->pos.column,
                              "the layout has '%s' but no '%s'", have, lack);
        pcdsim_diag_hint(diag, "image 1 (network core) needs both slots: mcuboot_primary_1 (ram_flash) and "
                               "mcuboot_secondary_1");
        return err;
    }
    if (u.primary_2.present != u.secondary_2.present) {
        const char *have = u.primary_2.present ? "mcuboot_primary_2" : "mcuboot_secondary_2";
        const char *lack = u.primary_2.present ? "mcuboot_secondary_2" : "mcuboot_primary_2";
        const struct pcdsim_partition *p = pcdsim_layout_find(app, have);
        err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, app->path, p->pos.line, p->pos.column,
                              "the layout has '%s' but no '%s'", have, lack);
        pcdsim_diag_hint(diag, "image 2 (e.g. the QSPI XIP part of the application) needs both slots");
        return err;
    }
    // Every pair of slots, each pair in this order (the later one is blamed).
    const char *const names[] = {"mcuboot_primary",   "mcuboot_secondary", "mcuboot_primary_1",
                                 "mcuboot_secondary_1", "mcuboot_primary_2", "mcuboot_secondary_2"};
    const struct pcdsim_slot *const slots[] = {&u.primary,     &u.secondary, &u.primary_1,
                                               &u.secondary_1, &u.primary_2, &u.secondary_2};
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        for (size_t j = i + 1; j < sizeof(slots) / sizeof(slots[0]); j++) {
            if ((err = slots_apart(app, names[i], slots[i], names[j], slots[j], diag)) != 0) {
                return err;
            }
        }
    }
    const struct pcdsim_partition *a = pcdsim_layout_find(app, "mcuboot_primary_app");
    if (a == NULL) {
        a = pcdsim_layout_find(app, "app");
    }
    u.app_address = a != NULL ? a->address : 0;
    u.pcd_sram_address = PCDSIM_PCD_SRAM_ADDRESS;
    u.pcd_sram_size = PCDSIM_PCD_SRAM_SIZE;
    const struct pcdsim_partition *pcd = pcdsim_layout_find(app, "pcd_sram");
    if (pcd != NULL) {
        if (pcd->region != PCDSIM_REGION_SRAM_PRIMARY) {
            return wrong_region(app, pcd, "sram_primary (app-core SRAM the network core can read)", diag);
        }
        if (pcd->size == 0) {
            err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, app->path, pcd->pos.line, pcd->pos.column,
                                  "partition 'pcd_sram' is empty");
            pcdsim_diag_hint(diag, "the PCD command block needs at least a few words (default 0x2000 bytes)");
            return err;
        }
        u.pcd_sram_address = pcd->address;
        u.pcd_sram_size = pcd->size;
        u.pcd_sram_from_file = true;
    }
    u.net_b0n_container_address = PCDSIM_NET_B0N_CONTAINER_ADDRESS;
    u.net_b0n_container_size = PCDSIM_NET_B0N_CONTAINER_SIZE;
    u.net_app_address = PCDSIM_NET_APP_ADDRESS;
    u.net_app_size = PCDSIM_NET_APP_SIZE;
    u.net_provision_address = PCDSIM_NET_PROVISION_ADDRESS;
    u.net_provision_size = PCDSIM_NET_PROVISION_SIZE;
    *out = u;
    return 0;
}

static int net_part(const struct pcdsim_layout *net, const char *name, const struct pcdsim_partition **out,
                    struct pcdsim_diag *diag)
{
    const struct pcdsim_partition *p = pcdsim_layout_find(net, name);
    if (p == NULL) {
        return missing(net, name,
                       "a network-core partition file (partitions_CPUNET.yml) defines b0n_container and app", diag);
    }
    if (p->region != PCDSIM_REGION_FLASH_PRIMARY) {
        return wrong_region(net, p, "flash_primary (network-core flash)", diag);
    }
    if (p->size == 0 || p->address < NET_FLASH_START || p->end_address > NET_FLASH_END) {
        int err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, net->path, p->pos.line, p->pos.column,
                                  "partition '%s' [0x%" PRIx32 "..0x%" PRIx32
                                  ") is empty or not inside network-core flash [0x%x..0x%x)",
                                  name, p->address, p->end_address, NET_FLASH_START, NET_FLASH_END);
        pcdsim_diag_hint(diag, "a CPUNET file uses absolute network-core addresses (0x01000000..); is this the "
                               "application-core file?");
        return err;
    }
    *out = p;
    return 0;
}

int pcdsim_update_layout_set_net(struct pcdsim_update_layout *io, const struct pcdsim_layout *net,
                                 struct pcdsim_diag *diag)
{
    const struct pcdsim_partition *c, *a;
    int err;
    if ((err = net_part(net, "b0n_container", &c, diag)) != 0 || (err = net_part(net, "app", &a, diag)) != 0) {
        return err;
    }
    if (a->address < c->end_address) {
        err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, net->path, a->pos.line, a->pos.column,
                              "net-core 'app' starts at 0x%" PRIx32 ", inside 'b0n_container' [0x%" PRIx32
                              "..0x%" PRIx32 ") (line %u)",
                              a->address, c->address, c->end_address, c->pos.line);
        pcdsim_diag_hint(diag, "the network-core application follows b0n_container (default 0x01008800)");
        return err;
    }
    /* B0N erases the destination in whole pages and the ACL locks the container in 2 KiB blocks
     * (facts §2.1): a container or application not on page boundaries would share a page, whose
     * erase before a COPY takes container bytes with it. B0N refuses such a configuration
     * (pcd_b0n_config_check(), docs/SPEC.md §3); so does every command here. */
    const struct pcdsim_partition *bad = c->address % NET_FLASH_PAGE != 0u || c->size % NET_FLASH_PAGE != 0u ? c
                                         : a->address % NET_FLASH_PAGE != 0u                                  ? a
                                                                                                               : NULL;
    if (bad != NULL) {
        err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, net->path, bad->pos.line, bad->pos.column,
                              "net-core '%s' [0x%" PRIx32 "..0x%" PRIx32 ") is not aligned to the 2 KiB flash page",
                              bad == c ? "b0n_container" : "app", bad->address, bad->end_address);
        pcdsim_diag_hint(diag, "NCS requires the B0N container to be a multiple of the 2 KiB protection block "
                               "(default 0x01000000 + 0x8800); the application starts where it ends");
        return err;
    }
    /* `provision` (B0N's key hashes and NSIB's counter) is inside the container, after b0n (facts
     * §2.1); a file without one keeps NCS's place for it */
    const struct pcdsim_partition *p = pcdsim_layout_find(net, "provision");
    if (p != NULL && (p->size == 0u || p->address < c->address || p->end_address > c->end_address)) {
        err = pcdsim_diag_set(diag, PCDSIM_E_LAYOUT, net->path, p->pos.line, p->pos.column,
                              "net-core 'provision' [0x%" PRIx32 "..0x%" PRIx32 ") is empty or not inside 'b0n_container' "
                              "[0x%" PRIx32 "..0x%" PRIx32 ")",
                              p->address, p->end_address, c->address, c->end_address);
        pcdsim_diag_hint(diag, "NCS places provision after b0n in b0n_container (default 0x01008580 + 0x280)");
        return err;
    }
    io->net_b0n_container_address = c->address;
    io->net_b0n_container_size = c->size;
    io->net_app_address = a->address;
    io->net_app_size = a->size;
    io->net_provision_address = p != NULL ? p->address : PCDSIM_NET_PROVISION_ADDRESS;
    io->net_provision_size = p != NULL ? p->size : PCDSIM_NET_PROVISION_SIZE;
    io->net_from_file = true;
    return 0;
}

int pcdsim_update_layout_load_net(struct pcdsim_update_layout *io, const char *net_path, struct pcdsim_diag *diag)
{
    struct pcdsim_layout net;
    int err = pcdsim_layout_load(net_path, &net, diag);
    if (err != 0) {
        return err;
    }
    err = pcdsim_update_layout_set_net(io, &net, diag);
    pcdsim_layout_free(&net);
    return err;
}

int pcdsim_layout_load_board(const char *app_path, const char *net_path, const struct pcdsim_layout_devices *dev,
                             struct pcdsim_layout *app, struct pcdsim_update_layout *ul, struct pcdsim_diag *diag)
{
    int err = pcdsim_layout_load(app_path, app, diag);
    if (err == 0 && (err = pcdsim_layout_check_devices(app, dev, diag)) == 0 &&
        (err = pcdsim_update_layout_get(app, ul, diag)) == 0 && net_path != NULL) {
        err = pcdsim_update_layout_load_net(ul, net_path, diag);
    }
    if (err != 0) {
        pcdsim_layout_free(app);
    }
    return err;
}
