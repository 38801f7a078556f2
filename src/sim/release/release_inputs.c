/* Layout, package and running net image in whatever form the build gave them (pcdsim/release_inputs.h). */
#include "pcdsim/release_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcdsim/build_dir.h"
#include "pcdsim/dts_layout.h"
#include "pcdsim/file_kind.h"
#include "pcdsim/host_err.h"
#include "pcdsim/ihex.h"
#include "release_util.h"

int pcdsim_release_load_layout(const char *app_path, const char *net_path, struct pcdsim_layout *app,
                               struct pcdsim_update_layout *ul, struct pcdsim_diag *diag)
{
    if (!pcdsim_is_dts_path(app_path)) {
        bool net_dts = net_path != NULL && pcdsim_is_dts_path(net_path);
        int rc = pcdsim_layout_load_board(app_path, net_dts ? NULL : net_path, NULL, app, ul, diag);
        if (rc == 0 && net_dts && (rc = pcdsim_release_load_net_layout(ul, net_path, diag)) != 0) {
            pcdsim_layout_free(app);
        }
        return rc;
    }
    uint32_t ram_flash_size = 0;
    memset(ul, 0, sizeof(*ul));
    int rc = pcdsim_dts_layout_load(app_path, app, &ram_flash_size, diag);
    rc = rc ? rc : pcdsim_layout_check_devices(app, NULL, diag);
    rc = rc ? rc : pcdsim_update_layout_get(app, ul, diag);
    rc = rc || net_path == NULL ? rc : pcdsim_release_load_net_layout(ul, net_path, diag);
    if (rc != 0) {
        pcdsim_layout_free(app);
    }
    return rc;
}

int pcdsim_release_load_net_layout(struct pcdsim_update_layout *ul, const char *net_path, struct pcdsim_diag *diag)
{
    return pcdsim_is_dts_path(net_path) ? pcdsim_dts_net_layout_load(net_path, ul, diag)
                                        : pcdsim_update_layout_load_net(ul, net_path, diag);
}

bool pcdsim_package_probe(const uint8_t *data, size_t len)
{
    return (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) || pcdsim_dfu_multi_probe(data, len);
}

static int load_multi(const char *path, struct pcdsim_package *p, struct pcdsim_diag *diag)
{
    size_t len = 0;
    int rc = rel_read_file(path, 64u * 1024u * 1024u, &p->multi_data, &len, diag);
    rc = rc ? rc : pcdsim_dfu_multi_parse(path, p->multi_data, len, &p->multi, diag);
    for (size_t i = 0; rc == 0 && i < p->multi.count; i++) {
        const struct pcdsim_dfu_multi_image *m = &p->multi.images[i];
        snprintf(p->names[i], sizeof(p->names[i]), "image %zu (id %lld)", i, (long long)m->id);
        p->images[i] = (struct pcdsim_pkg_image){p->names[i], m->id >= 0 && m->id < 100 ? (int)m->id : 99, -1, -1,
                                                 false, 0, m->data, m->size};
        p->count = i + 1;
    }
    return rc;
}

int pcdsim_package_load(const char *path, struct pcdsim_package *p, struct pcdsim_diag *diag)
{
    memset(p, 0, sizeof(*p));
    pcdsim_diag_clear(diag);
    uint8_t head[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof(head), f) : 0;
    if (f == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot read the package");
    }
    fclose(f);
    if (n < 4 || memcmp(head, "PK\x03\x04", 4) != 0) {
        return load_multi(path, p, diag);
    }
    p->is_zip = true;
    int rc = pcdsim_dfu_zip_load(path, &p->zip, diag);
    for (size_t i = 0; rc == 0 && i < p->zip.count; i++) {
        const struct pcdsim_dfu_entry *e = &p->zip.entries[i];
        snprintf(p->names[i], sizeof(p->names[i]), "%s", e->file);
        p->images[i] = (struct pcdsim_pkg_image){p->names[i], e->image_index, e->slot_primary, e->slot_secondary,
                                                 e->has_load_address, e->load_address, e->data, e->len};
        p->count = i + 1;
    }
    return rc;
}

void pcdsim_package_free(struct pcdsim_package *p)
{
    if (p != NULL) {
        pcdsim_dfu_zip_free(&p->zip);
        free(p->multi_data);
        memset(p, 0, sizeof(*p));
    }
}

const struct pcdsim_pkg_image *pcdsim_package_find(const struct pcdsim_package *p, enum pcdsim_core core,
                                                   const struct pcdsim_update_layout *ul)
{
    for (size_t i = 0; i < p->count; i++) {
        uint32_t rv;
        if (pcdsim_pkg_image_core(p->images[i].data, p->images[i].len, ul, &rv) == core) {
            return &p->images[i];
        }
    }
    return NULL;
}

