/* PKG-ROUTE, PKG-VERSION, PKG-LAYOUT (PKG-KEY is in pkg_key.c); see pcdsim/pkg_checks.h. */
#include "pcdsim/pkg_checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "release_util.h"

/* Append "; text" to the detail; a fault clears pass. */
void pkg_note(struct pcdsim_pkg_verdict *v, bool fault, const char *fmt, ...)
{
    size_t used = strlen(v->detail);
    if (used + 3 >= sizeof(v->detail)) {
        return;
    }
    if (used > 0) {
        used += (size_t)snprintf(v->detail + used, sizeof(v->detail) - used, "; ");
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->detail + used, sizeof(v->detail) - used, fmt, ap);
    va_end(ap);
    if (fault) {
        v->pass = false;
    }
}

static void verdict_init(struct pcdsim_pkg_verdict *v, const char *id)
{
    memset(v, 0, sizeof(*v));
    v->id = id;
    v->pass = true;
}

static bool is_mcuboot(const uint8_t *img, size_t len)
{
    return len >= PCD_IMAGE_HEADER_SIZE && rel_le32(img) == PCD_IMAGE_MAGIC;
}

enum pcdsim_core pcdsim_pkg_image_core(const uint8_t *img, size_t len, const struct pcdsim_update_layout *ul,
                                       uint32_t *reset_vector)
{
    *reset_vector = 0;
    if (!is_mcuboot(img, len)) {
        return PCDSIM_CORE_UNKNOWN;
    }
    size_t hdr = rel_le16(img + 8);
    if (hdr + 8 > len) {
        return PCDSIM_CORE_UNKNOWN;
    }
    uint32_t rv = rel_le32(img + hdr + 4);
    *reset_vector = rv;
    if (rv >= ul->net_app_address && rv - ul->net_app_address < ul->net_app_size) {
        return PCDSIM_CORE_NET;
    }
    if (ul->primary.present && rv >= ul->primary.address && rv - ul->primary.address < ul->primary.size) {
        return PCDSIM_CORE_APP;
    }
    return PCDSIM_CORE_UNKNOWN;
}

static void route_one(const struct pcdsim_pkg_image *im, const struct pcdsim_update_layout *ul,
                      struct pcdsim_pkg_verdict *v)
{
    uint32_t rv;
    enum pcdsim_core core = pcdsim_pkg_image_core(im->data, im->len, ul, &rv);
    if (core == PCDSIM_CORE_UNKNOWN) {
        pkg_note(v, true, "%s: %s", im->name, is_mcuboot(im->data, im->len)
                 ? "reset vector in neither the app slot nor the net-core app partition" : "not an MCUboot image");
        return;
    }
    const int want = core == PCDSIM_CORE_NET ? 1 : 0;
    const char *cname = core == PCDSIM_CORE_NET ? "net-core" : "app-core";
    if (im->image_index >= 0 && im->image_index != want) {
        pkg_note(v, true, "%s: %s %s image (reset vector 0x%08X) offered as image %d, must be image %d", im->name,
                 core == PCDSIM_CORE_NET ? "a" : "an", cname, rv, im->image_index, want);
    }
    int idx = im->image_index >= 0 ? im->image_index : want;
    if (im->slot_primary >= 0 && im->slot_primary != idx * 2 + 1) {
        pkg_note(v, true, "%s: slot_index_primary %d, image %d's primary slot is %d", im->name, im->slot_primary, idx,
                 idx * 2 + 1);
    }
    if (im->slot_secondary >= 0 && im->slot_secondary != idx * 2 + 2) {
        pkg_note(v, true, "%s: slot_index_secondary %d, image %d's secondary slot is %d", im->name, im->slot_secondary,
                 idx, idx * 2 + 2);
    }
    uint32_t runs = core == PCDSIM_CORE_NET ? ul->net_app_address : ul->app_address;
    if (im->has_load_address && runs != 0 && im->load_address != runs) {
        pkg_note(v, true, "%s: load_address 0x%08X, the %s image runs from 0x%08X", im->name, im->load_address, cname,
                 runs);
    }
    if (v->pass) {
        pkg_note(v, false, "%s: %s image %d", im->name, cname, idx);
    }
}

int pcdsim_pkg_route(const struct pcdsim_pkg_image *imgs, size_t n, const struct pcdsim_update_layout *ul,
                     struct pcdsim_pkg_verdict *v)
{
    verdict_init(v, "PKG-ROUTE");
    for (size_t i = 0; i < n; i++) {
        route_one(&imgs[i], ul, v);
        for (size_t j = 0; j < i; j++) {
            if (imgs[i].image_index >= 0 && imgs[i].image_index == imgs[j].image_index) {
                pkg_note(v, true, "%s and %s are both image %d", imgs[j].name, imgs[i].name, imgs[i].image_index);
            }
        }
    }
    if (n == 0) {
        pkg_note(v, true, "the package holds no image");
    }
    return 0;
}

/* fw_info.version of a bare B0-signed image or the body of an MCUboot-signed one; -1 if none. */
static long long net_fw_version(const uint8_t *img, size_t len)
{
    size_t base = is_mcuboot(img, len) ? rel_le16(img + 8) : 0;
    static const uint32_t offs[] = PCD_FWINFO_SEARCH_OFFSETS;
    for (size_t i = 0; i < PCD_FWINFO_SEARCH_COUNT; i++) {
        struct pcd_fw_info fi;
        if (base + offs[i] + PCD_FWINFO_SIZE <= len && pcd_fwinfo_decode(img + base + offs[i], &fi) == 0) {
            return fi.version;
        }
    }
    return -1;
}

