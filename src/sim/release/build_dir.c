/* NCS build directory discovery (see pcdsim/build_dir.h). */
#include "pcdsim/build_dir.h"

#include <glob.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pcdsim/host_err.h"

/* One role and where each generation puts it (NULL: not written by that generation). */
struct role {
    const char *what;
    size_t field; /* offsetof in struct pcdsim_build_dir */
    const char *child[2];
    const char *sysbuild[2];
};

#define F(m) offsetof(struct pcdsim_build_dir, m)
static const struct role roles[] = {
    {"app update", F(app_update), {"zephyr/app_update.bin"}, {"*/zephyr/zephyr.signed.bin"}},
    {"net update", F(net_update), {"zephyr/net_core_app_update.bin"}, {"signed_by_mcuboot_and_b0_*.bin"}},
    {"B0-signed net image", F(net_b0), {NULL}, {"signed_by_b0_*.bin"}},
    {"current net image", F(merged_cpunet), {"*/zephyr/merged_CPUNET.hex"}, {"merged_CPUNET.hex"}},
    {"current app image", F(merged), {"zephyr/merged.hex"}, {"merged.hex"}},
    {"dfu zip", F(dfu_zip), {"zephyr/dfu_application.zip"}, {"dfu_application.zip"}},
    {"multi-image package", F(multi_image), {"zephyr/dfu_multi_image.bin"}, {"dfu_multi_image.bin"}},
    {"app partitions", F(pm_app), {"partitions.yml"}, {"partitions.yml"}},
    {"net partitions", F(pm_net), {"*/partitions_CPUNET.yml"}, {"partitions_CPUNET.yml"}},
    {"devicetree", F(dts_app), {"mcuboot/zephyr/zephyr.dts", "zephyr/zephyr.dts"},
     {"mcuboot/zephyr/zephyr.dts", "*/zephyr/zephyr.dts"}},
};
#undef F

/* 0 none, 1 one (copied to @p dst), 2 several (first two in @p dst and @p other). */
static int find_one(const char *dir, const char *pattern, char *dst, char *other)
{
    char pat[PCDSIM_BUILD_PATH_MAX + 64];
    snprintf(pat, sizeof(pat), "%s/%s", dir, pattern);
    glob_t g;
    memset(&g, 0, sizeof(g));
    int n = 0;
    if (glob(pat, 0, NULL, &g) == 0) {
        size_t keep = 0;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            struct stat st;
            if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) {
                continue;
            }
            snprintf(keep == 0 ? dst : other, PCDSIM_BUILD_PATH_MAX, "%s", g.gl_pathv[i]);
            keep++;
        }
        n = keep > 1 ? 2 : (int)keep;
    }
    globfree(&g);
    return n;
}

static int exists(const char *dir, const char *pattern)
{
    char a[PCDSIM_BUILD_PATH_MAX], b[PCDSIM_BUILD_PATH_MAX];
    return find_one(dir, pattern, a, b) > 0;
}

static int detect(const char *dir, struct pcdsim_build_dir *out, struct pcdsim_diag *diag)
{
    bool child = exists(dir, "zephyr/net_core_app_update.bin") || exists(dir, "zephyr/app_update.bin") ||
                 exists(dir, "zephyr/dfu_application.zip");
    bool sys = exists(dir, "signed_by_mcuboot_and_b0_*.bin") || exists(dir, "merged_CPUNET.hex") ||
               exists(dir, "dfu_application.zip");
    if (child && sys) {
        pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, dir, 0, 0,
                        "ambiguous build directory: it holds files of a child-image build (zephyr/app_update.bin, "
                        "zephyr/net_core_app_update.bin, zephyr/dfu_application.zip) and of a sysbuild build "
                        "(signed_by_mcuboot_and_b0_*.bin, merged_CPUNET.hex, dfu_application.zip)");
        pcdsim_diag_hint(diag, "build pristine (west build -p) or name the files with --net-update, --dfu-zip, --layout");
        return PCDSIM_E_SCHEMA;
    }
    if (!child && !sys) {
        pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, dir, 0, 0,
                        "not an NCS build directory: found neither zephyr/net_core_app_update.bin, "
                        "zephyr/app_update.bin, zephyr/dfu_application.zip (child image, NCS <= 2.8) nor "
                        "signed_by_mcuboot_and_b0_*.bin, merged_CPUNET.hex, dfu_application.zip (sysbuild, NCS >= 2.7)");
        return PCDSIM_E_SCHEMA;
    }
    out->gen = child ? PCDSIM_BUILD_CHILD_IMAGE : PCDSIM_BUILD_SYSBUILD;
    return 0;
}

