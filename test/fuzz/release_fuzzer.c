/* Fuzz harness: the release-package readers of src/sim/release (docs/RELEASES.md) on untrusted
 * bytes: the Intel HEX reader, the manifest.json parser, the dfu_multi_image.bin decoder and the
 * provision-area decoder. Every reader gets the whole input (a seed of any kind reaches each).
 *
 * Oracles (abort() on violation): the return code is 0 or a documented code and the diagnostic
 * carries it with a message and the file name; a HEX error gives its 1-based line and column; on
 * error nothing is left allocated (segments NULL); on success the HEX segments are non-empty,
 * address-ordered, neither overlapping nor adjacent, and reading them back gives their bytes; the
 * multi-image entries lie inside the input and fill it exactly; the manifest's entries have names. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "pcdsim/dfu_multi.h"
#include "pcdsim/dfu_zip.h"
#include "pcdsim/host_err.h"
#include "pcdsim/ihex.h"
#include "pcdsim/netcore_hex.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_err(int rc, const struct pcdsim_diag *d)
{
    FUZZ_CHECK(rc == PCDSIM_E_SCHEMA || rc == PCDSIM_E_FILE || rc == PCDSIM_E_NOMEM, "undocumented code %d", rc);
    FUZZ_CHECK(d->err == rc, "diag code %d, returned %d", d->err, rc);
    FUZZ_CHECK(d->message[0] != '\0', "error without a message");
    FUZZ_CHECK(d->file[0] != '\0', "error without a file name: %s", d->message);
}

static void fuzz_ihex(const uint8_t *data, size_t size)
{
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    int rc = pcdsim_ihex_parse("f.hex", data, size, &h, &d);
    if (rc != 0) {
        check_err(rc, &d);
        FUZZ_CHECK(h.segments == NULL && h.count == 0, "segments left after an error");
        FUZZ_CHECK(rc != PCDSIM_E_SCHEMA || (d.line > 0 && d.column > 0), "no line:column for '%s'", d.message);
        return;
    }
    for (size_t i = 0; i < h.count; i++) {
        const struct pcdsim_ihex_segment *s = &h.segments[i];
        FUZZ_CHECK(s->size > 0 && (uint64_t)s->address + s->size <= 0x100000000ull, "segment %zu", i);
        FUZZ_CHECK(i == 0 || (uint64_t)h.segments[i - 1].address + h.segments[i - 1].size < s->address,
                   "segments %zu and %zu overlap or touch", i - 1, i);
        uint8_t *back = malloc(s->size);
        FUZZ_CHECK(back != NULL, "malloc");
        FUZZ_CHECK(pcdsim_ihex_read(&h, s->address, s->size, back, 0xFF) == s->size, "read back %zu", i);
        FUZZ_CHECK(memcmp(back, s->data, s->size) == 0, "read back differs");
        free(back);
    }
    pcdsim_ihex_free(&h);
}

static void fuzz_manifest(const uint8_t *data, size_t size)
{
    struct pcdsim_dfu_zip *z = malloc(sizeof(*z));
    struct pcdsim_diag d;
    FUZZ_CHECK(z != NULL, "malloc");
    int rc = pcdsim_dfu_manifest_parse("manifest.json", (const char *)data, size, z, &d);
    if (rc != 0) {
        check_err(rc, &d);
    } else {
        FUZZ_CHECK(z->count > 0 && z->count <= PCDSIM_DFU_MAX_FILES, "count %zu", z->count);
        for (size_t i = 0; i < z->count; i++) { /* an index is absent (-1) or 1 to 3 decimal digits */
            FUZZ_CHECK(z->entries[i].image_index >= -1 && z->entries[i].image_index < 1000, "index of entry %zu", i);
            FUZZ_CHECK(z->entries[i].slot_primary >= -1 && z->entries[i].slot_primary < 1000, "slot of entry %zu", i);
        }
    }
    free(z);
}

static void fuzz_multi(const uint8_t *data, size_t size)
{
    struct pcdsim_dfu_multi m;
    struct pcdsim_diag d;
    int rc = pcdsim_dfu_multi_parse("m.bin", data, size, &m, &d);
    if (rc != 0) {
        check_err(rc, &d);
        return;
    }
    size_t end = 2u + m.header_len;
    for (size_t i = 0; i < m.count; i++) {
        FUZZ_CHECK(m.images[i].offset == end && m.images[i].data == data + end, "image %zu not in order", i);
        end += m.images[i].size;
    }
    FUZZ_CHECK(end == size, "images fill %zu of %zu bytes", end, size);
    (void)pcdsim_dfu_multi_probe(data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1u << 20) {
        return 0;
    }
    fuzz_ihex(data, size);
    fuzz_manifest(data, size);
    fuzz_multi(data, size);
    if (size >= PCDSIM_PROVISION_SIZE) {
        struct pcdsim_provision p;
        struct pcdsim_diag d;
        int rc = pcdsim_provision_decode("p", data, 0x01008580u, &p, &d);
        if (rc != 0) {
            check_err(rc, &d);
        } else {
            FUZZ_CHECK(p.num_keys <= PCDSIM_PROVISION_MAX_KEYS, "keys %u", p.num_keys);
        }
    }
    return 0;
}
