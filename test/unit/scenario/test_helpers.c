/* Temporary scenario trees for the loader tests. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "test_helpers.h"

#include <ftw.h>

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define DATA_DIR PCDSIM_SOURCE_DIR "/test/unit/scenario/data/"

char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len != NULL) {
        *len = n;
    }
    return buf;
}

char *replace_all(const char *text, const char *with)
{
    size_t wl = strlen(with), n = 0;
    for (const char *p = strstr(text, "@S@"); p != NULL; p = strstr(p + 3, "@S@")) {
        n++;
    }
    char *out = malloc(strlen(text) + n * wl + 1);
    assert_non_null(out);
    char *o = out;
    for (const char *p = text;;) {
        const char *q = strstr(p, "@S@");
        if (q == NULL) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, with, wl);
        o += wl;
        p = q + 3;
    }
    return out;
}

void stage_init(struct stage *s, int depth)
{
    snprintf(s->root, sizeof(s->root), "/tmp/pcdsim-scn-XXXXXX");
    assert_non_null(mkdtemp(s->root));
    char link[128];
    snprintf(link, sizeof(link), "%s/shared", s->root);
    assert_int_equal(symlink(PCDSIM_SHARED_DIR, link), 0);
    snprintf(s->dir, sizeof(s->dir), "%s", s->root);
    for (int i = 1; i <= depth; i++) {
        size_t l = strlen(s->dir);
        snprintf(s->dir + l, sizeof(s->dir) - l, "/d%d", i);
        assert_int_equal(mkdir(s->dir, 0700), 0);
    }
}

void stage_write(struct stage *s, const char *name, const char *text, size_t len, char *path)
{
    snprintf(path, 512, "%s/%s", s->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void stage_copy_data(struct stage *s, const char *name)
{
    char src[512], dst[512];
    snprintf(src, sizeof(src), DATA_DIR "%s", name);
    size_t len;
    char *text = read_text(src, &len);
    assert_non_null(text);
    stage_write(s, name, text, len, dst);
    free(text);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    // FTW_PHYS: the `shared` symlink is removed, never followed.
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove a tree made by stage_init() (only under /tmp/pcdsim-scn-*). */
static void remove_tree(const char *dir)
{
    assert_true(strncmp(dir, "/tmp/pcdsim-scn-", 16) == 0);
    assert_int_equal(nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

void stage_cleanup(struct stage *s)
{
    if (s->root[0] != '\0') {
        remove_tree(s->root);
        s->root[0] = '\0';
    }
}