static int require(const char *dir, bool ok, const char *what, const char *names, struct pcdsim_diag *diag)
{
    if (ok) {
        return 0;
    }
    pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, dir, 0, 0, "no %s in the build directory (looked for %s)", what, names);
    return PCDSIM_E_SCHEMA;
}

/* The network-core image's zephyr.dts, by the folder its outputs name (see dts_net). */
static void find_net_dts(const char *dir, struct pcdsim_build_dir *out)
{
    char p[PCDSIM_BUILD_PATH_MAX + 64];
    struct stat st;
    if (out->gen == PCDSIM_BUILD_CHILD_IMAGE && out->merged_cpunet[0] != 0) {
        const char *slash = strrchr(out->merged_cpunet, '/');
        snprintf(p, sizeof(p), "%.*s/zephyr.dts", (int)(slash - out->merged_cpunet), out->merged_cpunet);
    } else {
        const char *b0 = strrchr(out->net_b0, '/');
        const char *name = b0 != NULL ? b0 + 1 + strlen("signed_by_b0_") : NULL;
        size_t n = name != NULL && strlen(name) > 4 ? strlen(name) - 4 : 0; /* without ".bin" */
        if (n == 0) {
            return;
        }
        snprintf(p, sizeof(p), "%s/%.*s/zephyr/zephyr.dts", dir, (int)n, name);
    }
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && strlen(p) < sizeof(out->dts_net)) {
        snprintf(out->dts_net, sizeof(out->dts_net), "%s", p);
    }
}

int pcdsim_build_dir_find(const char *dir, struct pcdsim_build_dir *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, dir, 0, 0, "not a readable directory");
    }
    int rc = detect(dir, out, diag);
    const bool sys = out->gen == PCDSIM_BUILD_SYSBUILD;
    for (size_t i = 0; rc == 0 && i < sizeof(roles) / sizeof(roles[0]); i++) {
        const char *const *p = sys ? roles[i].sysbuild : roles[i].child;
        char *dst = (char *)out + roles[i].field, other[PCDSIM_BUILD_PATH_MAX];
        for (int k = 0; k < 2 && p[k] != NULL && dst[0] == 0; k++) {
            if (find_one(dir, p[k], dst, other) == 2) {
                pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, dir, 0, 0, "ambiguous %s: both '%s' and '%s' match '%s'",
                                roles[i].what, dst, other, p[k]);
                rc = PCDSIM_E_SCHEMA;
            }
        }
    }
    if (rc == 0) {
        find_net_dts(dir, out);
    }
    const char *upd = sys ? "signed_by_mcuboot_and_b0_*.bin, dfu_application.zip, dfu_multi_image.bin"
                          : "zephyr/net_core_app_update.bin, zephyr/dfu_application.zip, zephyr/dfu_multi_image.bin";
    rc = rc ? rc : require(dir, out->net_update[0] || out->dfu_zip[0] || out->multi_image[0], "network-core update", upd, diag);
    rc = rc ? rc : require(dir, out->merged_cpunet[0] != 0, "current network-core image",
                           sys ? "merged_CPUNET.hex" : "*/zephyr/merged_CPUNET.hex", diag);
    rc = rc ? rc : require(dir, out->pm_app[0] || out->dts_app[0], "partition layout",
                           sys ? "partitions.yml, mcuboot/zephyr/zephyr.dts, */zephyr/zephyr.dts"
                               : "partitions.yml, mcuboot/zephyr/zephyr.dts, zephyr/zephyr.dts", diag);
    return rc;
}

void pcdsim_build_dir_print(const struct pcdsim_build_dir *b, FILE *f)
{
    fprintf(f, "build directory (%s):\n", b->gen == PCDSIM_BUILD_SYSBUILD ? "sysbuild, NCS >= 2.7"
                                                                          : "child images, NCS <= 2.8");
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
        const char *v = (const char *)b + roles[i].field;
        if (v[0] != 0) {
            fprintf(f, "  %-20s %s\n", roles[i].what, v);
        }
    }
    if (b->dts_net[0] != 0) {
        fprintf(f, "  %-20s %s\n", "net devicetree", b->dts_net);
    }
}
