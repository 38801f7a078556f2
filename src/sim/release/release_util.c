/* Helpers shared by the release readers. */
#include "release_util.h"

#include <string.h>

#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"

int rel_read_file(const char *path, size_t max, uint8_t **data, size_t *len, struct pcdsim_diag *diag)
{
    struct pcdsim_read_info ri;
    int rc = pcdsim_read_file(path, max, 0, data, len, &ri); /* the one file reader (pcdsim/host_util.h) */
    if (rc != 0) {
        pcdsim_diag_set(diag, rc, path, 0, 0, "cannot read: %s", ri.why[0] ? ri.why : "read error");
    }
    return rc;
}

void rel_text_place(const char *text, size_t len, size_t off, unsigned *line, unsigned *column)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

long rel_json_key_offset(const char *text, size_t len, const char *key, unsigned nth)
{
    size_t kl = strlen(key);
    unsigned seen = 0;
    for (size_t i = 0; i + kl + 2 <= len; i++) {
        if (text[i] != '"' || memcmp(text + i + 1, key, kl) != 0 || text[i + 1 + kl] != '"') {
            continue;
        }
        size_t j = i + kl + 2;
        while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
            j++;
        }
        if (j < len && text[j] == ':' && seen++ == nth) {
            return (long)i;
        }
    }
    return -1;
}
