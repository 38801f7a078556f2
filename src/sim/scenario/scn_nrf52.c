/* The loader of nRF52 scenarios (pcdsim/n52_scenario.h): its own small format on the shared YAML
 * tree and diagnostics (scn_tree.c, scn_diag.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrf5dfu/port.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "pcdsim/n52_scenario.h"
#include "scn_internal.h"

#define N52_FILE_MAX (1024u * 1024u)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *n52_phase_name(enum n52_phase p)
{
    static const char *const names[] = {"bank1_write", "settings_write", "activation_copy"};
    return (unsigned)p < COUNT(names) ? names[p] : "?";
}

static const struct scn_node *get(const struct scn_node *map, const char *key)
{
    for (size_t i = 0; map != NULL && map->type == SCN_MAP && i < scn_map_pairs(map); i++) {
        const struct scn_node *k = map->kids[2 * i];
        if (k->type == SCN_SCALAR && strcmp(k->text, key) == 0) {
            return map->kids[2 * i + 1];
        }
    }
    return NULL;
}

/* A mapping whose keys are all among @p names (and include @p required, if not NULL). */
static int check_map(struct scn_ld *ld, const struct scn_node *n, const char *what, const char *const *names,
                     size_t count, const char *required)
{
    char d[SCN_QUOTE_MAX + 16];
    if (n == NULL || n->type != SCN_MAP) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s: expected a mapping, got %s", what,
                        n ? scn_describe(n, d, sizeof(d)) : "nothing");
    }
    for (size_t i = 0; i < scn_map_pairs(n); i++) {
        const struct scn_node *k = n->kids[2 * i];
        size_t j = 0;
        while (j < count && (k->type != SCN_SCALAR || strcmp(k->text, names[j]) != 0)) {
            j++;
        }
        if (j == count) {
            char all[256];
            scn_join(names, count, all, sizeof(all));
            scn_fail(ld, PCDSIM_E_SCHEMA, k, "unknown key %s in %s", scn_describe(k, d, sizeof(d)), what);
            const char *dym = k->type == SCN_SCALAR ? scn_did_you_mean(k->text, names, count) : NULL;
            scn_hint(ld, "%s%s%sthe keys of %s are: %s", dym ? "did you mean '" : "", dym ? dym : "", dym ? "'? " : "",
                     what, all);
            return PCDSIM_E_SCHEMA;
        }
    }
    if (required != NULL && get(n, required) == NULL) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s needs '%s'", what, required);
    }
    return 0;
}

static int scalar(struct scn_ld *ld, const struct scn_node *n, const char *what)
{
    char d[SCN_QUOTE_MAX + 16];
    if (n == NULL || n->type != SCN_SCALAR || scn_is_null(n)) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, n, "'%s' needs a value, got %s", what,
                        n ? scn_describe(n, d, sizeof(d)) : "nothing");
    }
    return 0;
}

static int u64_of(struct scn_ld *ld, const struct scn_node *n, const char *what, uint64_t max, uint64_t *out)
{
    int rc = scalar(ld, n, what);
    if (rc != 0) {
        return rc;
    }
    char *end = NULL;
    unsigned long long v = strtoull(n->text, &end, 0);
    if (n->text[0] == '-' || end == n->text || *end != '\0' || v > max) {
        char d[SCN_QUOTE_MAX + 16];
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "'%s' takes a number 0..%llu (decimal or 0x...), got %s", what,
                 (unsigned long long)max, scn_describe(n, d, sizeof(d)));
        return PCDSIM_E_SCHEMA;
    }
    *out = v;
    return 0;
}

/* One of @p names; its index in @p out. */
static int word_of(struct scn_ld *ld, const struct scn_node *n, const char *what, const char *const *names,
                   size_t count, unsigned *out)
{
    int rc = scalar(ld, n, what);
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if (strcmp(n->text, names[i]) == 0) {
            *out = (unsigned)i;
            return 0;
        }
    }
    if (rc == 0) {
        char all[160], d[SCN_QUOTE_MAX + 16];
        scn_join(names, count, all, sizeof(all));
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, n, "'%s' takes one of %s, got %s", what, all, scn_describe(n, d, sizeof(d)));
    }
    return rc;
}

