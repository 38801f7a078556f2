/* Fuzz harness: the Partition Manager layout loader (src/sim/layout: pm_static.yml,
 * partitions_CPUNET.yml; docs/LAYOUT.md) and the update view derived from it.
 *
 * Input: the text of a layout file. It is loaded with pcdsim_layout_load_string() under the
 * name of a temporary file holding the same bytes, so that printing the diagnostic also reads
 * the offending source line back and draws the caret, as `pcdsim` does for a real file.
 * A loaded layout is then used as an application layout (pcdsim_update_layout_get) and as a
 * network-core layout (pcdsim_update_layout_set_net).
 *
 * Oracles (abort() on violation): the return code is 0 or one of the documented codes and the
 * diagnostic carries the same code; on error the layout is left zeroed and the diagnostic names
 * the file, and a syntax or schema error gives its 1-based line and column (the bad-input
 * contract); on success every partition ends at address + size without wrapping, has a name, and
 * its span entries name partitions of the file. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "pcdsim/host_err.h"
#include "pcdsim/layout.h"

static char g_path[64];
static int g_fd = -1;

static void remove_tmp(void)
{
    unlink(g_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(g_path, sizeof(g_path), "/tmp/pcdsim-layout-fuzz-XXXXXX");
    g_fd = mkstemp(g_path);
    if (g_fd < 0) {
        perror("layout_fuzzer: mkstemp");
        abort();
    }
    atexit(remove_tmp);
    return 0;
}

static void put_file(const uint8_t *data, size_t size)
{
    FUZZ_CHECK(ftruncate(g_fd, 0) == 0, "ftruncate");
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(g_fd, data + done, size - done, (off_t)done);
        FUZZ_CHECK(n > 0, "pwrite");
        done += (size_t)n;
    }
}

static void check_diag(int rc, const struct pcdsim_diag *d)
{
    FUZZ_CHECK(rc == PCDSIM_E_FILE || rc == PCDSIM_E_YAML || rc == PCDSIM_E_SCHEMA || rc == PCDSIM_E_LAYOUT ||
                   rc == PCDSIM_E_NOMEM,
               "undocumented code %d", rc);
    FUZZ_CHECK(d->err == rc, "diag code %d, returned %d", d->err, rc);
    FUZZ_CHECK(d->message[0] != '\0', "error without a message");
    FUZZ_CHECK(d->file[0] != '\0', "error without a file name: %s", d->message);
    if (rc == PCDSIM_E_YAML || rc == PCDSIM_E_SCHEMA) {
        FUZZ_CHECK(d->line > 0 && d->column > 0, "no line:column for '%s'", d->message);
    }
    pcdsim_diag_print(d, fuzz_sink());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1u << 20) {
        return 0;
    }
    put_file(data, size);
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    memset(&l, 0xA5, sizeof(l));
    int rc = pcdsim_layout_load_string(g_path, (const char *)data, size, &l, &d);
    if (rc != 0) {
        check_diag(rc, &d);
        FUZZ_CHECK(l.count == 0 && l.partitions == NULL && l.path == NULL, "layout not zeroed on error");
        return 0;
    }
    FUZZ_CHECK(d.err == 0, "diagnostic left after success");
    for (size_t i = 0; i < l.count; i++) {
        const struct pcdsim_partition *p = &l.partitions[i];
        FUZZ_CHECK(p->name[0] != '\0' && memchr(p->name, '\0', sizeof(p->name)) != NULL, "partition name");
        FUZZ_CHECK((uint64_t)p->address + p->size <= UINT32_MAX + 1ull, "%s wraps", p->name);
        FUZZ_CHECK(p->end_address == (uint32_t)(p->address + p->size), "%s end_address", p->name);
        FUZZ_CHECK(!p->end_address_ignored || (p->end_address_written != p->end_address && p->end_address_pos.line > 0),
                   "%s: ignored end_address", p->name);
        for (size_t s = 0; s < p->span_count; s++) {
            FUZZ_CHECK(pcdsim_layout_find(&l, p->span[s]) != NULL, "%s spans unknown '%s'", p->name, p->span[s]);
        }
        FUZZ_CHECK(pcdsim_layout_find(&l, p->name) != NULL, "find %s", p->name);
    }

    pcdsim_layout_print_notes(&l, fuzz_sink());
    pcdsim_diag_clear(&d);
    rc = pcdsim_layout_check_devices(&l, NULL, &d);
    if (rc != 0) {
        check_diag(rc, &d);
    }
    struct pcdsim_update_layout ul;
    pcdsim_diag_clear(&d);
    rc = pcdsim_update_layout_get(&l, &ul, &d);
    if (rc != 0) {
        check_diag(rc, &d);
        pcdsim_update_layout_get(&l, &ul, NULL); /* no diagnostic wanted: must not crash */
        memset(&ul, 0, sizeof(ul));
        ul.net_app_address = PCDSIM_NET_APP_ADDRESS;
        ul.net_app_size = PCDSIM_NET_APP_SIZE;
    } else {
        FUZZ_CHECK(ul.primary.present && ul.secondary.present, "slots");
        FUZZ_CHECK(ul.primary.address >= ul.secondary.address + ul.secondary.size ||
                       ul.secondary.address >= ul.primary.address + ul.primary.size ||
                       ul.primary.medium != ul.secondary.medium,
                   "primary and secondary overlap");
    }
    struct pcdsim_update_layout before;
    memcpy(&before, &ul, sizeof(ul));
    pcdsim_diag_clear(&d);
    rc = pcdsim_update_layout_set_net(&ul, &l, &d);
    if (rc != 0) {
        check_diag(rc, &d);
        FUZZ_CHECK(memcmp(&before, &ul, sizeof(ul)) == 0, "update view changed on error");
    } else {
        FUZZ_CHECK(ul.net_app_address >= ul.net_b0n_container_address + ul.net_b0n_container_size, "net app before the container end");
        FUZZ_CHECK(ul.net_app_address >= 0x01000000u && (uint64_t)ul.net_app_address + ul.net_app_size <= 0x01040000u,
                   "net app outside net flash");
    }
    pcdsim_layout_free(&l);
    pcdsim_layout_free(&l); /* documented as safe */
    return 0;
}
