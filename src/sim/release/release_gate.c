/* The gate's release inputs and PKG verdicts (see pcdsim/release_gate.h). */
#include "pcdsim/release_gate.h"

#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "pcdsim/ihex.h"
#include "release_util.h"

static const char *pick(const char *given, const char *found)
{
    return given != NULL ? given : (found != NULL && found[0] != 0 ? found : NULL);
}

/* Is the file a package (zip or multi-image) rather than an image? */
static bool file_is_package(const char *path)
{
    uint8_t head[512];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof(head), f) : 0;
    if (f != NULL) {
        fclose(f);
    }
    if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        return true;
    }
    /* the CBOR header fits in its announced length; read that much */
    if (n < 2) {
        return false;
    }
    size_t need = 2u + (size_t)rel_le16(head);
    if (need > n) {
        uint8_t *buf = malloc(need);
        f = buf ? fopen(path, "rb") : NULL;
        bool ok = f != NULL && fread(buf, 1, need, f) == need && pcdsim_package_probe(buf, need);
        if (f != NULL) {
            fclose(f);
        }
        free(buf);
        return ok;
    }
    return pcdsim_package_probe(head, n);
}

int pcdsim_gate_release_resolve(struct pcdsim_gate_release *r, const struct pcdsim_gate_sources *s, FILE *out,
                                struct pcdsim_diag *diag)
{
    memset(r, 0, sizeof(*r));
    pcdsim_diag_clear(diag);
    const struct pcdsim_build_dir *b = &r->bd;
    if (s->build_dir != NULL) {
        int rc = pcdsim_build_dir_find(s->build_dir, &r->bd, diag);
        if (rc != 0) {
            return rc;
        }
        r->has_build_dir = true;
        pcdsim_build_dir_print(&r->bd, out);
    }
    r->layout = pick(s->layout, b->pm_app[0] ? b->pm_app : b->dts_app);
    r->net_layout = pick(s->net_layout, s->layout != NULL ? NULL : b->pm_net[0] ? b->pm_net : b->dts_net);
    r->net_update = pick(s->net_update, b->net_update);
    r->package = pick(s->dfu_zip, b->dfu_zip[0] ? b->dfu_zip : b->multi_image);
    if (s->net_update != NULL && s->dfu_zip == NULL && file_is_package(s->net_update)) {
        r->package = s->net_update; /* --net-update dfu_multi_image.bin / a zip: the update is in it */
        r->net_update = NULL;
    }
    r->net_current = pick(s->net_current, b->merged_cpunet);
    r->app_update = pick(s->app_update, b->app_update);
    r->previous = s->previous;
    r->app_current = s->app_current;
    const char *missing = r->layout == NULL ? "--layout (or --build-dir)"
                          : r->net_update == NULL && r->package == NULL ? "--net-update or --dfu-zip (or --build-dir)"
                          : r->net_current == NULL ? "--net-current (or --build-dir)" : NULL;
    if (missing != NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_USAGE, NULL, 0, 0, "%s is required", missing);
    }
    return 0;
}

/* A file error names the option it came from: "cannot read the --net-update file (reason)". */
static int named(int rc, const char *what, struct pcdsim_diag *diag)
{
    if (rc == PCDSIM_E_FILE && diag != NULL) {
        char why[PCDSIM_DIAG_TEXT / 2];
        const char *colon = strstr(diag->message, ": ");
        const char *src = colon != NULL && strncmp(diag->message, "cannot read", 11) == 0 ? colon + 2 : diag->message;
        size_t n = strnlen(src, sizeof(why) - 1);
        memcpy(why, src, n);
        why[n] = 0;
        snprintf(diag->message, sizeof(diag->message), "cannot read the %.32s file (%s)", what, why);
    }
    return rc;
}

static int copy_image(const struct pcdsim_pkg_image *im, struct pcdsim_image_file *dst)
{
    dst->data = malloc(im->len ? im->len : 1);
    if (dst->data == NULL) {
        return PCDSIM_E_NOMEM;
    }
    memcpy(dst->data, im->data, im->len);
    dst->len = im->len;
    return 0;
}

/* The updates: from their files, else from the package by content. */
static int read_updates(struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul, struct pcdsim_diag *diag)
{
    const size_t max = 16u * 1024u * 1024u;
    int rc = 0;
    if (r->net_update != NULL) {
        rc = named(pcdsim_image_file_read(r->net_update, max, &r->net_img, diag), "--net-update", diag);
        snprintf(r->net_name, sizeof(r->net_name), "%s", r->net_update);
    } else {
        const struct pcdsim_pkg_image *im = pcdsim_package_find(&r->pkg, PCDSIM_CORE_NET, ul);
        if (im == NULL) {
            return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, r->package, 0, 0,
                                   "the package holds no network-core image (no image's reset vector lies in the "
                                   "network-core application partition 0x%08X..0x%08X)",
                                   ul->net_app_address, ul->net_app_address + ul->net_app_size);
        }
        rc = copy_image(im, &r->net_img);
        snprintf(r->net_name, sizeof(r->net_name), "%s:%s", r->package, im->name);
    }
    if (rc == 0 && r->app_update != NULL) {
        rc = named(pcdsim_image_file_read(r->app_update, max, &r->app_img, diag), "--app-update", diag);
        snprintf(r->app_name, sizeof(r->app_name), "%s", r->app_update);
    } else if (rc == 0 && r->package != NULL) {
        const struct pcdsim_pkg_image *im = pcdsim_package_find(&r->pkg, PCDSIM_CORE_APP, ul);
        if (im != NULL) {
            rc = copy_image(im, &r->app_img);
            snprintf(r->app_name, sizeof(r->app_name), "%s:%s", r->package, im->name);
        }
    }
    return rc;
}