/* A file named relative to the scenario, read whole. */
static int read_named(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *n, const char *what,
                      uint8_t **data, size_t *len, char **path_out)
{
    int rc = scalar(ld, n, what);
    if (rc != 0) {
        return rc;
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s%s%s", n->text[0] == '/' ? "" : s->dir, n->text[0] == '/' ? "" : "/", n->text);
    struct pcdsim_read_info ri;
    if (data != NULL && pcdsim_read_file(path, N52_FILE_MAX, PCDSIM_READ_REGULAR_ONLY, data, len, &ri) != 0) {
        scn_fail(ld, PCDSIM_E_FILE, n, "cannot read %s '%s': %s", what, path, ri.why);
        scn_hint(ld, "paths are relative to the scenario's folder");
        return PCDSIM_E_FILE;
    }
    if (path_out != NULL && (*path_out = scn_strdup(path)) == NULL) {
        return scn_nomem(ld);
    }
    return 0;
}

static const char *const layout_keys[] = {"mbr_size", "sd_end", "bank0", "bank0_size", "bank1", "bank1_size",
                                          "bootloader", "bootloader_size", "mbr_params", "settings"};

static int load_board(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *b)
{
    static const char *const keys[] = {"soc", "layout"};
    int rc = check_map(ld, b, "board", keys, COUNT(keys), "soc");
    s->layout = (struct fm_nrf52840_layout)FM_NRF52840_LAYOUT_DEFAULT;
    const struct scn_node *l = b != NULL ? get(b, "layout") : NULL;
    if (rc != 0 || l == NULL) {
        return rc;
    }
    if ((rc = check_map(ld, l, "board.layout", layout_keys, COUNT(layout_keys), NULL)) != 0) {
        return rc;
    }
    uint32_t *field[] = {&s->layout.mbr_size,   &s->layout.sd_end,          &s->layout.bank0,
                         &s->layout.bank0_size, &s->layout.bank1,           &s->layout.bank1_size,
                         &s->layout.bootloader, &s->layout.bootloader_size, &s->layout.mbr_params,
                         &s->layout.settings};
    for (size_t i = 0; i < COUNT(layout_keys); i++) {
        uint64_t v;
        const struct scn_node *n = get(l, layout_keys[i]);
        if (n != NULL && (rc = u64_of(ld, n, layout_keys[i], FM_N52_FLASH_SIZE, &v)) != 0) {
            return rc;
        }
        if (n != NULL) {
            *field[i] = (uint32_t)v;
        }
    }
    const char *why = NULL;
    if (fm_nrf52840_layout_check(&s->layout, &why) != 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, l, "board.layout is not a usable nRF52840 layout: %s", why);
        scn_hint(ld, "the default is MBR 0x0, SoftDevice to 0x27000, bank 0 0x27000+0x68000, bank 1 0x8F000+0x68000, "
                     "bootloader 0xF8000+0x6000, MBR parameters 0xFE000, settings 0xFF000 (docs/NRF52.md)");
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

static int load_contents(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *c)
{
    static const char *const keys[] = {"app", "app_version", "update", "init"};
    int rc = check_map(ld, c, "contents", keys, COUNT(keys), "app");
    if (rc == 0 && get(c, "update") == NULL) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, c, "contents needs 'update' (the image the application writes to bank 1)");
    }
    if (rc == 0) {
        rc = read_named(ld, s, get(c, "app"), "app", &s->app, &s->app_len, NULL);
    }
    if (rc == 0) {
        rc = read_named(ld, s, get(c, "update"), "update", &s->update, &s->update_len, NULL);
    }
    if (rc == 0 && get(c, "init") != NULL) {
        rc = read_named(ld, s, get(c, "init"), "init", &s->init, &s->init_len, NULL);
    }
    uint64_t v = 1;
    if (rc == 0 && get(c, "app_version") != NULL) {
        rc = u64_of(ld, get(c, "app_version"), "app_version", UINT32_MAX, &v);
    }
    s->app_version = (uint32_t)v;
    if (rc == 0 && (s->app_len == 0 || s->app_len > s->layout.bank0_size)) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, get(c, "app"), "the app image (%zu bytes) must fit bank 0 (0x%x bytes)",
                      s->app_len, (unsigned)s->layout.bank0_size);
    }
    if (rc == 0 && s->init_len > 512u) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, get(c, "init"), "the init packet (%zu bytes) exceeds the settings' "
                      "init_command (512 bytes)", s->init_len);
    }
    return rc;
}

