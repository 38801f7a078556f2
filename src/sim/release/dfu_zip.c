/* dfu_application.zip: libzip for the archive, cJSON for manifest.json (see pcdsim/dfu_zip.h). */
#include "pcdsim/dfu_zip.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "pcdsim/host_err.h"
#include "release_util.h"

struct mctx {
    const char *name;
    const char *text;
    size_t len;
    struct pcdsim_diag *diag;
};

/* A diagnostic at the @p nth occurrence of key @p key (or at the start when not found). */
static int at_key(const struct mctx *m, const char *key, unsigned nth, const char *msg, const char *hint)
{
    unsigned line = 0, col = 0;
    long off = rel_json_key_offset(m->text, m->len, key, nth);
    if (off >= 0) {
        rel_text_place(m->text, m->len, (size_t)off, &line, &col);
    }
    pcdsim_diag_set(m->diag, PCDSIM_E_SCHEMA, m->name, line, col, "%s", msg);
    if (hint != NULL) {
        pcdsim_diag_hint(m->diag, "%s", hint);
    }
    return PCDSIM_E_SCHEMA;
}

static int copy_str(const struct mctx *m, const cJSON *v, const char *key, unsigned nth, char *dst)
{
    if (v == NULL) {
        dst[0] = 0;
        return 0;
    }
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= PCDSIM_DFU_STR_MAX) {
        char msg[160];
        snprintf(msg, sizeof(msg), "'%s' must be a string of at most %d characters", key, PCDSIM_DFU_STR_MAX - 1);
        return at_key(m, key, nth, msg, NULL);
    }
    strcpy(dst, v->valuestring);
    return 0;
}

/* image_index / slot_index_*: a string of 1 to 3 decimal digits, as generate_zip.py writes it. */
static int index_str(const struct mctx *m, const cJSON *entry, const char *key, unsigned nth, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
    *out = -1;
    if (v == NULL) {
        return 0;
    }
    char msg[200];
    if (cJSON_IsNumber(v)) {
        snprintf(msg, sizeof(msg), "'%s' is the number %g; NCS writes it as a string (\"%g\")", key, v->valuedouble,
                 v->valuedouble);
        return at_key(m, key, nth, msg,
                      "nRF Connect Device Manager parses image_index as a string: a number may be routed "
                      "differently by the phone than by the gate, so it is refused (docs/RELEASES.md)");
    }
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    size_t n = s ? strlen(s) : 0;
    bool ok = n >= 1 && n <= 3;
    for (size_t i = 0; ok && i < n; i++) {
        ok = s[i] >= '0' && s[i] <= '9';
    }
    if (!ok) {
        snprintf(msg, sizeof(msg), "'%s' must be a string of decimal digits (\"0\", \"1\", ...)", key);
        return at_key(m, key, nth, msg, NULL);
    }
    *out = atoi(s);
    return 0;
}

static const char *const version_keys[] = {"version_MCUBOOT", "version_MCUBOOT+XIP", "version_B0", "version"};

static int parse_entry(const struct mctx *m, const cJSON *e, unsigned i, struct pcdsim_dfu_entry *d)
{
    if (!cJSON_IsObject(e)) {
        return at_key(m, "files", 0, "every element of 'files' must be an object", NULL);
    }
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(e, "file");
    const cJSON *size = cJSON_GetObjectItemCaseSensitive(e, "size");
    if (file == NULL || size == NULL || !cJSON_IsNumber(size) || size->valuedouble < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "entry %u of 'files' needs 'file' (string) and 'size' (a number of bytes)", i);
        return at_key(m, "files", 0, msg, NULL);
    }
    int rc = copy_str(m, file, "file", i, d->file);
    long off = rel_json_key_offset(m->text, m->len, "file", i);
    unsigned col;
    if (off >= 0) {
        rel_text_place(m->text, m->len, (size_t)off, &d->line, &col);
    }
    d->size = (uint64_t)size->valuedouble;
    rc = rc ? rc : copy_str(m, cJSON_GetObjectItemCaseSensitive(e, "type"), "type", i, d->type);
    rc = rc ? rc : copy_str(m, cJSON_GetObjectItemCaseSensitive(e, "board"), "board", i, d->board);
    rc = rc ? rc : index_str(m, e, "image_index", i, &d->image_index);
    rc = rc ? rc : index_str(m, e, "slot_index_primary", i, &d->slot_primary);
    rc = rc ? rc : index_str(m, e, "slot_index_secondary", i, &d->slot_secondary);
    const cJSON *la = cJSON_GetObjectItemCaseSensitive(e, "load_address");
    if (rc == 0 && la != NULL) {
        if (!cJSON_IsNumber(la) || la->valuedouble < 0 || la->valuedouble > 4294967295.0) {
            return at_key(m, "load_address", 0, "'load_address' must be a 32-bit unsigned number", NULL);
        }
        d->has_load_address = true;
        d->load_address = (uint32_t)la->valuedouble;
    }
    for (size_t k = 0; rc == 0 && k < sizeof(version_keys) / sizeof(version_keys[0]); k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, version_keys[k]);
        if (v != NULL && d->version_key[0] == 0) {
            strcpy(d->version_key, version_keys[k]);
            rc = copy_str(m, v, version_keys[k], 0, d->version);
        }
    }
    return rc;
}

