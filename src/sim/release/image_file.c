/* Binary or Intel HEX image files (see pcdsim/image_file.h). */
#include "pcdsim/image_file.h"

#include <stdlib.h>
#include <string.h>

#include "pcdsim/file_kind.h"
#include "pcdsim/host_err.h"
#include "pcdsim/ihex.h"
#include "release_util.h"

int pcdsim_image_file_read(const char *path, size_t max, struct pcdsim_image_file *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    uint8_t *raw = NULL;
    size_t len = 0;
    size_t limit = max > PCDSIM_IHEX_FILE_MAX ? max : PCDSIM_IHEX_FILE_MAX; /* HEX text is ~2.8x its bytes */
    int rc = rel_read_file(path, limit, &raw, &len, diag);
    if (rc != 0) {
        return rc;
    }
    if (!pcdsim_is_intel_hex(raw, len)) {
        if (len > max) {
            free(raw);
            return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "larger than %zu bytes", max);
        }
        out->data = raw;
        out->len = len;
        return 0;
    }
    struct pcdsim_ihex h;
    rc = pcdsim_ihex_parse(path, raw, len, &h, diag);
    free(raw);
    if (rc == 0) {
        rc = pcdsim_ihex_flatten(&h, &out->base, &out->data, &out->len, path, diag);
        pcdsim_ihex_free(&h);
    }
    if (rc == 0 && out->len > max) {
        pcdsim_image_file_free(out);
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "the Intel HEX data spans more than %zu bytes", max);
    }
    out->hex = rc == 0;
    return rc;
}

void pcdsim_image_file_free(struct pcdsim_image_file *f)
{
    if (f != NULL) {
        free(f->data);
        memset(f, 0, sizeof(*f));
    }
}
