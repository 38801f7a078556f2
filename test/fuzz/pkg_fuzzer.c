/* Fuzz the device's dfu_multi_image package parser (src/pcd/dfu_pkg.c) and the download's
 * refusal path (src/pcd/download.c; DL-REJECT), with the host's libcbor reader as a second
 * opinion (src/sim/release/dfu_multi.c).
 *
 * Input: a package's bytes (what the transport announces as its length).
 * Oracles besides the sanitizers:
 *  - the decoder is total: 0 or one of PCD_E_PKG_TRUNC / CBOR / ID / SIZE; on success 1..2 images
 *    with distinct ids 0 / 1, sizes >= 1, offsets in order from the header's end, total = header
 *    length + sizes; every prefix shorter than the header is PCD_E_PKG_TRUNC;
 *  - what the device accepts (header and length), the host reads alike (same ids, sizes, offsets);
 *  - the download fed the input in chunks (sizes from the input) over a port whose flash is erased
 *    and whose first erase / program halts the core: a package it refuses was refused before any
 *    flash operation, with the decoder's error; one it accepts starts with its progress record. */
#include <string.h>

#include "fuzz_util.h"
#include "pcd/download.h"
#include "pcdsim/dfu_multi.h"

struct fport {
    unsigned writes; /* erases + programs asked for */
};

static int f_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    (void)ctx;
    memset(out, 0, sizeof(*out));
    out->size = mem == PCD_MEM_QSPI ? 0x800000u : 0x100000u;
    out->page_size = 0x1000u;
    out->write_size = mem == PCD_MEM_QSPI ? 1u : 4u;
    out->cpu_addr = mem == PCD_MEM_QSPI ? PCD_NO_CPU_ADDR : 0u;
    out->erase_value = 0xFF;
    return mem == PCD_MEM_APP_FLASH || mem == PCD_MEM_QSPI ? 0 : PCD_E_UNSUPPORTED;
}

static int f_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    (void)ctx, (void)mem, (void)off;
    memset(buf, 0xFF, len);
    return 0;
}

static int f_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    (void)mem, (void)off, (void)buf, (void)len;
    ((struct fport *)ctx)->writes++;
    return PCD_E_HALTED; /* the first write ends the run: only the refusal path matters here */
}

static int f_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    (void)mem, (void)off, (void)len;
    ((struct fport *)ctx)->writes++;
    return PCD_E_HALTED;
}

static const struct pcd_port_ops fops = {.mem_info = f_info, .flash_read = f_read, .flash_program = f_program,
                                         .flash_erase = f_erase};

static bool named(int rc)
{
    return rc == PCD_E_PKG_TRUNC || rc == PCD_E_PKG_CBOR || rc == PCD_E_PKG_ID || rc == PCD_E_PKG_SIZE;
}

/* The decoder's verdict on the whole input (header, then the length check). */
static int decode(const uint8_t *data, uint32_t len, struct pcd_pkg_header *h)
{
    int rc = pcd_pkg_header_decode(data, len, h);
    return rc == 0 ? pcd_pkg_check_length(h, len) : rc;
}

static void check_header(const uint8_t *data, uint32_t len, const struct pcd_pkg_header *h)
{
    FUZZ_CHECK(h->count >= 1u && h->count <= PCD_PKG_MAX_IMAGES, "count %u", h->count);
    uint32_t off = h->header_len, seen = 0;
    for (uint32_t i = 0; i < h->count; i++) {
        FUZZ_CHECK(h->img[i].id < 2u && (seen & (1u << h->img[i].id)) == 0u, "id %u", h->img[i].id);
        seen |= 1u << h->img[i].id;
        FUZZ_CHECK(h->img[i].size >= 1u && h->img[i].offset == off, "image %u at %u", i, h->img[i].offset);
        off += h->img[i].size;
    }
    FUZZ_CHECK(off == h->total && h->total == len, "total %u of %u", h->total, len);
    struct pcd_pkg_header p;
    for (uint32_t cut = 0; cut < h->header_len; cut += 1u + cut / 8u) {
        FUZZ_CHECK(pcd_pkg_header_decode(data, cut, &p) == PCD_E_PKG_TRUNC, "prefix %u not truncated", cut);
    }
    struct pcdsim_dfu_multi m;
    struct pcdsim_diag d;
    FUZZ_CHECK(pcdsim_dfu_multi_parse("f", data, len, &m, &d) == 0, "libcbor refuses what the device reads: %s",
               d.message);
    FUZZ_CHECK(m.count == h->count && (uint32_t)m.header_len + 2u == h->header_len, "host count / header differ");
    for (uint32_t i = 0; i < h->count; i++) {
        FUZZ_CHECK(m.images[i].id == h->img[i].id && m.images[i].size == h->img[i].size &&
                       m.images[i].offset == h->img[i].offset,
                   "image %u differs from the host's", i);
    }
}

/* The download's refusal path: chunk sizes from the input's last byte. */
static void check_download(const uint8_t *data, uint32_t len, int verdict)
{
    static struct pcd_dl dl;
    struct fport fp = {0};
    const struct pcd_port port = {&fops, &fp};
    struct pcd_dl_config c;
    memset(&c, 0, sizeof(c));
    c.slot[0] = (struct pcd_dl_area){PCD_MEM_QSPI, 0x0u, 0x74000u};
    c.slot[1] = (struct pcd_dl_area){PCD_MEM_QSPI, 0x74000u, 0x40000u};
    c.progress = (struct pcd_dl_area){PCD_MEM_APP_FLASH, 0xF8000u, 0x2000u};
    FUZZ_CHECK(pcd_dl_begin(&dl, &c, &port, len) == 0, "begin");
    const uint32_t chunk = len ? 1u + data[len - 1u] % 64u : 1u;
    uint32_t next = 0;
    int rc = 0;
    while (rc == 0 && next < len && fp.writes == 0u) {
        const uint32_t n = len - next < chunk ? len - next : chunk;
        rc = pcd_dl_write(&dl, next, data + next, n, &next);
    }
    if (rc != 0 && rc != PCD_E_HALTED) {
        FUZZ_CHECK(named(rc) && fp.writes == 0u, "refused with %d after %u flash writes", rc, fp.writes);
        FUZZ_CHECK(verdict != 0, "the download refuses (%d) what the decoder accepts", rc);
    }
    if (verdict != 0 && len > 0u) { /* the slots (0x74000, 0x40000) hold any image of a 64 KiB input */
        FUZZ_CHECK(rc == verdict && fp.writes == 0u, "download %d, decoder %d", rc, verdict);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1u << 16) {
        return 0;
    }
    struct pcd_pkg_header h;
    const int rc = decode(data, (uint32_t)size, &h);
    FUZZ_CHECK(rc == 0 || named(rc), "decoder returned %d", rc);
    if (rc == 0) {
        check_header(data, (uint32_t)size, &h);
    }
    check_download(data, (uint32_t)size, rc);
    return 0;
}