static int load_fault(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *f)
{
    static const char *const kinds[] = {"power_loss", "corrupt_bank1"};
    static const char *const phases[] = {"bank1_write", "settings_write", "activation_copy"};
    int rc = check_map(ld, f, "a fault", kinds, COUNT(kinds), NULL);
    if (rc == 0 && scn_map_pairs(f) != 1) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, f, "a fault is one of power_loss or corrupt_bank1");
    }
    if (rc != 0) {
        return rc;
    }
    struct n52_fault *out = &s->faults[s->n_faults++];
    const struct scn_node *pl = get(f, "power_loss"), *cb = get(f, "corrupt_bank1");
    uint64_t v = 0;
    if (pl != NULL) {
        static const char *const keys[] = {"during", "nth"};
        unsigned ph = 0;
        if ((rc = check_map(ld, pl, "power_loss", keys, COUNT(keys), "during")) != 0 ||
            (rc = word_of(ld, get(pl, "during"), "during", phases, COUNT(phases), &ph)) != 0) {
            return rc;
        }
        v = 1;
        if (get(pl, "nth") != NULL && ((rc = u64_of(ld, get(pl, "nth"), "nth", 1000000000u, &v)) != 0 || v == 0)) {
            return rc != 0 ? rc : scn_fail(ld, PCDSIM_E_SCHEMA, get(pl, "nth"), "'nth' counts from 1");
        }
        *out = (struct n52_fault){false, (enum n52_phase)ph, (unsigned)v, 0};
        return 0;
    }
    static const char *const keys[] = {"offset"};
    if ((rc = check_map(ld, cb, "corrupt_bank1", keys, COUNT(keys), "offset")) != 0 ||
        (rc = u64_of(ld, get(cb, "offset"), "offset", s->update_len ? s->update_len - 1 : 0, &v)) != 0) {
        return rc;
    }
    *out = (struct n52_fault){true, N52_DURING_BANK1_WRITE, 0, (uint32_t)v};
    return 0;
}

static int load_faults(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *f)
{
    char d[SCN_QUOTE_MAX + 16];
    if (f->type != SCN_SEQ) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, f, "faults: expected a sequence, got %s", scn_describe(f, d, sizeof(d)));
    }
    if (f->count > N52_MAX_FAULTS) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, f, "at most %d faults", N52_MAX_FAULTS);
    }
    for (size_t i = 0; i < f->count; i++) {
        scn_push(ld, NULL, i, f->kids[i]);
        int rc = load_fault(ld, s, f->kids[i]);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

static int load_expect(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *e)
{
    static const char *const keys[] = {"running", "rejected"};
    static const char *const running[] = {"old", "new"};
    static const char *const rejected[] = {"none", "crc", "signature", "hash", "init", "size"};
    static const int codes[] = {0, N5_E_CRC, N5_E_SIG, N5_E_HASH, N5_E_INIT, N5_E_SIZE};
    int rc = check_map(ld, e, "expect", keys, COUNT(keys), NULL);
    unsigned w = 0;
    if (rc == 0 && get(e, "running") != NULL && (rc = word_of(ld, get(e, "running"), "running", running, 2, &w)) == 0) {
        s->expect.has_running = true;
        s->expect.running_new = w == 1;
    }
    if (rc == 0 && get(e, "rejected") != NULL &&
        (rc = word_of(ld, get(e, "rejected"), "rejected", rejected, COUNT(rejected), &w)) == 0) {
        s->expect.has_rejected = true;
        s->expect.rejected = codes[w];
    }
    return rc;
}

static int load_reqs(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *r)
{
    char d[SCN_QUOTE_MAX + 16];
    if (r->type != SCN_SEQ || r->count == 0 || r->count > N52_MAX_REQS) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, r, "requirements: expected a sequence of 1..%d ids, got %s", N52_MAX_REQS,
                        scn_describe(r, d, sizeof(d)));
    }
    for (size_t i = 0; i < r->count; i++) {
        const struct scn_node *n = r->kids[i];
        int rc = scalar(ld, n, "requirements");
        if (rc != 0) {
            return rc;
        }
        if ((s->reqs[s->n_reqs++] = pcdsim_requirement_find(n->text)) == NULL) {
            scn_fail(ld, PCDSIM_E_SCHEMA, n, "unknown requirement id %s", scn_describe(n, d, sizeof(d)));
            scn_hint(ld, "the nRF52 ids are N52-WRITE, N52-ACTIVATE, N52-POWER-SAFE (reference-behaviour.md §10)");
            return PCDSIM_E_SCHEMA;
        }
    }
    return 0;
}

static int load_keys(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *k)
{
    char d[SCN_QUOTE_MAX + 16];
    if (k->type != SCN_SEQ || k->count != 1) {
        return scn_fail(ld, PCDSIM_E_SCHEMA, k, "keys: expected a sequence of one PEM public key, got %s",
                        scn_describe(k, d, sizeof(d)));
    }
    return read_named(ld, s, k->kids[0], "keys", NULL, NULL, &s->key_path);
}

