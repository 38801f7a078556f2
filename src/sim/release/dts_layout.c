/* zephyr.dts partitions through dtc and libfdt (see pcdsim/dts_layout.h). */
#include "pcdsim/dts_layout.h"

#include <errno.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcdsim/host_err.h"
#include "release_util.h"

/* Run dtc on @p path into a temporary dtb and read it. */
static int compile_dts(const char *path, uint8_t **dtb, size_t *len, struct pcdsim_diag *diag)
{
    const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char tmp[512];
    snprintf(tmp, sizeof(tmp), "%s/pcdsim-dtb-XXXXXX", tmpdir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
    }
    close(fd);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("dtc", "dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", tmp, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int rc = 0;
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot run dtc (Debian device-tree-compiler)");
        pcdsim_diag_hint(diag, "install it with ci/deps");
    } else if (WEXITSTATUS(status) != 0) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0, "dtc refused the devicetree source (its message is above)");
    } else {
        rc = rel_read_file(tmp, 16u * 1024u * 1024u, dtb, len, diag);
    }
    remove(tmp);
    return rc;
}

/* Node offset of label @p label, or a negative value. */
static int label_node(const void *fdt, const char *label)
{
    int sym = fdt_path_offset(fdt, "/__symbols__");
    const char *p = sym >= 0 ? fdt_getprop(fdt, sym, label, NULL) : NULL;
    return p != NULL ? fdt_path_offset(fdt, p) : -FDT_ERR_NOTFOUND;
}

/* First (address, size) of node's reg, read with the parent's cell counts (1 or 2 each). */
static int read_reg(const void *fdt, int node, uint64_t *addr, uint64_t *size)
{
    int parent = fdt_parent_offset(fdt, node);
    int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2, sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 1;
    int len = 0;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (reg == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (ac + sc) * 4) {
        return -1;
    }
    *addr = ac == 2 ? (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]) : fdt32_to_cpu(reg[0]);
    *size = sc == 2 ? (uint64_t)fdt32_to_cpu(reg[ac]) << 32 | fdt32_to_cpu(reg[ac + 1]) : fdt32_to_cpu(reg[ac]);
    return 0;
}

static bool compatible_has(const void *fdt, int node, const char *suffix, bool whole)
{
    int len = 0;
    const char *c = fdt_getprop(fdt, node, "compatible", &len);
    for (int i = 0; c != NULL && i < len;) {
        const char *s = c + i;
        size_t n = strnlen(s, (size_t)(len - i)), k = strlen(suffix);
        if (whole ? strcmp(s, suffix) == 0 : (n >= k && strcmp(s + n - k, suffix) == 0)) {
            return true;
        }
        i += (int)n + 1;
    }
    return false;
}

struct dts_ctx {
    const char *path;
    const void *fdt;
    struct pcdsim_layout *out;
    uint32_t ram_flash_size;
    struct pcdsim_diag *diag;
};

static int add_partition(struct dts_ctx *c, const char *label, const char *pm_name, bool required)
{
    int node = label_node(c->fdt, label);
    if (node < 0) {
        if (required) {
            pcdsim_diag_set(c->diag, PCDSIM_E_SCHEMA, c->path, 0, 0,
                            "no partition labelled '%s' (looked for slot0_partition, slot1_partition, "
                            "slot2_partition, slot3_partition)", label);
            pcdsim_diag_hint(c->diag, "give the zephyr.dts of the application image (build/<app>/zephyr/zephyr.dts), "
                                      "or its partitions.yml");
            return PCDSIM_E_SCHEMA;
        }
        return 0;
    }
    uint64_t off, size, dbase = 0, dsize = 0;
    int parts = fdt_parent_offset(c->fdt, node), dev = parts >= 0 ? fdt_parent_offset(c->fdt, parts) : -1;
    int ctrl = dev >= 0 ? fdt_parent_offset(c->fdt, dev) : -1;
    enum pcdsim_region region = PCDSIM_REGION_FLASH_PRIMARY;
    if (ctrl >= 0 && compatible_has(c->fdt, ctrl, "zephyr,sim-flash", true)) {
        region = PCDSIM_REGION_RAM_FLASH;
    } else if (dev >= 0 && compatible_has(c->fdt, dev, "-nor", false)) {
        region = PCDSIM_REGION_EXTERNAL_FLASH;
    }
    bool dev_reg = dev >= 0 && read_reg(c->fdt, dev, &dbase, &dsize) == 0;
    if (read_reg(c->fdt, node, &off, &size) != 0 || (region == PCDSIM_REGION_FLASH_PRIMARY && !dev_reg)) {
        return pcdsim_diag_set(c->diag, PCDSIM_E_SCHEMA, c->path, 0, 0,
                               "partition '%s' has no usable 'reg' (or its flash device none)", label);
    }
    struct pcdsim_partition *p = &c->out->partitions[c->out->count++];
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", pm_name);
    p->region = region;
    if (region == PCDSIM_REGION_RAM_FLASH) {
        c->ram_flash_size = (uint32_t)(dev_reg && dsize ? dsize : off + size);
    } else if (region == PCDSIM_REGION_EXTERNAL_FLASH) {
        snprintf(p->device, sizeof(p->device), "%s", fdt_get_name(c->fdt, dev, NULL));
        p->has_device = true;
    } else {
        off += dbase;
    }
    snprintf(p->region_name, sizeof(p->region_name), "%s", pcdsim_region_str(p->region));
    p->address = (uint32_t)off;
    p->size = (uint32_t)size;
    p->end_address = (uint32_t)(off + size);
    return 0;
}

