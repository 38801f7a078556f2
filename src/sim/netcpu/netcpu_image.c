/* Loading a B0N image (ELF, .bin, Intel HEX) and refusing what is not one for 0x01000000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "pcd/ncs_defaults.h"
#include "pcdsim/ihex.h"
#include "pcdsim/netcore_hex.h"
#include "pcdsim/netcpu.h"

#define ELF_EM_ARM 40u
#define ELF_PT_LOAD 1u
#define FILE_MAX (16u * 1024u * 1024u)

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static int read_file(const char *path, uint8_t **data, size_t *len, struct pcdsim_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return pcdsim_diag_set(d, PCDSIM_E_FILE, path, 0, 0, "cannot open the network-core binary");
    }
    uint8_t *buf = malloc(FILE_MAX + 1u);
    size_t n = buf != NULL ? fread(buf, 1, FILE_MAX + 1u, f) : 0;
    const int err = ferror(f);
    fclose(f);
    if (buf == NULL) {
        return PCDSIM_E_NOMEM;
    }
    if (err || n > FILE_MAX) {
        free(buf);
        return pcdsim_diag_set(d, PCDSIM_E_FILE, path, 0, 0, err ? "cannot read the file" : "larger than 16 MiB");
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Place [addr, addr + n) of the image; refuse what lies outside net flash or the partition. */
static int place(struct netcpu_image *img, uint32_t part, uint32_t addr, const uint8_t *src, uint32_t n,
                 const char *path, struct pcdsim_diag *d)
{
    if (n == 0u) {
        return 0;
    }
    if (addr < NETCPU_FLASH_BASE || addr - NETCPU_FLASH_BASE >= NETCPU_FLASH_SIZE ||
        n > NETCPU_FLASH_SIZE - (addr - NETCPU_FLASH_BASE)) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0,
                               "load address 0x%08x (+0x%x bytes) is outside net flash 0x%08x..0x%08x: not a B0N image",
                               addr, n, NETCPU_FLASH_BASE, NETCPU_FLASH_BASE + NETCPU_FLASH_SIZE);
    }
    const uint32_t end = addr - NETCPU_FLASH_BASE + n;
    if (end > part) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0,
                               "image ends at 0x%08x: larger than the b0n partition (0x%x bytes at 0x%08x)",
                               NETCPU_FLASH_BASE + end, part, NETCPU_FLASH_BASE);
    }
    memcpy(img->bytes + (addr - NETCPU_FLASH_BASE), src, n);
    if (end > img->size) {
        img->size = end;
    }
    return 0;
}

static int load_elf(struct netcpu_image *img, uint32_t part, const uint8_t *f, size_t len, const char *path,
                    struct pcdsim_diag *d)
{
    if (len < 52u || f[4] != 1u || f[5] != 1u) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "ELF file is not 32-bit little-endian: not a Cortex-M33 image");
    }
    const uint16_t machine = le16(f + 18);
    if (machine != ELF_EM_ARM) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "ELF machine %u is not ARM (40): not a Cortex-M33 image",
                               machine);
    }
    const uint32_t phoff = le32(f + 28), phentsize = le16(f + 42), phnum = le16(f + 44);
    if (phentsize < 32u || phoff > len || (uint64_t)phnum * phentsize > len - phoff) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "ELF program headers outside the file");
    }
    unsigned loads = 0;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + (size_t)i * phentsize;
        const uint32_t off = le32(ph + 4), paddr = le32(ph + 12), filesz = le32(ph + 16);
        if (le32(ph) != ELF_PT_LOAD || filesz == 0u) {
            continue;
        }
        if (off > len || filesz > len - off) {
            return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "ELF segment %u outside the file", i);
        }
        int rc = place(img, part, paddr, f + off, filesz, path, d); /* the load (physical) address */
        if (rc != 0) {
            return rc;
        }
        loads++;
    }
    if (loads == 0u) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "ELF file has no loadable segment");
    }
    return 0;
}

/* A merged_CPUNET.hex (B0N, provision area, net application; release-packages.md §1): true when
 * the file reaches past the b0n partition and splits as one (pcdsim_netcore_hex_split()). Its
 * B0N part is the binary; the rest stays what the scenario puts in net flash. */
static bool is_merged_cpunet(const struct pcdsim_ihex *h, uint32_t part, const char *path)
{
    bool past = false;
    for (size_t i = 0; i < h->count; i++) {
        past |= h->segments[i].address + h->segments[i].size > NETCPU_FLASH_BASE + part;
    }
    struct pcdsim_netcore_hex parts;
    struct pcdsim_diag ignored; /* not a merged file: the bytes are judged as a B0N image */
    memset(&parts, 0, sizeof(parts));
    const bool merged = past && pcdsim_netcore_hex_split(path, h, PCD_NCS_B0N_CONTAINER_ADDR, PCD_NCS_B0N_CONTAINER_SIZE,
                                                         PCD_NCS_NET_APP_ADDR, PCD_NCS_NET_APP_SIZE, &parts, &ignored) == 0;
    pcdsim_netcore_hex_free(&parts);
    return merged;
}

