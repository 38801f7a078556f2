/* Raw access and host I/O helpers: set-up (load), oracles (peek, view, compare), dumps. They
 * bypass the rules, the counters and the fault hook on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fm_internal.h"

static struct fm_dev *raw_dev(struct fm_sys *s, int dev, uint32_t off, uint32_t len)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev || !fm_in_range(&s->dev[dev], off, len)) {
        return NULL;
    }
    return &s->dev[dev];
}

int fm_load(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len)
{
    struct fm_dev *dv = raw_dev(s, dev, off, len);
    if (dv == NULL) {
        return FM_E_RANGE;
    }
    fm_prepare(s, dv, off, len, true);
    memcpy(dv->data + off, buf, len);
    if (dv->nand != NULL) {
        fm_nand_loaded(s, dv, off, len);
    }
    return 0;
}

int fm_load_file(struct fm_sys *s, int dev, uint32_t off, const char *path, uint32_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return FM_E_IO;
    }
    int rc = FM_E_IO;
    uint8_t *buf = NULL;
    long size;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        goto out;
    }
    if ((unsigned long)size > UINT32_MAX) {
        rc = FM_E_RANGE;
        goto out;
    }
    buf = malloc(size ? (size_t)size : 1);
    if (buf == NULL) {
        rc = FM_E_NOMEM;
        goto out;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        goto out;
    }
    rc = fm_load(s, dev, off, buf, (uint32_t)size);
    if (rc == 0 && len_out != NULL) {
        *len_out = (uint32_t)size;
    }
out:
    free(buf);
    fclose(f);
    return rc;
}

int fm_peek(struct fm_sys *s, int dev, uint32_t off, void *buf, uint32_t len)
{
    struct fm_dev *dv = raw_dev(s, dev, off, len);
    if (dv == NULL) {
        return FM_E_RANGE;
    }
    fm_prepare(s, dv, off, len, false);
    memcpy(buf, dv->data + off, len);
    return 0;
}

const uint8_t *fm_view(struct fm_sys *s, int dev, uint32_t off, uint32_t len)
{
    struct fm_dev *dv = raw_dev(s, dev, off, len);
    if (dv == NULL) {
        return NULL;
    }
    fm_prepare(s, dv, off, len, false);
    return dv->data + off;
}

int fm_dump_file(struct fm_sys *s, int dev, uint32_t off, uint32_t len, const char *path)
{
    const uint8_t *p = fm_view(s, dev, off, len);
    if (p == NULL) {
        return FM_E_RANGE;
    }
    /* Write beside the target and rename: no partial output file is ever left behind. */
    size_t plen = strlen(path);
    static const char suffix[] = ".part~";
    char *tmp = malloc(plen + sizeof(suffix));
    if (tmp == NULL) {
        return FM_E_NOMEM;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, suffix, sizeof(suffix));
    FILE *f = fopen(tmp, "wb");
    int rc = FM_E_IO;
    if (f != NULL) {
        size_t w = fwrite(p, 1, len, f);
        int cl = fclose(f);
        if (w == len && cl == 0 && rename(tmp, path) == 0) {
            rc = 0;
        } else {
            remove(tmp);
        }
    }
    free(tmp);
    return rc;
}

static int diff_at(const uint8_t *a, const uint8_t *b, uint32_t len, uint32_t *first_diff)
{
    uint32_t i = 0;
    if (memcmp(a, b, len) != 0) {
        while (a[i] == b[i]) {
            i++;
        }
    } else {
        i = len;
    }
    if (first_diff != NULL) {
        *first_diff = i;
    }
    return i == len ? 0 : 1;
}

int fm_compare(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len, uint32_t *first_diff)
{
    const uint8_t *p = fm_view(s, dev, off, len);
    return p == NULL ? FM_E_RANGE : diff_at(p, buf, len, first_diff);
}

int fm_compare_regions(struct fm_sys *s, int dev_a, uint32_t off_a, int dev_b, uint32_t off_b, uint32_t len,
                       uint32_t *first_diff)
{
    const uint8_t *a = fm_view(s, dev_a, off_a, len);
    const uint8_t *b = fm_view(s, dev_b, off_b, len);
    if (a == NULL || b == NULL) {
        return FM_E_RANGE;
    }
    return diff_at(a, b, len, first_diff);
}