static int load_top(struct scn_ld *ld, struct n52_scenario *s, const struct scn_node *root)
{
    static const char *const keys[] = {"version",  "name", "description", "requirements", "labels", "seed",
                                       "board",    "keys", "contents",    "faults",       "expect"};
    int rc = check_map(ld, root, "the scenario", keys, COUNT(keys), "name");
    uint64_t v = 0;
    if (rc == 0 && (rc = u64_of(ld, get(root, "version"), "version", 1, &v)) == 0 && v != 1) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, get(root, "version"), "this pcdsim reads scenario format version 1");
    }
    if (rc == 0 && (rc = scalar(ld, get(root, "name"), "name")) == 0 &&
        (s->name = scn_strdup(get(root, "name")->text)) == NULL) {
        rc = scn_nomem(ld);
    }
    if (rc == 0 && get(root, "seed") != NULL) {
        rc = u64_of(ld, get(root, "seed"), "seed", UINT64_MAX, &s->seed);
    }
    if (rc == 0 && get(root, "requirements") == NULL) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, root, "the scenario needs 'requirements'");
    }
    const char *order[] = {"requirements", "board", "keys", "contents", "faults", "expect"};
    for (size_t i = 0; rc == 0 && i < COUNT(order); i++) {
        const struct scn_node *n = get(root, order[i]);
        if (n == NULL) {
            rc = i == 3 ? scn_fail(ld, PCDSIM_E_SCHEMA, root, "the scenario needs 'contents'") : 0;
            continue;
        }
        scn_push(ld, order[i], 0, n);
        rc = i == 0 ? load_reqs(ld, s, n)
           : i == 1 ? load_board(ld, s, n)
           : i == 2 ? load_keys(ld, s, n)
           : i == 3 ? load_contents(ld, s, n)
           : i == 4 ? load_faults(ld, s, n)
                    : load_expect(ld, s, n);
        scn_pop(ld);
    }
    return rc;
}

/* The tree of a scenario file; NULL root for an empty one. */
static int parse_file(struct scn_ld *ld, const char *path, struct scn_node **root)
{
    uint8_t *text = NULL;
    size_t len = 0;
    struct pcdsim_read_info ri;
    *root = NULL;
    if (pcdsim_read_file(path, PCDSIM_SCENARIO_FILE_MAX, PCDSIM_READ_REGULAR_ONLY, &text, &len, &ri) != 0) {
        return pcdsim_diag_set(ld->diag, PCDSIM_E_FILE, path, 0, 0, "cannot read scenario '%s': %s", path, ri.why);
    }
    int rc = scn_tree_parse(ld, (const char *)text, len, root);
    free(text);
    return rc;
}

static bool is_n52_root(const struct scn_node *root)
{
    const struct scn_node *b = root != NULL ? get(root, "board") : NULL, *soc = b != NULL ? get(b, "soc") : NULL;
    return soc != NULL && soc->type == SCN_SCALAR && strcmp(soc->text, "nrf52840") == 0;
}

bool n52_scenario_detect(const char *path)
{
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    struct scn_ld ld = {.file = path, .diag = &d};
    struct scn_node *root = NULL;
    bool is = parse_file(&ld, path, &root) == 0 && is_n52_root(root);
    scn_tree_free(root);
    return is;
}

int n52_scenario_load(const char *path, struct n52_scenario *out, struct pcdsim_diag *d)
{
    struct pcdsim_diag local;
    d = d != NULL ? d : &local;
    pcdsim_diag_clear(d);
    memset(out, 0, sizeof(*out));
    struct scn_ld ld = {.file = path, .diag = d};
    const char *slash = strrchr(path, '/');
    out->path = scn_strdup(path);
    out->dir = slash == NULL ? scn_strdup(".") : scn_strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (out->path == NULL || out->dir == NULL) {
        return scn_nomem(&ld);
    }
    ld.dir = out->dir;
    struct scn_node *root = NULL;
    int rc = parse_file(&ld, path, &root);
    if (rc == 0 && !is_n52_root(root)) {
        rc = scn_fail_pos(&ld, PCDSIM_E_SCHEMA, 1, 1, "not an nRF52 scenario (board.soc: nrf52840)");
    }
    if (rc == 0) {
        rc = load_top(&ld, out, root);
    }
    scn_tree_free(root);
    return rc;
}

void n52_scenario_free(struct n52_scenario *s)
{
    free(s->path);
    free(s->dir);
    free(s->name);
    free(s->key_path);
    free(s->app);
    free(s->update);
    free(s->init);
    memset(s, 0, sizeof(*s));
}