static int load_hex(struct netcpu_image *img, uint32_t part, const uint8_t *f, size_t len, const char *path,
                    struct pcdsim_diag *d)
{
    struct pcdsim_ihex h;
    memset(&h, 0, sizeof(h));
    int rc = pcdsim_ihex_parse(path, f, len, &h, d);
    const bool merged = rc == 0 && is_merged_cpunet(&h, part, path);
    for (size_t i = 0; rc == 0 && i < h.count; i++) {
        uint32_t a = h.segments[i].address, n = h.segments[i].size;
        const uint8_t *src = h.segments[i].data;
        if (merged) { /* only the bytes of the b0n partition */
            const uint64_t lo = a > NETCPU_FLASH_BASE ? a : NETCPU_FLASH_BASE;
            const uint64_t hi = (uint64_t)a + n < (uint64_t)NETCPU_FLASH_BASE + part ? (uint64_t)a + n
                                                                                       : (uint64_t)NETCPU_FLASH_BASE + part;
            if (lo >= hi) {
                continue;
            }
            src += lo - a, n = (uint32_t)(hi - lo), a = (uint32_t)lo;
        }
        rc = place(img, part, a, src, n, path, d);
    }
    if (merged) {
        snprintf(img->format, sizeof(img->format), "cpunet");
    }
    pcdsim_ihex_free(&h);
    return rc;
}

/* The vector table: initial MSP inside net SRAM (top inclusive), a Thumb reset vector in the image. */
static int check_vectors(struct netcpu_image *img, const char *path, struct pcdsim_diag *d)
{
    if (img->size < 8u) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0, "no vector table at 0x%08x (image of %u bytes)",
                               NETCPU_FLASH_BASE, img->size);
    }
    img->sp = le32(img->bytes);
    img->reset = le32(img->bytes + 4);
    const bool sp_ok = img->sp > NETCPU_SRAM_BASE && img->sp <= NETCPU_SRAM_BASE + NETCPU_SRAM_SIZE;
    const bool pc_ok = (img->reset & 1u) != 0u && img->reset - 1u >= NETCPU_FLASH_BASE + 8u &&
                       img->reset - 1u < NETCPU_FLASH_BASE + img->size;
    if (!sp_ok || !pc_ok) {
        return pcdsim_diag_set(d, PCDSIM_E_SCHEMA, path, 0, 0,
                               "no vector table at 0x%08x: initial SP 0x%08x %s, reset vector 0x%08x %s", NETCPU_FLASH_BASE,
                               img->sp, sp_ok ? "ok" : "not in net SRAM", img->reset,
                               pc_ok ? "ok" : "not a Thumb address inside the image");
    }
    return 0;
}

int netcpu_image_load(const char *path, uint32_t partition_size, struct netcpu_image **out, struct pcdsim_diag *diag)
{
    uint8_t *f = NULL;
    size_t len = 0;
    const uint32_t part = partition_size != 0u ? partition_size : NETCPU_B0N_PARTITION;
    *out = NULL;
    int rc = read_file(path, &f, &len, diag);
    if (rc != 0) {
        return rc;
    }
    struct netcpu_image *img = calloc(1, sizeof(*img));
    uint8_t *bytes = malloc(part);
    if (img == NULL || bytes == NULL) {
        free(img);
        free(bytes);
        free(f);
        return PCDSIM_E_NOMEM;
    }
    memset(bytes, 0xFF, part); /* gaps read as erased flash */
    img->bytes = bytes;
    if (len >= 4u && memcmp(f, "\x7f" "ELF", 4) == 0) {
        snprintf(img->format, sizeof(img->format), "elf");
        rc = load_elf(img, part, f, len, path, diag);
    } else if (len > 0u && f[0] == ':') {
        snprintf(img->format, sizeof(img->format), "hex");
        rc = load_hex(img, part, f, len, path, diag);
    } else {
        snprintf(img->format, sizeof(img->format), "bin");
        rc = len <= UINT32_MAX ? place(img, part, NETCPU_FLASH_BASE, f, (uint32_t)len, path, diag) : PCDSIM_E_SCHEMA;
    }
    free(f);
    if (rc == 0) {
        rc = check_vectors(img, path, diag);
    }
    if (rc != 0) {
        netcpu_image_free(img);
        return rc;
    }
    *out = img;
    return 0;
}

void netcpu_image_free(struct netcpu_image *img)
{
    if (img != NULL) {
        free(img->bytes);
        free(img);
    }
}

const char *netcpu_end_name(enum netcpu_end e)
{
    switch (e) {
    case NETCPU_END_PARKED: return "parked";
    case NETCPU_END_BOOTED: return "booted";
    case NETCPU_END_HALTED: return "halted";
    case NETCPU_END_FAULT: return "fault";
    case NETCPU_END_BUDGET: return "budget exhausted";
    case NETCPU_END_STRICT: return "unmodelled register (strict)";
    default: return "?";
    }
}