int pcdsim_dfu_manifest_parse(const char *name, const char *text, size_t len, struct pcdsim_dfu_zip *out,
                              struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    const struct mctx m = {name, text, len, diag};
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (root == NULL) {
        const char *where = cJSON_GetErrorPtr();
        unsigned line = 0, col = 0;
        if (where != NULL && where >= text && where <= text + len) {
            rel_text_place(text, len, (size_t)(where - text), &line, &col);
        }
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, line, col, "not valid JSON");
    }
    int rc = 0;
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(files) || cJSON_GetArraySize(files) == 0) {
        rc = at_key(&m, "files", 0, "manifest.json needs a non-empty array 'files'", NULL);
    } else if (cJSON_GetArraySize(files) > PCDSIM_DFU_MAX_FILES) {
        rc = at_key(&m, "files", 0, "more than 8 entries in 'files'", NULL);
    }
    const cJSON *fv = cJSON_GetObjectItemCaseSensitive(root, "format-version");
    out->format_version = cJSON_IsNumber(fv) ? (long)fv->valuedouble : -1;
    if (rc == 0) {
        rc = copy_str(&m, cJSON_GetObjectItemCaseSensitive(root, "name"), "name", 0, out->name);
    }
    for (int i = 0; rc == 0 && i < cJSON_GetArraySize(files); i++) {
        rc = parse_entry(&m, cJSON_GetArrayItem(files, i), (unsigned)i, &out->entries[i]);
        out->count = (size_t)i + 1;
    }
    cJSON_Delete(root);
    return rc;
}

/* Read a whole member of the zip (at most @p max bytes). */
static int read_member(zip_t *z, const char *zpath, const char *member, size_t max, uint8_t **data, size_t *len,
                       struct pcdsim_diag *diag)
{
    zip_stat_t st;
    *data = NULL;
    *len = 0;
    if (zip_stat(z, member, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        return 1; /* absent: the caller words the message */
    }
    if (st.size > max) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, zpath, 0, 0, "'%s' in the zip is larger than %zu bytes", member,
                               max);
    }
    uint8_t *buf = malloc((size_t)st.size + 1);
    zip_file_t *f = buf ? zip_fopen(z, member, 0) : NULL;
    zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
    if (f != NULL) {
        zip_fclose(f);
    }
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return pcdsim_diag_set(diag, buf ? PCDSIM_E_FILE : PCDSIM_E_NOMEM, zpath, 0, 0, "cannot read '%s' from the zip",
                               member);
    }
    buf[st.size] = 0;
    *data = buf;
    *len = (size_t)st.size;
    return 0;
}

static int read_entries(zip_t *z, const char *path, const char *mname, struct pcdsim_dfu_zip *out,
                        struct pcdsim_diag *diag)
{
    for (size_t i = 0; i < out->count; i++) {
        struct pcdsim_dfu_entry *e = &out->entries[i];
        int rc = read_member(z, path, e->file, PCDSIM_DFU_IMAGE_MAX, &e->data, &e->len, diag);
        if (rc == 1) {
            pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, mname, e->line, 0, "manifest.json names '%s', which is not in the zip",
                            e->file);
            pcdsim_diag_hint(diag, "rebuild the zip (west build writes dfu_application.zip with every file it lists)");
            return PCDSIM_E_SCHEMA;
        }
        if (rc != 0) {
            return rc;
        }
        if (e->len != e->size) {
            pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, mname, e->line, 0,
                            "manifest.json gives '%s' a size of %llu bytes, the zip holds %zu", e->file,
                            (unsigned long long)e->size, e->len);
            return PCDSIM_E_SCHEMA;
        }
    }
    return 0;
}

int pcdsim_dfu_zip_load(const char *path, struct pcdsim_dfu_zip *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (z == NULL) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot open as a zip: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return PCDSIM_E_FILE;
    }
    uint8_t *text = NULL;
    size_t len = 0;
    char mname[600];
    snprintf(mname, sizeof(mname), "%s:manifest.json", path);
    int rc = read_member(z, path, "manifest.json", PCDSIM_DFU_MANIFEST_MAX, &text, &len, diag);
    if (rc == 1) {
        rc = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, path, 0, 0, "the zip has no manifest.json");
        pcdsim_diag_hint(diag, "give the dfu_application.zip the build wrote (generate_zip.py puts manifest.json in it)");
    }
    if (rc == 0) {
        rc = pcdsim_dfu_manifest_parse(mname, (const char *)text, len, out, diag);
    }
    snprintf(out->path, sizeof(out->path), "%s", path);
    if (rc == 0) {
        rc = read_entries(z, path, mname, out, diag);
    }
    free(text);
    zip_discard(z);
    return rc;
}

void pcdsim_dfu_zip_free(struct pcdsim_dfu_zip *z)
{
    if (z == NULL) {
        return;
    }
    for (size_t i = 0; i < z->count; i++) {
        free(z->entries[i].data);
        z->entries[i].data = NULL;
        z->entries[i].len = 0;
    }
}