static int add_pcd(struct dts_ctx *c)
{
    static const char *const labels[] = {"pcd_sram", "sram0_dfu_shared"};
    for (size_t i = 0; i < 2; i++) {
        uint64_t a, s;
        int node = label_node(c->fdt, labels[i]);
        if (node >= 0 && read_reg(c->fdt, node, &a, &s) == 0) {
            struct pcdsim_partition *p = &c->out->partitions[c->out->count++];
            memset(p, 0, sizeof(*p));
            snprintf(p->name, sizeof(p->name), "pcd_sram");
            p->region = PCDSIM_REGION_SRAM_PRIMARY;
            snprintf(p->region_name, sizeof(p->region_name), "sram_primary");
            p->address = (uint32_t)a;
            p->size = (uint32_t)s;
            p->end_address = (uint32_t)(a + s);
            return 0;
        }
    }
    return 0;
}

int pcdsim_dts_layout_load(const char *path, struct pcdsim_layout *out, uint32_t *ram_flash_size,
                           struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    *ram_flash_size = 0;
    pcdsim_diag_clear(diag);
    uint8_t *dtb = NULL;
    size_t len = 0;
    int rc = compile_dts(path, &dtb, &len, diag);
    if (rc != 0) {
        return rc;
    }
    const void *fdt = dtb;
    if (fdt_check_header(fdt) != 0 || fdt_totalsize(fdt) > len) {
        free(dtb);
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0, "dtc wrote an invalid dtb");
    }
    out->partitions = calloc(5, sizeof(*out->partitions));
    out->path = strdup(path);
    if (out->partitions == NULL || out->path == NULL) {
        free(dtb);
        pcdsim_layout_free(out);
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, path, 0, 0, "out of memory");
    }
    struct dts_ctx c = {path, dtb, out, 0, diag};
    rc = add_partition(&c, "slot0_partition", "mcuboot_primary", true);
    rc = rc ? rc : add_partition(&c, "slot1_partition", "mcuboot_secondary", true);
    rc = rc ? rc : add_partition(&c, "slot2_partition", "mcuboot_primary_1", false);
    rc = rc ? rc : add_partition(&c, "slot3_partition", "mcuboot_secondary_1", false);
    rc = rc ? rc : add_pcd(&c);
    free(dtb);
    if (rc != 0) {
        pcdsim_layout_free(out);
        return rc;
    }
    *ram_flash_size = c.ram_flash_size;
    rc = pcdsim_layout_check(out, diag);
    if (rc != 0) {
        pcdsim_layout_free(out);
    }
    return rc;
}

/* CPU address and size of the internal-flash partition labelled @p label; 0 found, 1 absent, or an error. */
static int net_partition(const void *fdt, const char *path, const char *label, uint32_t *addr, uint32_t *size,
                         struct pcdsim_diag *diag)
{
    int node = label_node(fdt, label);
    if (node < 0) {
        return 1;
    }
    uint64_t off, sz, base = 0, dsize = 0;
    int parts = fdt_parent_offset(fdt, node), dev = parts >= 0 ? fdt_parent_offset(fdt, parts) : -1;
    if (read_reg(fdt, node, &off, &sz) != 0 || dev < 0 || read_reg(fdt, dev, &base, &dsize) != 0 ||
        base + off + sz > 0xFFFFFFFFu) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0, "partition '%s' has no usable 'reg'", label);
    }
    *addr = (uint32_t)(base + off);
    *size = (uint32_t)sz;
    return 0;
}

static void net_part(struct pcdsim_partition *p, const char *name, uint32_t addr, uint32_t size)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    snprintf(p->region_name, sizeof(p->region_name), "flash_primary");
    p->region = PCDSIM_REGION_FLASH_PRIMARY;
    p->address = addr;
    p->size = size;
    p->end_address = addr + size;
}

int pcdsim_dts_net_layout_load(const char *path, struct pcdsim_update_layout *io, struct pcdsim_diag *diag)
{
    pcdsim_diag_clear(diag);
    uint8_t *dtb = NULL;
    size_t len = 0;
    int rc = compile_dts(path, &dtb, &len, diag);
    if (rc != 0) {
        return rc;
    }
    const void *fdt = dtb;
    uint32_t b0n = 0, b0n_size = 0, prov = 0, prov_size = 0, app = 0, app_size = 0;
    if (fdt_check_header(fdt) != 0 || fdt_totalsize(fdt) > len) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0, "dtc wrote an invalid dtb");
    } else if ((rc = net_partition(fdt, path, "b0n_partition", &b0n, &b0n_size, diag)) == 1 ||
               (rc == 0 && (rc = net_partition(fdt, path, "s0_partition", &app, &app_size, diag)) == 1 &&
                (rc = net_partition(fdt, path, "slot0_partition", &app, &app_size, diag)) == 1)) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0,
                             "no network-core partitions (looked for b0n_partition, provision_partition, "
                             "s0_partition, slot0_partition)");
        pcdsim_diag_hint(diag, "give the zephyr.dts of the network-core image (e.g. build/ipc_radio/zephyr/zephyr.dts), "
                               "or its partitions_CPUNET.yml");
    } else if (rc == 0 && (rc = net_partition(fdt, path, "provision_partition", &prov, &prov_size, diag)) == 1) {
        rc = 0; /* no provision partition: the container is B0N alone */
    }
    free(dtb);
    if (rc != 0) {
        return rc;
    }
    struct pcdsim_partition parts[2];
    uint32_t end = prov_size != 0 && prov >= b0n + b0n_size ? prov + prov_size : b0n + b0n_size;
    net_part(&parts[0], "b0n_container", b0n, end - b0n);
    net_part(&parts[1], "app", app, app_size);
    struct pcdsim_layout l = {(char *)(uintptr_t)path, parts, 2};
    return pcdsim_update_layout_set_net(io, &l, diag);
}

int pcdsim_is_dts_path(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcmp(path + n - 4, ".dts") == 0;
}