/* The running application: mcuboot_primary's bytes of merged.hex (MCUboot and the rest left out). */
static int read_app_current(struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                            struct pcdsim_diag *diag)
{
    struct pcdsim_ihex h;
    int rc = pcdsim_ihex_load(r->bd.merged, &h, diag);
    if (rc != 0) {
        return rc;
    }
    uint32_t lo = ul->primary.address, end = lo;
    for (size_t i = 0; i < h.count; i++) {
        uint64_t e = (uint64_t)h.segments[i].address + h.segments[i].size, hi = (uint64_t)lo + ul->primary.size;
        if (h.segments[i].address < hi && e > lo) {
            end = (uint32_t)(e < hi ? e : hi) > end ? (uint32_t)(e < hi ? e : hi) : end;
        }
    }
    if (end > lo) {
        r->app_cur.data = malloc(end - lo);
        if (r->app_cur.data == NULL) {
            rc = pcdsim_diag_set(diag, PCDSIM_E_NOMEM, r->bd.merged, 0, 0, "out of memory");
        } else {
            r->app_cur.len = end - lo;
            r->app_cur.hex = true;
            r->app_cur.base = lo;
            pcdsim_ihex_read(&h, lo, end - lo, r->app_cur.data, 0xFF);
        }
    }
    pcdsim_ihex_free(&h);
    return rc;
}

int pcdsim_gate_release_read(struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                             struct pcdsim_diag *diag)
{
    int rc = 0;
    if (r->package != NULL) {
        rc = pcdsim_package_load(r->package, &r->pkg, diag);
    }
    rc = rc ? rc : read_updates(r, ul, diag);
    rc = rc ? rc : named(pcdsim_net_current_load(r->net_current, ul, &r->cur, diag), "--net-current", diag);
    if (rc == 0 && r->app_current == NULL && r->bd.merged[0] != 0 && ul->primary.present) {
        rc = read_app_current(r, ul, diag);
    }
    if (rc == 0 && r->previous != NULL) {
        rc = pcdsim_previous_load(r->previous, &r->prev, diag);
        r->has_prev = rc == 0;
    }
    return rc;
}

static void input_verdict(const struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                          struct pcdsim_pkg_verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->id = "PKG-INPUT";
    v->pass = true;
    if (r->has_build_dir) {
        pkg_note(v, false, "build directory (%s)", r->bd.gen == PCDSIM_BUILD_SYSBUILD ? "sysbuild" : "child images");
    }
    pkg_note(v, false, "update %s (%zu bytes%s)", r->net_name, r->net_img.len, r->net_img.hex ? ", Intel HEX" : "");
    if (r->cur.has_provision) {
        pkg_note(v, false, "running net image, B0N (0x%X bytes) and provision area (%u key hash(es)) from %s",
                 r->cur.b0n_size, r->cur.provision.num_keys, r->net_current);
    }
    if (r->app_cur.data != NULL) {
        pkg_note(v, false, "running application from %s (%zu bytes at 0x%08X)", r->bd.merged, r->app_cur.len,
                 r->app_cur.base);
    }
    if (r->package != NULL && r->net_update != NULL) {
        /* a package beside the update file must carry the same network-core image: else it is stale */
        const struct pcdsim_pkg_image *im = pcdsim_package_find(&r->pkg, PCDSIM_CORE_NET, ul);
        bool same = im != NULL && im->len == r->net_img.len && memcmp(im->data, r->net_img.data, im->len) == 0;
        pkg_note(v, !same, "%s %s the network-core image of %s", r->package,
                 same ? "carries" : "does NOT carry (stale package?)", r->net_update);
    }
}

size_t pcdsim_gate_release_checks(const struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                                  struct pcdsim_pkg_verdict v[PCDSIM_PKG_COUNT])
{
    size_t n = 0;
    input_verdict(r, ul, &v[n++]);
    if (r->package != NULL) {
        pcdsim_pkg_route(r->pkg.images, r->pkg.count, ul, &v[n++]);
    }
    if (r->cur.has_provision) {
        pcdsim_pkg_key(r->net_img.data, r->net_img.len, &r->cur.provision, &v[n++]);
    }
    const struct pcdsim_provision *prov = r->cur.has_provision && r->cur.provision.has_counter ? &r->cur.provision : NULL;
    if (r->has_prev || prov != NULL) {
        struct pcdsim_release_versions cur, none = {0};
        pcdsim_pkg_versions(r->app_img.data, r->app_img.len, r->net_img.data, r->net_img.len, &cur);
        pcdsim_pkg_version(&cur, r->has_prev ? &r->prev.ver : &none, prov, &v[n++]);
    }
    if (r->has_prev && r->prev.has_layout) {
        pcdsim_pkg_layout(ul, &r->prev.ul, r->net_img.len, &v[n++]);
    }
    return n;
}

void pcdsim_gate_release_free(struct pcdsim_gate_release *r)
{
    if (r != NULL) {
        pcdsim_package_free(&r->pkg);
        pcdsim_image_file_free(&r->net_img);
        pcdsim_image_file_free(&r->app_img);
        pcdsim_image_file_free(&r->app_cur);
        pcdsim_net_current_free(&r->cur);
        pcdsim_previous_free(&r->prev);
        memset(r, 0, sizeof(*r));
    }
}