int pcdsim_net_current_load(const char *path, const struct pcdsim_update_layout *ul, struct pcdsim_net_current *out,
                            struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    if (!pcdsim_file_is_intel_hex(path)) {
        return pcdsim_image_file_read(path, 16u * 1024u * 1024u, &out->img, diag);
    }
    struct pcdsim_ihex h;
    int rc = pcdsim_ihex_load(path, &h, diag);
    if (rc != 0) {
        return rc;
    }
    uint8_t probe[4];
    if (pcdsim_ihex_read(&h, ul->net_b0n_container_address, 4, probe, 0xFF) == 4) {
        struct pcdsim_netcore_hex n;
        rc = pcdsim_netcore_hex_split(path, &h, ul->net_b0n_container_address, ul->net_b0n_container_size,
                                      ul->net_app_address, ul->net_app_size, &n, diag);
        if (rc == 0) {
            out->has_provision = true;
            out->provision = n.provision;
            out->b0n_size = n.b0n_size;
            out->img.data = n.app;
            out->img.len = n.app_len;
            out->img.hex = true;
            out->img.base = n.app_address;
            n.app = NULL;
        }
        pcdsim_netcore_hex_free(&n);
    } else {
        rc = pcdsim_ihex_flatten(&h, &out->img.base, &out->img.data, &out->img.len, path, diag);
        out->img.hex = rc == 0;
    }
    pcdsim_ihex_free(&h);
    return rc;
}

void pcdsim_net_current_free(struct pcdsim_net_current *c)
{
    if (c != NULL) {
        pcdsim_image_file_free(&c->img);
        memset(c, 0, sizeof(*c));
    }
}

/* Versions of a package's images: the net one by its reset vector in the net-core app partition
 * of @p ul, any other MCUboot image as the app. */
static void package_versions(const struct pcdsim_package *p, const struct pcdsim_update_layout *ul,
                             struct pcdsim_release_versions *out)
{
    const struct pcdsim_pkg_image *app = NULL, *net = NULL;
    for (size_t i = 0; i < p->count; i++) {
        uint32_t rv;
        enum pcdsim_core c = pcdsim_pkg_image_core(p->images[i].data, p->images[i].len, ul, &rv);
        if (c == PCDSIM_CORE_NET) {
            net = &p->images[i];
        } else if (rv != 0) {
            app = &p->images[i];
        }
    }
    pcdsim_pkg_versions(app ? app->data : NULL, app ? app->len : 0, net ? net->data : NULL, net ? net->len : 0, out);
}

static int previous_dir(const char *path, struct pcdsim_previous *out, struct pcdsim_diag *diag)
{
    struct pcdsim_build_dir b;
    int rc = pcdsim_build_dir_find(path, &b, diag);
    rc = rc ? rc : pcdsim_release_load_layout(b.pm_app[0] ? b.pm_app : b.dts_app,
                                              b.pm_net[0] ? b.pm_net : b.dts_net[0] ? b.dts_net : NULL, &out->app,
                                              &out->ul, diag);
    if (rc != 0) {
        return rc;
    }
    out->has_layout = true;
    if (b.net_update[0] == 0) {
        struct pcdsim_package p;
        rc = pcdsim_package_load(b.dfu_zip[0] ? b.dfu_zip : b.multi_image, &p, diag);
        if (rc == 0) {
            package_versions(&p, &out->ul, &out->ver);
        }
        pcdsim_package_free(&p);
        return rc;
    }
    struct pcdsim_image_file app = {0}, net = {0};
    rc = pcdsim_image_file_read(b.net_update, 16u * 1024u * 1024u, &net, diag);
    if (rc == 0 && b.app_update[0] != 0) {
        rc = pcdsim_image_file_read(b.app_update, 16u * 1024u * 1024u, &app, diag);
    }
    if (rc == 0) {
        pcdsim_pkg_versions(app.data, app.len, net.data, net.len, &out->ver);
    }
    pcdsim_image_file_free(&app);
    pcdsim_image_file_free(&net);
    return rc;
}

int pcdsim_previous_load(const char *path, struct pcdsim_previous *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        out->is_dir = true;
        return previous_dir(path, out, diag);
    }
    struct pcdsim_package p;
    struct pcdsim_update_layout ul = {.net_app_address = PCDSIM_NET_APP_ADDRESS, .net_app_size = PCDSIM_NET_APP_SIZE};
    int rc = pcdsim_package_load(path, &p, diag);
    if (rc == 0) {
        package_versions(&p, &ul, &out->ver);
    }
    pcdsim_package_free(&p);
    return rc;
}

void pcdsim_previous_free(struct pcdsim_previous *p)
{
    if (p != NULL) {
        pcdsim_layout_free(&p->app);
        memset(p, 0, sizeof(*p));
    }
}
