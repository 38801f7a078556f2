/* Helpers shared by the release readers. */
#include "release_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"

int rel_read_file(const char *path, size_t max, uint8_t **data, size_t *len, struct pcdsim_diag *diag)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot read: %s", strerror(errno));
    }
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap + 1);
    int rc = buf ? 0 : PCDSIM_E_NOMEM;
    while (rc == 0) {
        if (n == cap) {
            if (cap > max) {
                rc = pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "larger than %zu bytes", max);
                break;
            }
            uint8_t *nb = realloc(buf, cap * 2 + 1);
            if (nb == NULL) {
                rc = PCDSIM_E_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                rc = pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot read: %s", strerror(errno));
            }
            break;
        }
    }
    fclose(f);
    if (rc == 0 && n > max) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "larger than %zu bytes", max);
    }
    if (rc != 0) {
        if (rc == PCDSIM_E_NOMEM) {
            pcdsim_diag_set(diag, rc, path, 0, 0, "out of memory");
        }
        free(buf);
        return rc;
    }
    buf[n] = 0;
    *data = buf;
    *len = n;
    return 0;
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