void pcdsim_pkg_versions(const uint8_t *app, size_t app_len, const uint8_t *net, size_t net_len,
                         struct pcdsim_release_versions *out)
{
    memset(out, 0, sizeof(*out));
    if (app != NULL && is_mcuboot(app, app_len)) {
        out->has_app = true;
        out->app_major = app[20];
        out->app_minor = app[21];
        out->app_rev = rel_le16(app + 22);
        out->app_build = rel_le32(app + 24);
    }
    long long nv = net != NULL ? net_fw_version(net, net_len) : -1;
    if (nv >= 0) {
        out->has_net = true;
        out->net_fw_version = (uint32_t)nv;
    }
}

static int cmp_app(const struct pcdsim_release_versions *a, const struct pcdsim_release_versions *b)
{
    uint64_t x = (uint64_t)a->app_major << 24 | (uint64_t)a->app_minor << 16 | a->app_rev;
    uint64_t y = (uint64_t)b->app_major << 24 | (uint64_t)b->app_minor << 16 | b->app_rev;
    if (x != y) {
        return x < y ? -1 : 1;
    }
    return a->app_build < b->app_build ? -1 : a->app_build > b->app_build;
}

int pcdsim_pkg_version(const struct pcdsim_release_versions *cur, const struct pcdsim_release_versions *prev,
                       const struct pcdsim_provision *prov, struct pcdsim_pkg_verdict *v)
{
    verdict_init(v, "PKG-VERSION");
    if (cur->has_app && prev->has_app) {
        pkg_note(v, cmp_app(cur, prev) < 0, "app %u.%u.%u+%u %s previous %u.%u.%u+%u", cur->app_major,
                 cur->app_minor, cur->app_rev, cur->app_build, cmp_app(cur, prev) < 0 ? "is a DOWNGRADE from" : "after",
                 prev->app_major, prev->app_minor, prev->app_rev, prev->app_build);
    }
    if (cur->has_net && prev->has_net) {
        bool down = cur->net_fw_version < prev->net_fw_version;
        pkg_note(v, down, "net fw_info.version %u %s previous %u", cur->net_fw_version,
                 down ? "is a DOWNGRADE from" : "after", prev->net_fw_version);
    }
    if (cur->has_net && prov != NULL && prov->has_counter) {
        bool low = cur->net_fw_version < prov->counter;
        pkg_note(v, low, "net fw_info.version %u %s the provisioned monotonic counter %u", cur->net_fw_version,
                 low ? "is below" : "reaches", prov->counter);
    }
    if (v->detail[0] == 0) {
        pkg_note(v, true, "no version to compare (neither release has a readable app or net version)");
    }
    return 0;
}

static void slot_cmp(const char *name, const struct pcdsim_slot *c, const struct pcdsim_slot *p,
                     struct pcdsim_pkg_verdict *v)
{
    if (!p->present) {
        return;
    }
    if (!c->present) {
        pkg_note(v, true, "%s removed (was %s 0x%08X size 0x%X)", name, pcdsim_slot_medium_str(p->medium), p->address,
                 p->size);
        return;
    }
    if (c->medium != p->medium || c->address != p->address) {
        pkg_note(v, true, "%s moved: %s 0x%08X -> %s 0x%08X", name, pcdsim_slot_medium_str(p->medium), p->address,
                 pcdsim_slot_medium_str(c->medium), c->address);
    }
    if (c->size < p->size) {
        pkg_note(v, true, "%s shrunk: 0x%X -> 0x%X bytes", name, p->size, c->size);
    }
}

int pcdsim_pkg_layout(const struct pcdsim_update_layout *cur, const struct pcdsim_update_layout *prev,
                      size_t net_image_len, struct pcdsim_pkg_verdict *v)
{
    verdict_init(v, "PKG-LAYOUT");
    slot_cmp("mcuboot_primary", &cur->primary, &prev->primary, v);
    slot_cmp("mcuboot_secondary", &cur->secondary, &prev->secondary, v);
    slot_cmp("mcuboot_primary_1", &cur->primary_1, &prev->primary_1, v);
    slot_cmp("mcuboot_secondary_1", &cur->secondary_1, &prev->secondary_1, v);
    if (cur->pcd_sram_address != prev->pcd_sram_address || cur->pcd_sram_size != prev->pcd_sram_size) {
        pkg_note(v, true, "pcd_sram moved: 0x%08X size 0x%X -> 0x%08X size 0x%X", prev->pcd_sram_address,
                 prev->pcd_sram_size, cur->pcd_sram_address, cur->pcd_sram_size);
    }
    if (cur->net_b0n_container_address != prev->net_b0n_container_address ||
        cur->net_b0n_container_size != prev->net_b0n_container_size ||
        cur->net_app_address != prev->net_app_address) {
        pkg_note(v, true, "B0N area changed: b0n_container 0x%08X size 0x%X, net app 0x%08X -> 0x%08X size 0x%X, "
                 "net app 0x%08X", prev->net_b0n_container_address, prev->net_b0n_container_size, prev->net_app_address,
                 cur->net_b0n_container_address, cur->net_b0n_container_size, cur->net_app_address);
    }
    if (net_image_len > 0 && prev->primary_1.present && net_image_len > prev->primary_1.size) {
        pkg_note(v, true, "the net image (%zu bytes) is larger than the previous release's RAM flash window "
                 "mcuboot_primary_1 (0x%X bytes) the field's MCUboot stages it in", net_image_len, prev->primary_1.size);
    }
    if (v->pass) {
        pkg_note(v, false, "slots, pcd_sram and the B0N area as in the previous release");
    }
    return 0;
}
