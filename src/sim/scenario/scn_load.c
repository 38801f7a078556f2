/* Scenario loader: the schema of docs/SCENARIOS.md (format version 1) as tables walked over the
 * node tree of scn_tree.c.
 *
 * Each mapping of the format is a `const struct field[]` (key, handler, offset of the value in
 * the target struct, offsets of its "present" flag and position, range, enum names, required).
 * walk_map() rejects unknown keys (with a did-you-mean), duplicate keys and missing required
 * keys, then runs the handlers in table order, so values that depend on others (a slot name on
 * the loaded layout) are checked after them whatever the order in the file. Cross-key rules
 * (one trigger per fault, partition xor address, ...) are checked after the walk with the key
 * nodes it recorded. The first problem stops the load: one error, never a cascade. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flashmodel/nand.h"
#include "pcdsim/file_kind.h"
#include "pcdsim/image_file.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "scn_internal.h"

_Static_assert(sizeof(enum pcdsim_scn_profile) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_request) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_slot_state) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_tear) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_op_kind) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_net_mode) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum pcdsim_scn_event) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum fm_nrf5340_dev) == sizeof(int), "enums are stored as int");

/* Longest `name:`. */
#define NAME_MAX_LEN 200
/* Most keys of one mapping of the format. */
#define FIELDS_MAX 24
/* Quote buffer. */
#define QB (SCN_QUOTE_MAX + 24)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ============================================================================================ */
/* Schema tables                                                                                */

struct field;
typedef int (*field_fn)(struct scn_ld *ld, const struct scn_node *val, void *obj, const struct field *f);

/* Names of an enum: value = first + index. */
struct enum_def {
    const char *what; /* "tear mode" */
    const char *const *names;
    size_t count;
    int first;
};

struct field {
    const char *key;
    field_fn fn;
    long off;     /* where fn stores the value, -1 if fn does not use it */
    long has_off; /* bool set to true when the key is present, or -1 */
    long pos_off; /* struct pcdsim_scn_pos set to the value's position, or -1 */
    uint64_t min, max;
    const void *aux;
    bool required;
};

#define NOFF (-1L)
#define OFF(T, m) ((long)offsetof(T, m))

/* Key and value nodes found for each field of a table (NULL = absent). */
struct found {
    const struct scn_node *key[FIELDS_MAX];
    const struct scn_node *val[FIELDS_MAX];
};

static void store(void *obj, long off, const void *v, size_t size)
{
    memcpy((char *)obj + off, v, size);
}

static void store_true(void *obj, long off)
{
    bool t = true;
    store(obj, off, &t, sizeof(t));
}

static void store_int(void *obj, long off, int v)
{
    store(obj, off, &v, sizeof(v));
}

/* ============================================================================================ */
/* Scalars                                                                                      */

/* "expected X, got Y" with a hint fitting the mismatch. */
static int type_error(struct scn_ld *ld, const struct scn_node *n, const char *expected)
{
    char d[QB];
    scn_fail(ld, PCDSIM_E_SCHEMA, n, "expected %s, got %s", expected, scn_describe(n, d, sizeof(d)));
    if (strcmp(expected, "a mapping") == 0) {
        scn_hint(ld, "check the indentation: the keys of this mapping go on the following lines, indented "
                     "further than its own key (or write {key: value, ...})");
    } else if (strcmp(expected, "a sequence") == 0) {
        scn_hint(ld, "write a list as [a, b] or as '- ' items on the following lines");
    } else if (n->type != SCN_SCALAR) {
        scn_hint(ld, "a single value goes here; check the indentation of the lines below");
    } else {
        scn_hint(ld, "give a value after the ':'");
    }
    return PCDSIM_E_SCHEMA;
}

/* A scalar with a value (strings, names, enums). */
static int need_text(struct scn_ld *ld, const struct scn_node *n, const char *expected)
{
    if (n->type != SCN_SCALAR || scn_is_null(n)) {
        return type_error(ld, n, expected);
    }
    if (n->len == 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "expected %s, got an empty string", expected);
        scn_hint(ld, "give a value between the quotes, or leave the key out");
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

/* Loads item @p i of a sequence from @p it into @p items[i] (zeroed), the trail already pushed. */
typedef int (*item_fn)(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i);

/* A sequence into a calloc'ed array of @p size-byte items: *out and *count are set before the
 * items load, so what loaded is freed with the scenario whatever fails. An empty sequence is
 * allowed when @p empty_what is NULL, else refused as "'<empty_what>' is empty" with @p hint. */
static int load_seq(struct scn_ld *ld, const struct scn_node *n, size_t size, void **out, size_t *count,
                    const char *empty_what, const char *hint, item_fn fn)
{
    if (n->type != SCN_SEQ) {
        return type_error(ld, n, "a sequence");
    }
    if (n->count == 0) {
        if (empty_what == NULL) {
            return 0;
        }
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "'%s' is empty", empty_what);
        scn_hint(ld, "%s", hint);
        return PCDSIM_E_SCHEMA;
    }
    *out = calloc(n->count, size);
    if (*out == NULL) {
        return scn_nomem(ld);
    }
    *count = n->count;
    for (size_t i = 0; i < n->count; i++) {
        scn_push(ld, NULL, i, n->kids[i]);
        int rc = fn(ld, n->kids[i], *out, i);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

static void range_str(uint64_t min, uint64_t max, char *buf, size_t size)
{
    if (max > 0xffff) {
        snprintf(buf, size, "%" PRIu64 "..%" PRIu64 " (0x%" PRIx64 "..0x%" PRIx64 ")", min, max, min, max);
    } else {
        snprintf(buf, size, "%" PRIu64 "..%" PRIu64, min, max);
    }
}

static int digit_value(char c, bool hex)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (hex && c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (hex && c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* An unsigned integer, decimal or 0x-hex, plain (not quoted), in [min, max]. */
static int parse_uint(struct scn_ld *ld, const struct scn_node *n, uint64_t min, uint64_t max, uint64_t *out)
{
    char q[QB], r[96];
    if (n->type != SCN_SCALAR || scn_is_null(n)) {
        return type_error(ld, n, "a number");
    }
    const char *s = n->text;
    scn_quote(s, q, sizeof(q));
    range_str(min, max, r, sizeof(r));
    if (!n->plain) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "expected a number, got the quoted string %s", q);
        scn_hint(ld, "remove the quotes: numbers are written bare, in decimal (4096) or hex (0x1000)");
        return PCDSIM_E_SCHEMA;
    }
    if (s[0] == '-') {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is out of range: negative numbers are not allowed here", q);
        scn_hint(ld, "allowed here: %s", r);
        return PCDSIM_E_SCHEMA;
    }
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = hex ? s + 2 : s;
    unsigned base = hex ? 16 : 10;
    uint64_t v = 0;
    bool overflow = false;
    bool bad = *digits == '\0';
    bool underscore = false;
    for (const char *p = digits; *p != '\0'; p++) {
        if (*p == '_') {
            underscore = true;
            continue;
        }
        int dv = digit_value(*p, hex);
        if (dv < 0) {
            bad = true;
            break;
        }
        if (v > (UINT64_MAX - (uint64_t)dv) / base) {
            overflow = true;
        } else {
            v = v * base + (uint64_t)dv;
        }
    }
    if (underscore && !bad) {
        char plain[QB];
        size_t o = 0;
        for (const char *p = s; *p != '\0' && o + 1 < sizeof(plain); p++) {
            if (*p != '_') {
                plain[o++] = *p;
            }
        }
        plain[o] = '\0';
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is not a number: '_' digit separators are not accepted", q);
        if (overflow || v > max || v < min) {
            scn_hint(ld, "write the digits without '_' (%s); note that this value is also outside the allowed "
                         "range here, %s", plain, r);
        } else {
            scn_hint(ld, "write the digits without '_' (%s)", plain);
        }
        return PCDSIM_E_SCHEMA;
    }
    if (bad) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is not a number", q);
        scn_hint(ld, "write an unsigned integer in decimal (4096) or hex (0x1000); allowed here: %s", r);
        return PCDSIM_E_SCHEMA;
    }
    if (!hex && digits[0] == '0' && digits[1] != '\0') {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s has a leading zero", q);
        scn_hint(ld, "write it without the leading zero, or in hex with 0x (YAML 1.1 would read %s as octal)", s);
        return PCDSIM_E_SCHEMA;
    }
    if (overflow || v < min || v > max) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is out of range", q);
        scn_hint(ld, "allowed here: %s", r);
        return PCDSIM_E_SCHEMA;
    }
    *out = v;
    return 0;
}

static int lookup(const char *word, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(word, names[i]) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* "unknown <what> 'x'" with a did-you-mean and the list of valid names. */
static int unknown_name(struct scn_ld *ld, const struct scn_node *n, const char *what, const char *const *names,
                        size_t count)
{
    char q[QB], list[PCDSIM_DIAG_TEXT - 64];
    scn_fail(ld, PCDSIM_E_SCHEMA, n, "unknown %s %s", what, scn_quote(n->text, q, sizeof(q)));
    scn_join(names, count, list, sizeof(list));
    const char *dym = scn_did_you_mean(n->text, names, count);
    if (dym != NULL) {
        scn_hint(ld, "did you mean '%s'? valid: %s", dym, list);
    } else {
        scn_hint(ld, "valid: %s", list);
    }
    return PCDSIM_E_SCHEMA;
}

/* ============================================================================================ */
/* Generic handlers                                                                             */

static int h_u8(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    uint64_t v;
    int rc = parse_uint(ld, n, f->min, f->max > 0xff ? 0xff : f->max, &v);
    if (rc == 0) {
        uint8_t b = (uint8_t)v;
        store(obj, f->off, &b, sizeof(b));
    }
    return rc;
}

static int h_u32(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    uint64_t v;
    int rc = parse_uint(ld, n, f->min, f->max > UINT32_MAX ? UINT32_MAX : f->max, &v);
    if (rc == 0) {
        uint32_t w = (uint32_t)v;
        store(obj, f->off, &w, sizeof(w));
    }
    return rc;
}

static int h_u64(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    uint64_t v;
    int rc = parse_uint(ld, n, f->min, f->max, &v);
    if (rc == 0) {
        store(obj, f->off, &v, sizeof(v));
    }
    return rc;
}

static int h_bool(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    static const char *const t[] = {"true", "True", "TRUE"};
    static const char *const fa[] = {"false", "False", "FALSE"};
    char d[QB];
    if (n->type != SCN_SCALAR || scn_is_null(n)) {
        return type_error(ld, n, "true or false");
    }
    bool v;
    if (n->plain && lookup(n->text, t, 3) >= 0) {
        v = true;
    } else if (n->plain && lookup(n->text, fa, 3) >= 0) {
        v = false;
    } else {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "expected true or false, got %s", scn_describe(n, d, sizeof(d)));
        scn_hint(ld, "write true or false, without quotes (yes/no/on/off are YAML 1.1 spellings pcdsim does "
                     "not accept)");
        return PCDSIM_E_SCHEMA;
    }
    store(obj, f->off, &v, sizeof(v));
    return 0;
}

/* Any text, owned char * at off. */
static int h_str(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    int rc = need_text(ld, n, "a string");
    if (rc != 0) {
        return rc;
    }
    char *s = scn_strdup(n->text);
    if (s == NULL) {
        return scn_nomem(ld);
    }
    store(obj, f->off, &s, sizeof(s));
    return 0;
}

/* One line of text (the scenario's name). */
static int h_line(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    char q[QB];
    int rc = need_text(ld, n, "a string");
    if (rc != 0) {
        return rc;
    }
    if (strchr(n->text, '\n') != NULL || strchr(n->text, '\r') != NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is not one line", scn_quote(n->text, q, sizeof(q)));
        scn_hint(ld, "write '%s' on one line (no '|' or '>' block); details go into 'description'", f->key);
        return PCDSIM_E_SCHEMA;
    }
    if (n->len > NAME_MAX_LEN) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is too long (%zu characters)", scn_quote(n->text, q, sizeof(q)),
                 n->len);
        scn_hint(ld, "keep '%s' to %d characters; details go into 'description'", f->key, NAME_MAX_LEN);
        return PCDSIM_E_SCHEMA;
    }
    return h_str(ld, n, obj, f);
}

/* A short name into char[PCDSIM_LAYOUT_NAME_MAX] at off (partition names). */
static int h_name(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    char q[QB];
    int rc = need_text(ld, n, "a name");
    if (rc != 0) {
        return rc;
    }
    if (n->len >= PCDSIM_LAYOUT_NAME_MAX) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "name %s is too long", scn_quote(n->text, q, sizeof(q)));
        scn_hint(ld, "partition names have at most %d characters", PCDSIM_LAYOUT_NAME_MAX - 1);
        return PCDSIM_E_SCHEMA;
    }
    store(obj, f->off, n->text, n->len + 1);
    return 0;
}

static int h_enum(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    const struct enum_def *e = f->aux;
    char expected[64];
    snprintf(expected, sizeof(expected), "a %s", e->what);
    int rc = need_text(ld, n, expected);
    if (rc != 0) {
        return rc;
    }
    int i = lookup(n->text, e->names, e->count);
    if (i < 0) {
        return unknown_name(ld, n, e->what, e->names, e->count);
    }
    store_int(obj, f->off, e->first + i);
    return 0;
}

static int h_event(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    int rc = need_text(ld, n, "an event name");
    if (rc != 0) {
        return rc;
    }
    enum pcdsim_scn_event ev;
    if (!pcdsim_scn_event_find(n->text, &ev)) {
        return unknown_name(ld, n, "event", scn_event_names, PCDSIM_EV__COUNT);
    }
    store_int(obj, f->off, (int)ev);
    return 0;
}

/* ---- files ------------------------------------------------------------------------------- */

static void errno_str(int e, char *buf, size_t size)
{
    if (strerror_r(e, buf, size) != 0) {
        snprintf(buf, size, "error %d", e);
    }
}

/* Resolve and check a path written in the scenario; fills @p out (owned strings attached first,
 * so a failure leaves nothing unowned). */
static int load_file(struct scn_ld *ld, const struct scn_node *n, struct pcdsim_scn_file *out)
{
    char q[QB], es[128];
    int rc = need_text(ld, n, "a file path");
    if (rc != 0) {
        return rc;
    }
    out->pos = (struct pcdsim_scn_pos){n->line, n->column};
    out->written = scn_strdup(n->text);
    if (out->written == NULL) {
        return scn_nomem(ld);
    }
    if (n->text[0] == '/' || strcmp(ld->dir, ".") == 0) {
        out->path = scn_strdup(n->text);
    } else {
        size_t dl = strlen(ld->dir), tl = n->len;
        out->path = malloc(dl + tl + 2);
        if (out->path != NULL) {
            memcpy(out->path, ld->dir, dl);
            out->path[dl] = '/';
            memcpy(out->path + dl + 1, n->text, tl + 1);
        }
    }
    if (out->path == NULL) {
        return scn_nomem(ld);
    }
    scn_quote(n->text, q, sizeof(q));
    struct stat st;
    // open() + fstat(): O_NONBLOCK so that a FIFO put there cannot block the loader, and the
    // checks apply to the file actually opened.
    int fd = open(out->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0 && fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        fd = -1;
        errno = e;
    }
    if (fd < 0 && errno == EACCES) {
        errno_str(errno, es, sizeof(es));
        scn_fail(ld, PCDSIM_E_FILE, n, "cannot read %s: %s", q, es);
        scn_hint(ld, "check the permissions of '%s'", out->path);
        return PCDSIM_E_FILE;
    }
    if (fd < 0) {
        errno_str(errno, es, sizeof(es));
        scn_fail(ld, PCDSIM_E_FILE, n, "cannot read %s: %s", q, es);
        if (strncmp(n->text, "builtin:", 8) == 0) {
            scn_hint(ld, "built-ins exist only for board.layout and board.net_layout; resolved to '%s'", out->path);
        } else {
            scn_hint(ld, "paths are relative to the scenario's folder ('%s'); this one resolves to '%s'", ld->dir,
                     out->path);
        }
        return PCDSIM_E_FILE;
    }
    close(fd);
    if (S_ISDIR(st.st_mode)) {
        scn_fail(ld, PCDSIM_E_FILE, n, "cannot read %s: it is a directory", q);
        scn_hint(ld, "name a file; '%s' is a folder", out->path);
        return PCDSIM_E_FILE;
    }
    if (!S_ISREG(st.st_mode)) {
        scn_fail(ld, PCDSIM_E_FILE, n, "cannot read %s: not a regular file", q);
        scn_hint(ld, "name a regular file ('%s' is a device, socket or pipe)", out->path);
        return PCDSIM_E_FILE;
    }
    out->size = (uint64_t)st.st_size;
    return 0;
}

/* A file of bytes to program (an image, an application, an extra load): a binary, or Intel HEX
 * read strictly and flattened (pcdsim/image_file.h); its size is then the flattened size. */
static int h_file(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_file *file = (struct pcdsim_scn_file *)(void *)((char *)obj + f->off);
    int rc = load_file(ld, n, file);
    if (rc == 0 && pcdsim_file_is_intel_hex(file->path)) {
        struct pcdsim_image_file img;
        struct pcdsim_diag hd;
        rc = pcdsim_image_file_read(file->path, 0x10000000u, &img, &hd);
        if (rc != 0) {
            scn_fail(ld, rc, n, "bad Intel HEX file: %s:%u:%u: %s", hd.file, hd.line, hd.column, hd.message);
            scn_hint(ld, "fix or rebuild the .hex, or name the .bin the build writes next to it");
            return rc;
        }
        file->size = img.len;
        pcdsim_image_file_free(&img);
    }
    return rc;
}

/* ============================================================================================ */
/* Mappings                                                                                     */

/* The top-level section a key belongs to ("'timeout_ms' belongs under 'updater'" hints), or NULL.
 * Defined after the tables. */
static const char *section_of(const char *key);

static int walk_map(struct scn_ld *ld, const struct scn_node *n, const struct field *fields, size_t nf, void *obj,
                    struct found *fd);

static int unknown_key(struct scn_ld *ld, const struct scn_node *key, const struct field *fields, size_t nf)
{
    const char *names[FIELDS_MAX];
    char q[QB], list[PCDSIM_DIAG_TEXT - 96];
    for (size_t i = 0; i < nf; i++) {
        names[i] = fields[i].key;
    }
    scn_fail(ld, PCDSIM_E_SCHEMA, key, "unknown key %s", scn_quote(key->text, q, sizeof(q)));
    scn_join(names, nf, list, sizeof(list));
    const char *colon = strchr(key->text, ':');
    if (colon != NULL) {
        // "device:x net_flash" or "at_op:5": a ':' without the space that separates key and value.
        char head[PCDSIM_LAYOUT_NAME_MAX];
        snprintf(head, sizeof(head), "%.*s", (int)(colon - key->text), key->text);
        scn_hint(ld, "a ':' separates a key from its value only when a space follows it ('%s: ...'); known keys "
                     "here: %s", head, list);
        return PCDSIM_E_SCHEMA;
    }
    const char *dym = scn_did_you_mean(key->text, names, nf);
    if (dym != NULL) {
        scn_hint(ld, "did you mean '%s'? known keys here: %s", dym, list);
        return PCDSIM_E_SCHEMA;
    }
    // At the top level, a key of a section written one level too far left.
    const char *section = ld->depth == 0 ? section_of(key->text) : NULL;
    if (section != NULL) {
        scn_hint(ld, "'%s' belongs under '%s:' (indent it); known keys here: %s", key->text, section, list);
        return PCDSIM_E_SCHEMA;
    }
    scn_hint(ld, "known keys here: %s", list);
    return PCDSIM_E_SCHEMA;
}

/* Check a mapping against a table, then run the handlers in table order. */
static int walk_map(struct scn_ld *ld, const struct scn_node *n, const struct field *fields, size_t nf, void *obj,
                    struct found *fd)
{
    struct found local;
    if (fd == NULL) {
        fd = &local;
    }
    memset(fd, 0, sizeof(*fd));
    if (nf > FIELDS_MAX) { // a schema bug (the tables are checked statically below)
        return scn_fail(ld, PCDSIM_E_INTERNAL, n, "schema table of %zu keys (at most %d)", nf, FIELDS_MAX);
    }
    if (n->type != SCN_MAP) {
        return type_error(ld, n, "a mapping");
    }
    for (size_t i = 0; i < scn_map_pairs(n); i++) {
        const struct scn_node *key = n->kids[2 * i];
        const struct scn_node *val = n->kids[2 * i + 1];
        if (key->type != SCN_SCALAR || scn_is_null(key)) {
            scn_fail(ld, PCDSIM_E_SCHEMA, key, "a mapping key is empty");
            scn_hint(ld, "write 'key: value'");
            return PCDSIM_E_SCHEMA;
        }
        int j = -1;
        for (size_t k = 0; k < nf; k++) {
            if (strcmp(fields[k].key, key->text) == 0) {
                j = (int)k;
                break;
            }
        }
        if (j < 0) {
            return unknown_key(ld, key, fields, nf);
        }
        if (fd->key[j] != NULL) {
            char q[QB];
            scn_fail(ld, PCDSIM_E_SCHEMA, key, "duplicate key %s", scn_quote(key->text, q, sizeof(q)));
            scn_hint(ld, "'%s' is already given at line %u, column %u; keep one", key->text, fd->key[j]->line,
                     fd->key[j]->column);
            return PCDSIM_E_SCHEMA;
        }
        fd->key[j] = key;
        fd->val[j] = val;
    }
    for (size_t j = 0; j < nf; j++) {
        if (fields[j].required && fd->key[j] == NULL) {
            const char *req[FIELDS_MAX];
            size_t nr = 0;
            char list[256];
            for (size_t k = 0; k < nf; k++) {
                if (fields[k].required) {
                    req[nr++] = fields[k].key;
                }
            }
            scn_join(req, nr, list, sizeof(list));
            scn_fail(ld, PCDSIM_E_SCHEMA, n, "missing required key '%s'", fields[j].key);
            scn_hint(ld, "add '%s:'; required keys here: %s", fields[j].key, list);
            return PCDSIM_E_SCHEMA;
        }
    }
    for (size_t j = 0; j < nf; j++) {
        if (fd->val[j] == NULL) {
            continue;
        }
        scn_push(ld, fields[j].key, 0, fd->val[j]);
        int rc = fields[j].fn(ld, fd->val[j], obj, &fields[j]);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
        if (fields[j].has_off != NOFF) {
            store_true(obj, fields[j].has_off);
        }
        if (fields[j].pos_off != NOFF) {
            struct pcdsim_scn_pos pos = {fd->val[j]->line, fd->val[j]->column};
            store(obj, fields[j].pos_off, &pos, sizeof(pos));
        }
    }
    return 0;
}

/* Key / value node of a field by name (NULL if absent or not in the table). */
static const struct scn_node *fkey(const struct found *fd, const struct field *fields, size_t nf, const char *key)
{
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(fields[i].key, key) == 0) {
            return fd->key[i];
        }
    }
    return NULL;
}

static const struct scn_node *fval(const struct found *fd, const struct field *fields, size_t nf, const char *key)
{
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(fields[i].key, key) == 0) {
            return fd->val[i];
        }
    }
    return NULL;
}

/* The later of two nodes in the file. */
static const struct scn_node *later(const struct scn_node *a, const struct scn_node *b)
{
    if (a->line != b->line) {
        return a->line > b->line ? a : b;
    }
    return a->column > b->column ? a : b;
}

static const struct scn_node *earlier(const struct scn_node *a, const struct scn_node *b)
{
    return later(a, b) == a ? b : a;
}

/* "'a' and 'b' exclude each other", reported at the later of the two keys. */
static int exclusive(struct scn_ld *ld, const struct scn_node *a, const struct scn_node *b, const char *hint)
{
    const struct scn_node *first = earlier(a, b), *second = later(a, b);
    scn_fail(ld, PCDSIM_E_SCHEMA, second, "'%s' and '%s' (line %u) exclude each other", second->text, first->text,
             first->line);
    scn_hint(ld, "%s", hint);
    return PCDSIM_E_SCHEMA;
}

/* ============================================================================================ */
/* Devices and locations                                                                        */

struct devrange {
    uint32_t base;
    uint32_t size;
    const char *label;
};

/* CPU-addressable devices (application-core view). */
static const struct devrange cpu_ranges[FM_NRF_DEV_COUNT] = {
    [FM_NRF_APP_FLASH] = {FM_NRF_APP_FLASH_BASE, FM_NRF_APP_FLASH_SIZE, "app flash"},
    [FM_NRF_NET_FLASH] = {FM_NRF_NET_FLASH_BASE, FM_NRF_NET_FLASH_SIZE, "net flash"},
    [FM_NRF_APP_SRAM] = {FM_NRF_APP_SRAM_BASE, FM_NRF_APP_SRAM_SIZE, "app SRAM"},
    [FM_NRF_NET_SRAM] = {FM_NRF_NET_SRAM_BASE, FM_NRF_NET_SRAM_SIZE, "net SRAM"},
    [FM_NRF_QSPI] = {0, 0, "QSPI flash"},
    [FM_NRF_RAM_FLASH] = {0, 0, "RAM flash simulator"},
    [FM_NRF_NAND] = {0, 0, "SPI NAND"},
};

#define VALID_ADDRESSES                                                                              \
    "valid addresses: app flash 0x00000000..0x000fffff, net flash 0x01000000..0x0103ffff, app SRAM " \
    "0x20000000..0x2007ffff, net SRAM 0x21000000..0x2100ffff (QSPI: device: qspi + offset)"

static uint32_t device_size(const struct scn_ld *ld, enum fm_nrf5340_dev d)
{
    switch (d) {
    case FM_NRF_QSPI:
        return ld->scn->board.qspi ? FM_NRF_QSPI_SIZE : 0;
    case FM_NRF_RAM_FLASH:
        return ld->scn->board.ram_flash_size;
    case FM_NRF_NAND:
        return ld->scn->board.nand.present ? ld->scn->board.nand.blocks * FM_NAND_BLOCK : 0;
    default:
        return cpu_ranges[d].size;
    }
}

static bool is_flash(enum fm_nrf5340_dev d, bool with_ram_flash)
{
    return d == FM_NRF_APP_FLASH || d == FM_NRF_NET_FLASH || d == FM_NRF_QSPI ||
           (with_ram_flash && d == FM_NRF_RAM_FLASH);
}

/* Check a `device:` value written in the scenario against the board. */
static int check_device_fitted(struct scn_ld *ld, const struct scn_node *val, enum fm_nrf5340_dev d)
{
    if (d == FM_NRF_QSPI && !ld->scn->board.qspi) {
        scn_fail(ld, PCDSIM_E_SCHEMA, val, "device 'qspi' is not fitted on this board (board.qspi: false)");
        scn_hint(ld, "set board.qspi: true, or use another device");
        return PCDSIM_E_SCHEMA;
    }
    if (d == FM_NRF_NAND && !ld->scn->board.nand.present) {
        scn_fail(ld, PCDSIM_E_SCHEMA, val, "device 'nand' is not fitted on this board (no board.nand)");
        scn_hint(ld, "add board.nand: {blocks: N}, or use another device");
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

/* Names of the partitions of the application layout (for hints). */
static size_t partition_names(const struct pcdsim_layout *l, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < l->count && n < max; i++) {
        names[n++] = l->partitions[i].name;
    }
    return n;
}

static const struct pcdsim_partition *find_partition(struct scn_ld *ld, const struct scn_node *at, const char *name)
{
    const struct pcdsim_layout *l = &ld->scn->board.app;
    const struct pcdsim_partition *p = pcdsim_layout_find(l, name);
    if (p == NULL) {
        const char *names[64];
        char q[QB], list[PCDSIM_DIAG_TEXT - 96];
        size_t n = partition_names(l, names, COUNT(names));
        scn_join(names, n, list, sizeof(list));
        scn_fail(ld, PCDSIM_E_SCHEMA, at, "unknown partition %s", scn_quote(name, q, sizeof(q)));
        const char *dym = scn_did_you_mean(name, names, n);
        scn_hint(ld, "%s%s%spartitions of board.layout: %s", dym ? "did you mean '" : "", dym ? dym : "",
                 dym ? "'? " : "", list);
    }
    return p;
}

/* Map a partition of the application layout onto a device. */
static int partition_device(struct scn_ld *ld, const struct scn_node *at, const struct pcdsim_partition *p,
                            enum fm_nrf5340_dev *dev, uint32_t *dev_offset)
{
    switch (p->region) {
    case PCDSIM_REGION_FLASH_PRIMARY:
        *dev = FM_NRF_APP_FLASH;
        *dev_offset = p->address - FM_NRF_APP_FLASH_BASE;
        return 0;
    case PCDSIM_REGION_EXTERNAL_FLASH:
        *dev = p->has_device && pcdsim_layout_device_is_nand(p->device) ? FM_NRF_NAND : FM_NRF_QSPI;
        *dev_offset = p->address;
        return 0;
    case PCDSIM_REGION_SRAM_PRIMARY:
        *dev = FM_NRF_APP_SRAM;
        *dev_offset = p->address - FM_NRF_APP_SRAM_BASE;
        return 0;
    case PCDSIM_REGION_RAM_FLASH:
        *dev = FM_NRF_RAM_FLASH;
        *dev_offset = p->address;
        return 0;
    case PCDSIM_REGION_OTP:
    case PCDSIM_REGION_OTHER:
    default:
        scn_fail(ld, PCDSIM_E_SCHEMA, at, "partition '%s' is in region '%s', which pcdsim does not model", p->name,
                 p->region_name[0] ? p->region_name : pcdsim_region_str(p->region));
        scn_hint(ld, "use a partition in flash_primary, external_flash, sram_primary or ram_flash");
        return PCDSIM_E_SCHEMA;
    }
}

/* What a location may be. */
#define LOC_PARTITION 1u  /* `partition` (+ `offset`) allowed */
#define LOC_DEVICE 2u     /* `device` (+ `offset`) allowed */
#define LOC_FLASH_ONLY 4u /* app_flash, net_flash, qspi only */

/* `partition` (+ `offset`, whose node is @p vo or NULL) into @p loc; 0 or a code. */
static int loc_in_partition(struct scn_ld *ld, struct pcdsim_scn_loc *loc, const struct scn_node *vp,
                            const struct scn_node *vo)
{
    char q[QB];
    loc->kind = PCDSIM_LOC_PARTITION;
    const struct pcdsim_partition *p = find_partition(ld, vp, loc->partition);
    if (p == NULL) {
        return PCDSIM_E_SCHEMA;
    }
    uint32_t base;
    int rc = partition_device(ld, vp, p, &loc->device, &base);
    if (rc != 0) {
        return rc;
    }
    if (loc->offset >= p->size) {
        scn_fail(ld, PCDSIM_E_SCHEMA, vo ? vo : vp, "offset %s is past the end of partition '%s' (0x%" PRIx32
                 " bytes)", vo ? scn_quote(vo->text, q, sizeof(q)) : "'0'", p->name, p->size);
        scn_hint(ld, "offsets inside '%s' go from 0 to 0x%" PRIx32, p->name, p->size ? p->size - 1 : 0);
        return PCDSIM_E_SCHEMA;
    }
    loc->dev_offset = base + loc->offset;
    loc->limit = p->size - loc->offset;
    return 0;
}

/* An address in no memory: the error (naming the memory it is just past, if any). */
static int fail_no_memory(struct scn_ld *ld, const struct pcdsim_scn_loc *loc, const struct scn_node *va)
{
    char q[QB];
    const char *near = NULL;
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        if (cpu_ranges[d].size != 0 && loc->address == cpu_ranges[d].base + cpu_ranges[d].size) {
            near = cpu_ranges[d].label;
        }
    }
    if (near != NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, va, "impossible address %s: the first byte past the end of %s",
                 scn_quote(va->text, q, sizeof(q)), near);
    } else {
        scn_fail(ld, PCDSIM_E_SCHEMA, va, "impossible address %s: no memory of the nRF5340 is there",
                 scn_quote(va->text, q, sizeof(q)));
    }
    scn_hint(ld, "%s", VALID_ADDRESSES);
    return PCDSIM_E_SCHEMA;
}

/* `address` (with `device`, whose node is @p vd, when given: it must agree) into @p loc; 0 or a
 * code. */
static int loc_at_address(struct scn_ld *ld, struct pcdsim_scn_loc *loc, const struct scn_node *va,
                          const struct scn_node *vd)
{
    char q[QB];
    loc->kind = PCDSIM_LOC_ADDRESS;
    int found_dev = -1;
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        const struct devrange *r = &cpu_ranges[d];
        if (r->size != 0 && loc->address >= r->base && loc->address - r->base < r->size) {
            found_dev = d;
        }
    }
    if (vd != NULL) {
        const struct devrange *r = &cpu_ranges[loc->device];
        if (r->size == 0) {
            scn_fail(ld, PCDSIM_E_SCHEMA, vd, "device '%s' has no CPU address; 'address' cannot be used with it",
                     pcdsim_scn_device_name(loc->device));
            scn_hint(ld, "write 'device: %s' with 'offset:' instead of 'address:'", pcdsim_scn_device_name(loc->device));
            return PCDSIM_E_SCHEMA;
        }
        if (found_dev != (int)loc->device) {
            scn_fail(ld, PCDSIM_E_SCHEMA, va, "impossible address %s: not in %s (0x%08" PRIx32 "..0x%08" PRIx32
                     ")", scn_quote(va->text, q, sizeof(q)), pcdsim_scn_device_name(loc->device), r->base,
                     r->base + (r->size - 1));
            scn_hint(ld, "%s is 0x%08" PRIx32 "..0x%08" PRIx32 " (%" PRIu32 " KiB)", r->label, r->base,
                     r->base + (r->size - 1), r->size / 1024);
            return PCDSIM_E_SCHEMA;
        }
    }
    if (found_dev < 0) {
        return fail_no_memory(ld, loc, va);
    }
    loc->device = (enum fm_nrf5340_dev)found_dev;
    loc->dev_offset = loc->address - cpu_ranges[found_dev].base;
    loc->limit = cpu_ranges[found_dev].size - loc->dev_offset;
    return 0;
}

/* `device` + `offset` (node @p vo or NULL) into @p loc; 0 or a code. */
static int loc_on_device(struct scn_ld *ld, struct pcdsim_scn_loc *loc, const struct scn_node *vd,
                         const struct scn_node *vo)
{
    char q[QB];
    loc->kind = PCDSIM_LOC_DEVICE;
    int rc = check_device_fitted(ld, vd, loc->device);
    if (rc != 0) {
        return rc;
    }
    uint32_t size = device_size(ld, loc->device);
    if (loc->offset >= size) {
        scn_fail(ld, PCDSIM_E_SCHEMA, vo ? vo : vd, "offset %s is past the end of %s (0x%" PRIx32 " bytes)",
                 vo ? scn_quote(vo->text, q, sizeof(q)) : "'0'", pcdsim_scn_device_name(loc->device), size);
        scn_hint(ld, "offsets in %s go from 0 to 0x%" PRIx32, pcdsim_scn_device_name(loc->device), size ? size - 1 : 0);
        return PCDSIM_E_SCHEMA;
    }
    loc->dev_offset = loc->offset;
    loc->limit = size - loc->offset;
    return 0;
}

/* @p length bytes (@p length_what, written at @p length_at) fit from @p loc? 0 or a code. */
static int loc_fits(struct scn_ld *ld, const struct pcdsim_scn_loc *loc, uint64_t length,
                    const struct scn_node *length_at, const char *length_what)
{
    if (length <= loc->limit) {
        return 0;
    }
    const char *where = loc->kind == PCDSIM_LOC_PARTITION ? loc->partition : pcdsim_scn_device_name(loc->device);
    scn_fail(ld, PCDSIM_E_SCHEMA, length_at, "%s (%" PRIu64 " bytes) does not fit: %s has 0x%" PRIx32
             " bytes from there", length_what, length, where, loc->limit);
    scn_hint(ld, "the range 0x%" PRIx32 "..0x%" PRIx64 " of %s would run past its end (0x%" PRIx64 ")",
             loc->dev_offset, (uint64_t)loc->dev_offset + length - 1, pcdsim_scn_device_name(loc->device),
             (uint64_t)loc->dev_offset + loc->limit);
    return PCDSIM_E_SCHEMA;
}

/* Resolve the location keys recorded in @p fd (partition, address, device, offset) into @p loc,
 * whose raw fields the walk already filled; then check that @p length bytes fit from there. */
static int resolve_loc(struct scn_ld *ld, struct pcdsim_scn_loc *loc, const struct found *fd,
                       const struct field *tbl, size_t nt, const struct scn_node *map, unsigned flags,
                       uint64_t length, const struct scn_node *length_at, const char *length_what)
{
    const struct scn_node *kp = fkey(fd, tbl, nt, "partition"), *ka = fkey(fd, tbl, nt, "address");
    const struct scn_node *kd = fkey(fd, tbl, nt, "device"), *ko = fkey(fd, tbl, nt, "offset");
    const char *how = (flags & LOC_PARTITION) ? ((flags & LOC_DEVICE) ? "give 'partition' (+ 'offset'), 'address', or "
                                                                        "'device' + 'offset'"
                                                                      : "give 'partition' (+ 'offset') or 'address'")
                                              : "give 'address', or 'device' + 'offset'";
    if (kp != NULL && ka != NULL) {
        return exclusive(ld, kp, ka, how);
    }
    if (kp != NULL && kd != NULL) {
        return exclusive(ld, kp, kd, how);
    }
    if (ka != NULL && ko != NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, ko, "'offset' does not go with 'address' (line %u)", ka->line);
        scn_hint(ld, "an address is absolute; %s", how);
        return PCDSIM_E_SCHEMA;
    }
    if (kp == NULL && ka == NULL && kd == NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, map, "no location: %s", how);
        scn_hint(ld, "%s", how);
        return PCDSIM_E_SCHEMA;
    }
    const struct scn_node *loc_key = kp ? kp : (ka ? ka : kd);
    loc->pos = (struct pcdsim_scn_pos){loc_key->line, loc_key->column};
    const struct scn_node *vo = fval(fd, tbl, nt, "offset");
    const struct scn_node *vd = kd != NULL ? fval(fd, tbl, nt, "device") : NULL;
    int rc = kp != NULL   ? loc_in_partition(ld, loc, fval(fd, tbl, nt, "partition"), vo)
             : ka != NULL ? loc_at_address(ld, loc, fval(fd, tbl, nt, "address"), vd)
                          : loc_on_device(ld, loc, vd, vo);
    if (rc != 0) {
        return rc;
    }
    if ((flags & LOC_FLASH_ONLY) && !is_flash(loc->device, false)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, fval(fd, tbl, nt, loc_key->text), "this location is in %s, not in flash",
                 pcdsim_scn_device_name(loc->device));
        scn_hint(ld, "stuck bits exist in flash only: app_flash, net_flash or qspi");
        return PCDSIM_E_SCHEMA;
    }
    return loc_fits(ld, loc, length, length_at, length_what);
}

/* ============================================================================================ */
/* Enum tables                                                                                  */

static const char *const profile_names[] = {"reference", "ncs"};
static const struct enum_def profile_def = {"profile", profile_names, COUNT(profile_names), 0};
static const char *const request_names[] = {"none", "test", "permanent"};
static const struct enum_def request_def = {"request", request_names, COUNT(request_names), 0};
static const char *const confirm_names[] = {"net_up", "never"};
static const struct enum_def confirm_def = {"confirm policy", confirm_names, COUNT(confirm_names), 0};
static const char *const slot_state_names[] = {"pending", "done", "rejected", "empty"};
static const struct enum_def slot_state_def = {"slot state", slot_state_names, COUNT(slot_state_names), 0};
static const char *const tear_names[] = {"none", "prefix", "somebits", "mostbits", "garbage"};
static const struct enum_def tear_def = {"tear mode", tear_names, COUNT(tear_names), 0};
static const char *const op_kind_names[] = {"program", "erase"};
static const struct enum_def op_kind_def = {"operation kind", op_kind_names, COUNT(op_kind_names), 1};
static const char *const net_mode_names[] = {"silent", "crash"};
static const struct enum_def net_mode_def = {"net_core mode", net_mode_names, COUNT(net_mode_names), 0};
static const struct enum_def device_def = {"device", fm_nrf5340_dev_names, FM_NRF_DEV_COUNT, 0};

_Static_assert(PCDSIM_OP_PROGRAM == 1 && PCDSIM_OP_ERASE == 2, "op_kind_def.first");

/* ============================================================================================ */
/* board                                                                                        */

/* Which built-ins a layout key takes. */
enum domain {
    DOM_APP,
    DOM_NET,
};
static const enum domain dom_app = DOM_APP, dom_net = DOM_NET;

static int h_layout_src(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_layout_src *src = (struct pcdsim_scn_layout_src *)(void *)((char *)obj + f->off);
    enum domain dom = *(const enum domain *)f->aux;
    int rc = need_text(ld, n, "a layout file path or builtin:NAME");
    if (rc != 0) {
        return rc;
    }
    src->pos = (struct pcdsim_scn_pos){n->line, n->column};
    if (strncmp(n->text, "builtin:", 8) != 0) {
        src->builtin = PCDSIM_BUILTIN_NONE;
        return load_file(ld, n, &src->file);
    }
    static const char *const all[] = {"builtin:nrf5340dk-internal", "builtin:nrf5340dk-extflash", "builtin:ncs"};
    static const enum pcdsim_scn_builtin ids[] = {PCDSIM_BUILTIN_NRF5340DK_INTERNAL, PCDSIM_BUILTIN_NRF5340DK_EXTFLASH,
                                                  PCDSIM_BUILTIN_NCS};
    const char *const *mine = dom == DOM_APP ? all : all + 2;
    size_t nmine = dom == DOM_APP ? 2 : 1;
    char q[QB], list[160];
    scn_join(mine, nmine, list, sizeof(list));
    int i = lookup(n->text, all, COUNT(all));
    if (i < 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "unknown built-in layout %s", scn_quote(n->text, q, sizeof(q)));
        const char *dym = scn_did_you_mean(n->text, mine, nmine);
        scn_hint(ld, "%s%s%s'%s' takes %s, or a file path", dym ? "did you mean '" : "", dym ? dym : "",
                 dym ? "'? " : "", f->key, list);
        return PCDSIM_E_SCHEMA;
    }
    if ((dom == DOM_APP) != (ids[i] != PCDSIM_BUILTIN_NCS)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is a %s layout, not one for '%s'", scn_quote(n->text, q, sizeof(q)),
                 dom == DOM_APP ? "network-domain" : "application-domain", f->key);
        scn_hint(ld, "'%s' takes %s, or a file path", f->key, list);
        return PCDSIM_E_SCHEMA;
    }
    src->builtin = ids[i];
    return 0;
}

struct ram_flash_raw {
    uint32_t address;
    uint32_t size;
};

static int h_ram_flash(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    static const struct field fields[] = {
        {"address", h_u32, OFF(struct ram_flash_raw, address), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
        {"size", h_u32, OFF(struct ram_flash_raw, size), NOFF, NOFF, 1, UINT32_MAX, NULL, true},
    };
    struct pcdsim_scn_board *b = obj;
    (void)f;
    struct ram_flash_raw raw = {0, 0};
    struct found fd;
    int rc = walk_map(ld, n, fields, COUNT(fields), &raw, &fd);
    if (rc != 0) {
        return rc;
    }
    char q[QB];
    const struct scn_node *va = fd.val[0], *vs = fd.val[1];
    const uint32_t sb = FM_NRF_APP_SRAM_BASE, se = FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE;
    if (raw.address < sb || raw.address >= se) {
        scn_push(ld, "address", 0, va);
        scn_fail(ld, PCDSIM_E_SCHEMA, va, "impossible address %s: the RAM flash simulator lives in app SRAM",
                 scn_quote(va->text, q, sizeof(q)));
        scn_hint(ld, "app SRAM is 0x20000000..0x2007ffff (512 KiB); the default window is 0x20010000, size 0x40000");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    if (raw.address % 0x1000 != 0) {
        scn_push(ld, "address", 0, va);
        scn_fail(ld, PCDSIM_E_SCHEMA, va, "address %s is not 4 KiB-aligned", scn_quote(va->text, q, sizeof(q)));
        scn_hint(ld, "the flash simulator has 4 KiB sectors: use a multiple of 0x1000");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    if (raw.size % 0x1000 != 0 || (uint64_t)raw.address + raw.size > se) {
        scn_push(ld, "size", 0, vs);
        if (raw.size % 0x1000 != 0) {
            scn_fail(ld, PCDSIM_E_SCHEMA, vs, "size %s is not a multiple of 4 KiB", scn_quote(vs->text, q, sizeof(q)));
            scn_hint(ld, "the flash simulator has 4 KiB sectors: use a multiple of 0x1000");
        } else {
            scn_fail(ld, PCDSIM_E_SCHEMA, vs, "size %s runs past the end of app SRAM (0x20080000)",
                     scn_quote(vs->text, q, sizeof(q)));
            scn_hint(ld, "at 0x%08" PRIx32 " at most 0x%" PRIx32 " bytes fit", raw.address, se - raw.address);
        }
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    b->ram_flash_address = raw.address;
    b->ram_flash_size = raw.size;
    return 0;
}

/* board.nand lists of block numbers (at most PCDSIM_SCN_NAND_MAX); f->aux: the offset of the count. */
static int h_nand_blocks(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    uint32_t *list = (uint32_t *)(void *)((char *)obj + f->off);
    unsigned *count = (unsigned *)(void *)((char *)obj + *(const long *)f->aux);
    if (n->type != SCN_SEQ) {
        return type_error(ld, n, "a sequence");
    }
    if (n->count > PCDSIM_SCN_NAND_MAX) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "more than %d blocks", PCDSIM_SCN_NAND_MAX);
        scn_hint(ld, "list at most %d block numbers", PCDSIM_SCN_NAND_MAX);
        return PCDSIM_E_SCHEMA;
    }
    for (size_t i = 0; i < n->count; i++) {
        uint64_t v;
        scn_push(ld, NULL, i, n->kids[i]);
        int rc = parse_uint(ld, n->kids[i], 0, FM_NAND_W25N01GV_BLOCKS - 1u, &v);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
        list[i] = (uint32_t)v;
    }
    *count = (unsigned)n->count;
    return 0;
}

struct nand_bit_error_raw {
    uint32_t offset;
    uint8_t bits;
    char slot[PCDSIM_LAYOUT_NAME_MAX];
};

static int h_nand_bit_errors(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    static const struct field fields[] = {
        {"offset", h_u32, OFF(struct nand_bit_error_raw, offset), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
        {"bits", h_u8, OFF(struct nand_bit_error_raw, bits), NOFF, NOFF, 1, 200, NULL, true},
        {"slot", h_name, OFF(struct nand_bit_error_raw, slot), NOFF, NOFF, 0, 0, NULL, false},
    };
    struct pcdsim_scn_nand *nd = obj;
    (void)f;
    if (n->type != SCN_SEQ) {
        return type_error(ld, n, "a sequence");
    }
    if (n->count > PCDSIM_SCN_NAND_MAX) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "more than %d bit-error places", PCDSIM_SCN_NAND_MAX);
        scn_hint(ld, "list at most %d {offset, bits} entries", PCDSIM_SCN_NAND_MAX);
        return PCDSIM_E_SCHEMA;
    }
    for (size_t i = 0; i < n->count; i++) {
        struct nand_bit_error_raw raw = {0, 0, ""};
        struct found fd;
        scn_push(ld, NULL, i, n->kids[i]);
        int rc = walk_map(ld, n->kids[i], fields, COUNT(fields), &raw, &fd);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
        nd->bit_error_offset[i] = raw.offset;
        nd->bit_error_bits[i] = raw.bits;
        memcpy(nd->bit_error_slot[i], raw.slot, sizeof(raw.slot));
        nd->bit_error_pos[i] = (struct pcdsim_scn_pos){n->kids[i]->line, n->kids[i]->column};
    }
    nd->n_bit_errors = (unsigned)n->count;
    return 0;
}

static const long n_factory_off = OFF(struct pcdsim_scn_nand, n_factory_bad);
static const long n_grown_off = OFF(struct pcdsim_scn_nand, n_grown_bad);

static int h_nand(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    static const struct field fields[] = {
        {"blocks", h_u32, OFF(struct pcdsim_scn_nand, blocks), NOFF, NOFF, 1, FM_NAND_W25N01GV_BLOCKS, NULL, true},
        {"spare_blocks", h_u32, OFF(struct pcdsim_scn_nand, spare_blocks), NOFF, NOFF, 1, 16, NULL, false},
        {"factory_bad", h_nand_blocks, OFF(struct pcdsim_scn_nand, factory_bad), NOFF, NOFF, 0, 0, &n_factory_off, false},
        {"grown_bad", h_nand_blocks, OFF(struct pcdsim_scn_nand, grown_bad), NOFF, NOFF, 0, 0, &n_grown_off, false},
        {"bit_errors", h_nand_bit_errors, NOFF, NOFF, NOFF, 0, 0, NULL, false},
        {"fail_ppm", h_u32, OFF(struct pcdsim_scn_nand, fail_ppm), NOFF, NOFF, 0, 1000000, NULL, false},
    };
    struct pcdsim_scn_nand *nd = &((struct pcdsim_scn_board *)obj)->nand;
    (void)f;
    nd->spare_blocks = 2;
    struct found fd;
    int rc = walk_map(ld, n, fields, COUNT(fields), nd, &fd);
    for (unsigned i = 0; rc == 0 && i < nd->n_factory_bad + nd->n_grown_bad; i++) {
        const bool fb = i < nd->n_factory_bad;
        const uint32_t b = fb ? nd->factory_bad[i] : nd->grown_bad[i - nd->n_factory_bad];
        if (b >= nd->blocks) {
            const struct scn_node *at = fval(&fd, fields, COUNT(fields), fb ? "factory_bad" : "grown_bad");
            rc = scn_fail(ld, PCDSIM_E_SCHEMA, at, "block %" PRIu32 " is past the NAND's %" PRIu32 " blocks", b,
                          nd->blocks);
            scn_hint(ld, "blocks are numbered 0..%" PRIu32, nd->blocks - 1u);
        }
    }
    nd->present = rc == 0;
    return rc;
}

/* `board.provision: {counter: N, slots: N, counter_update: BOOL}`: NSIB's version counter in the
 * network core's provision data (docs/SCENARIOS.md, docs/SPEC.md 7.4). */
static int h_provision(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    static const struct field fields[] = {
        {"counter", h_u32, OFF(struct pcdsim_scn_provision, counter), NOFF, NOFF, 0, 0x7FFF, NULL, true},
        {"slots", h_u32, OFF(struct pcdsim_scn_provision, slots), NOFF, NOFF, 1, PCDSIM_SCN_COUNTER_SLOTS_MAX, NULL,
         false},
        {"counter_update", h_bool, OFF(struct pcdsim_scn_provision, counter_update), NOFF, NOFF, 0, 0, NULL, false},
    };
    struct pcdsim_scn_provision *p = &((struct pcdsim_scn_board *)obj)->provision;
    (void)f;
    p->present = false, p->counter = 0, p->slots = 16, p->counter_update = false; /* p->pos: set by walk_map */
    int rc = walk_map(ld, n, fields, COUNT(fields), p, NULL);
    p->present = rc == 0;
    return rc;
}

static const struct field board_fields[] = {
    {"qspi", h_bool, OFF(struct pcdsim_scn_board, qspi), NOFF, NOFF, 0, 0, NULL, false},
    {"ram_flash", h_ram_flash, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"nand", h_nand, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"provision", h_provision, NOFF, NOFF, OFF(struct pcdsim_scn_board, provision.pos), 0, 0, NULL, false},
    {"layout", h_layout_src, OFF(struct pcdsim_scn_board, layout), NOFF, NOFF, 0, 0, &dom_app, true},
    {"net_layout", h_layout_src, OFF(struct pcdsim_scn_board, net_layout), NOFF, NOFF, 0, 0, &dom_net, false},
};

/* A layout loader's diagnostic stays as it is (its file, line, column); the context says which
 * scenario key named the layout. */
static int layout_passthrough(struct scn_ld *ld, int rc, const char *key, const struct pcdsim_scn_pos *pos)
{
    char ctx[2 * PCDSIM_DIAG_TEXT + 128];
    struct pcdsim_diag *d = ld->diag;
    if (d->err == 0) { // the layout code returned without a diagnostic: make one
        pcdsim_diag_set(d, rc, ld->file, pos->line, pos->column, "cannot use the layout named by '%s'", key);
    }
    if (d->context[0] != '\0') {
        snprintf(ctx, sizeof(ctx), "%s; layout named by 'board.%s' at %s:%u:%u", d->context, key, ld->file, pos->line,
                 pos->column);
    } else {
        snprintf(ctx, sizeof(ctx), "in the layout named by 'board.%s' at %s:%u:%u", key, ld->file, pos->line,
                 pos->column);
    }
    // Cut to the diagnostic's size (the layout's own context comes first and matters most).
    memcpy(d->context, ctx, sizeof(d->context) - 1);
    d->context[sizeof(d->context) - 1] = '\0';
    return rc;
}

/* Every partition of the application layout must lie inside its device: the check every command
 * makes (pcdsim_layout_check_devices()), with this board's memories. */
static int check_layout_bounds(struct scn_ld *ld, const struct scn_node *qspi_val)
{
    struct pcdsim_scn_board *b = &ld->scn->board;
    const struct pcdsim_layout *l = &b->app;
    for (size_t i = 0; i < l->count && !b->qspi; i++) {
        const struct pcdsim_partition *p = &l->partitions[i];
        if (p->region == PCDSIM_REGION_EXTERNAL_FLASH && p->size > 0 &&
            !(p->has_device && pcdsim_layout_device_is_nand(p->device))) {
            scn_fail(ld, PCDSIM_E_LAYOUT, qspi_val,
                     "the board has no QSPI flash (qspi: false), but partition '%s' of the layout is in external "
                     "flash", p->name);
            scn_hint(ld, "set qspi: true, or use a layout without external_flash partitions (e.g. "
                         "builtin:nrf5340dk-internal)");
            return PCDSIM_E_LAYOUT;
        }
    }
    const struct pcdsim_layout_devices dev = {true, FM_NRF_QSPI_SIZE, true, b->ram_flash_size};
    pcdsim_diag_clear(ld->diag);
    if (pcdsim_layout_check_devices(l, &dev, ld->diag) != 0) {
        return layout_passthrough(ld, PCDSIM_E_LAYOUT, "layout", &b->layout.pos);
    }
    return 0;
}

static int h_board(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_board *b = &((struct pcdsim_scenario *)obj)->board;
    (void)f;
    struct found fd;
    int rc = walk_map(ld, n, board_fields, COUNT(board_fields), b, &fd);
    if (rc != 0) {
        return rc;
    }
    // The application layout: a built-in text or a file, loaded by pcdsim_layout.
    pcdsim_diag_clear(ld->diag);
    if (b->layout.builtin != PCDSIM_BUILTIN_NONE) {
        size_t len;
        char name[64];
        const char *text = pcdsim_scn_builtin_layout_text(b->layout.builtin, &len);
        snprintf(name, sizeof(name), "builtin:%s", pcdsim_scn_builtin_name(b->layout.builtin));
        rc = pcdsim_layout_load_string(name, text, len, &b->app, ld->diag);
    } else {
        rc = pcdsim_layout_load(b->layout.file.path, &b->app, ld->diag);
    }
    if (rc != 0) {
        return layout_passthrough(ld, rc, "layout", &b->layout.pos);
    }
    rc = check_layout_bounds(ld, fval(&fd, board_fields, COUNT(board_fields), "qspi"));
    if (rc != 0) {
        return rc;
    }
    pcdsim_diag_clear(ld->diag);
    rc = pcdsim_update_layout_get(&b->app, &b->update, ld->diag);
    if (rc != 0) {
        return layout_passthrough(ld, rc, "layout", &b->layout.pos);
    }
    if (b->net_layout.builtin == PCDSIM_BUILTIN_NONE) {
        rc = pcdsim_layout_load(b->net_layout.file.path, &b->net, ld->diag);
        if (rc == 0) {
            rc = pcdsim_update_layout_set_net(&b->update, &b->net, ld->diag);
        }
        if (rc != 0) {
            return layout_passthrough(ld, rc, "net_layout", &b->net_layout.pos);
        }
    }
    // MCUboot's RAM flash simulator must not cover the PCD command block.
    uint64_t ra = b->ram_flash_address, re = ra + b->ram_flash_size;
    uint64_t pa = b->update.pcd_sram_address, pe = pa + b->update.pcd_sram_size;
    if (ra < pe && pa < re) {
        const struct scn_node *at = fval(&fd, board_fields, COUNT(board_fields), "ram_flash");
        if (at != NULL) {
            scn_push(ld, "ram_flash", 0, at);
        }
        scn_fail(ld, PCDSIM_E_LAYOUT, at ? at : n,
                 "the RAM flash window 0x%08" PRIx64 "..0x%08" PRIx64 " overlaps pcd_sram 0x%08" PRIx64
                 "..0x%08" PRIx64,
                 ra, re, pa, pe);
        scn_hint(ld, "move ram_flash (default address 0x20010000) above the PCD command block");
        if (at != NULL) {
            scn_pop(ld);
        }
        return PCDSIM_E_LAYOUT;
    }
    pcdsim_diag_clear(ld->diag);
    return 0;
}

/* ============================================================================================ */
/* contents                                                                                     */

static const struct field candidate_fields[] = {
    {"file", h_file, OFF(struct pcdsim_scn_candidate, file), NOFF, NOFF, 0, 0, NULL, true},
    {"slot", h_name, OFF(struct pcdsim_scn_candidate, slot), NOFF, NOFF, 0, 0, NULL, false},
    {"request", h_enum, OFF(struct pcdsim_scn_candidate, request), NOFF, NOFF, 0, 0, &request_def, false},
    {"image", h_u32, OFF(struct pcdsim_scn_candidate, image), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
};

/* MCUboot's image index of a secondary slot: N for mcuboot_secondary_N, else 0 (on a single-pair
 * layout the network-core update goes through image 0's mcuboot_secondary). */
static uint32_t slot_image_index(const char *slot)
{
    const char *u = strrchr(slot, '_');
    if (strncmp(slot, "mcuboot_secondary_", 18) != 0 || u == NULL || u[1] < '0' || u[1] > '9') {
        return 0;
    }
    return (uint32_t)strtoul(u + 1, NULL, 10);
}

/* `image:` written must name the slot's image; without it the slot gives it. */
static int check_image_index(struct scn_ld *ld, struct pcdsim_scn_candidate *c, const struct scn_node *vi)
{
    const uint32_t of_slot = slot_image_index(c->slot);
    if (vi != NULL && c->image != of_slot) {
        scn_push(ld, "image", 0, vi);
        scn_fail(ld, PCDSIM_E_SCHEMA, vi, "image %" PRIu32 " does not go into slot '%s' (image %" PRIu32 ")", c->image,
                 c->slot, of_slot);
        scn_hint(ld, "image 0 (application) goes into mcuboot_secondary, image 1 (network core) into "
                     "mcuboot_secondary_1");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    c->image = of_slot;
    return 0;
}

/* `{file, slot, request}` (contents.candidate, step write_candidate); obj + off is the candidate. */
/* A secondary slot in the SPI NAND: whole blocks inside the board's NAND, more of them than the
 * spare blocks it keeps; *size: the bytes the slot offers (its blocks less the spares). */
static int nand_slot_size(struct scn_ld *ld, const struct scn_node *at, const struct pcdsim_partition *p,
                          uint32_t *size)
{
    const struct pcdsim_scn_nand *nd = &ld->scn->board.nand;
    if (!nd->present) {
        scn_fail(ld, PCDSIM_E_SCHEMA, at, "slot '%s' is in the SPI NAND (device '%s'), but the board has no NAND",
                 p->name, p->device);
        scn_hint(ld, "add board.nand: {blocks: N} (W25N01GV: 1024 blocks of 128 KiB)");
        return PCDSIM_E_SCHEMA;
    }
    if (pcdsim_scn_nand_slot_offer(nd, p->address, p->size, size) != 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, at,
                 "slot '%s' (0x%" PRIx32 ", size 0x%" PRIx32 ") is not a run of whole NAND blocks inside the "
                 "board's %" PRIu32 " blocks with more than %" PRIu32 " of them",
                 p->name, p->address, p->size, nd->blocks, nd->spare_blocks);
        scn_hint(ld, "NAND blocks are 128 KiB (0x20000); a NAND slot has at most 64 blocks, %" PRIu32
                     " of which are kept as spares (board.nand.spare_blocks)", nd->spare_blocks);
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

int pcdsim_scn_nand_slot_offer(const struct pcdsim_scn_nand *nd, uint32_t address, uint32_t size, uint32_t *offer)
{
    if (!nd->present || address % FM_NAND_BLOCK != 0u || size % FM_NAND_BLOCK != 0u ||
        size / FM_NAND_BLOCK <= nd->spare_blocks || size / FM_NAND_BLOCK > 64u ||
        (uint64_t)address + size > (uint64_t)nd->blocks * FM_NAND_BLOCK) {
        return PCDSIM_E_SCHEMA;
    }
    *offer = size - nd->spare_blocks * FM_NAND_BLOCK;
    return 0;
}

static int h_candidate(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_candidate *c = (struct pcdsim_scn_candidate *)(void *)((char *)obj + f->off);
    struct found fd;
    c->request = PCDSIM_REQUEST_TEST;
    snprintf(c->slot, sizeof(c->slot), "mcuboot_secondary");
    c->pos = (struct pcdsim_scn_pos){n->line, n->column};
    int rc = walk_map(ld, n, candidate_fields, COUNT(candidate_fields), c, &fd);
    if (rc != 0) {
        return rc;
    }
    const struct scn_node *vs = fval(&fd, candidate_fields, COUNT(candidate_fields), "slot");
    const struct scn_node *vf = fval(&fd, candidate_fields, COUNT(candidate_fields), "file");
    const struct scn_node *at = vs ? vs : n;
    rc = check_image_index(ld, c, fval(&fd, candidate_fields, COUNT(candidate_fields), "image"));
    if (rc != 0) {
        return rc;
    }
    if (c->file.size == 0) {
        char q[QB];
        scn_push(ld, "file", 0, vf);
        scn_fail(ld, PCDSIM_E_SCHEMA, vf, "%s is empty", scn_quote(vf->text, q, sizeof(q)));
        scn_hint(ld, "a candidate of 0 bytes is no image; name the signed update the build wrote");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    if (vs != NULL) {
        scn_push(ld, "slot", 0, vs);
    }
    const struct pcdsim_partition *p = find_partition(ld, at, c->slot);
    if (p == NULL) {
        if (vs == NULL) {
            scn_hint(ld, "'slot' defaults to mcuboot_secondary, which board.layout does not have; give 'slot:'");
        }
        return PCDSIM_E_SCHEMA;
    }
    rc = partition_device(ld, at, p, &c->device, &c->dev_offset);
    uint32_t slot_size = p->size;
    if (rc == 0 && c->device == FM_NRF_NAND) {
        rc = nand_slot_size(ld, at, p, &slot_size);
    }
    if (rc == 0 && c->device != FM_NRF_APP_FLASH && c->device != FM_NRF_QSPI && c->device != FM_NRF_NAND) {
        scn_fail(ld, PCDSIM_E_SCHEMA, at, "slot '%s' is in %s, not in flash", p->name, pcdsim_region_str(p->region));
        scn_hint(ld, "a candidate goes into a secondary slot in internal or QSPI flash (e.g. mcuboot_secondary)");
        rc = PCDSIM_E_SCHEMA;
    }
    if (vs != NULL) {
        scn_pop(ld);
    }
    if (rc != 0) {
        return rc;
    }
    c->slot_size = slot_size;
    if (c->file.size > slot_size) {
        char q[QB];
        scn_push(ld, "file", 0, vf);
        scn_fail(ld, PCDSIM_E_SCHEMA, vf, "%s (%" PRIu64 " bytes) does not fit in slot '%s' (0x%" PRIx32 " bytes)",
                 scn_quote(vf->text, q, sizeof(q)), c->file.size, p->name, p->size);
        scn_hint(ld, "an image larger than its slot cannot be written; choose a larger slot or a smaller image");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

static const struct field extra_fields[] = {
    {"partition", h_name, OFF(struct pcdsim_scn_extra, at.partition), NOFF, NOFF, 0, 0, NULL, false},
    {"address", h_u32, OFF(struct pcdsim_scn_extra, at.address), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"device", h_enum, OFF(struct pcdsim_scn_extra, at.device), NOFF, NOFF, 0, 0, &device_def, false},
    {"offset", h_u32, OFF(struct pcdsim_scn_extra, at.offset), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"file", h_file, OFF(struct pcdsim_scn_extra, file), NOFF, NOFF, 0, 0, NULL, true},
};

static int extra_item(struct scn_ld *ld, const struct scn_node *item, void *items, size_t i)
{
    struct pcdsim_scn_extra *e = &((struct pcdsim_scn_extra *)items)[i];
    struct found fd;
    e->pos = (struct pcdsim_scn_pos){item->line, item->column};
    int rc = walk_map(ld, item, extra_fields, COUNT(extra_fields), e, &fd);
    if (rc != 0) {
        return rc;
    }
    const struct scn_node *vf = fval(&fd, extra_fields, COUNT(extra_fields), "file");
    if (e->file.size == 0) {
        char q[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, vf, "%s is empty", scn_quote(vf->text, q, sizeof(q)));
        scn_hint(ld, "a load of 0 bytes does nothing; remove the entry or name the right file");
        return PCDSIM_E_SCHEMA;
    }
    rc = resolve_loc(ld, &e->at, &fd, extra_fields, COUNT(extra_fields), item, LOC_PARTITION | LOC_DEVICE,
                     e->file.size, vf, vf->text);
    if (rc == 0 && fkey(&fd, extra_fields, COUNT(extra_fields), "device") != NULL) {
        rc = check_device_fitted(ld, fval(&fd, extra_fields, COUNT(extra_fields), "device"), e->at.device);
    }
    return rc;
}

static int h_extra(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_contents *c = obj;
    (void)f;
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(*c->extra), &items, &c->extra_count, NULL, NULL, extra_item);
    c->extra = items;
    return rc;
}

static int h_contents_candidate(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_contents *c = obj;
    int rc = h_candidate(ld, n, obj, f);
    if (rc == 0) {
        c->has_candidate = true;
    }
    return rc;
}

static int candidates_item(struct scn_ld *ld, const struct scn_node *item, void *items, size_t i)
{
    static const struct field f = {"candidates", h_candidate, 0, NOFF, NOFF, 0, 0, NULL, false};
    struct pcdsim_scn_candidate *c = &((struct pcdsim_scn_candidate *)items)[i];
    int rc = h_candidate(ld, item, c, &f);
    if (rc == 0 && c->image > 1u) {
        scn_fail_pos(ld, PCDSIM_E_SCHEMA, c->pos.line, c->pos.column,
                     "unknown image index %" PRIu32 " (slot '%s'): a batch has image 0 (application) and 1 "
                     "(network core)", c->image, c->slot);
        scn_hint(ld, "put the application into mcuboot_secondary and the network-core image into mcuboot_secondary_1");
        return PCDSIM_E_SCHEMA;
    }
    for (size_t k = 0; rc == 0 && k < i; k++) {
        const struct pcdsim_scn_candidate *o = &((struct pcdsim_scn_candidate *)items)[k];
        if (o->image == c->image) {
            scn_fail_pos(ld, PCDSIM_E_SCHEMA, c->pos.line, c->pos.column,
                         "two candidates in slot '%s' (image %" PRIu32 "; the first at line %u)", c->slot, c->image,
                         o->pos.line);
            scn_hint(ld, "a slot holds one image: one candidate per image of the batch");
            return PCDSIM_E_SCHEMA;
        }
    }
    return rc;
}

/* `candidates: [{file, slot, request, image}, ...]`: a batch (reference-behaviour §5, MI-*). */
static int h_candidates(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_contents *c = obj;
    void *items = NULL;
    (void)f;
    int rc = load_seq(ld, n, sizeof(*c->candidates), &items, &c->candidate_count, "candidates",
                      "list the batch's images, e.g. '- {file: app.bin, slot: mcuboot_secondary}'", candidates_item);
    c->candidates = items;
    if (rc == 0 && c->candidate_count > 2u) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n->kids[2], "more than two candidates: a batch has image 0 and image 1");
        scn_hint(ld, "one candidate per image of the batch");
        rc = PCDSIM_E_SCHEMA;
    }
    return rc;
}

static const struct field contents_fields[] = {
    {"app", h_file, OFF(struct pcdsim_scn_contents, app), NOFF, NOFF, 0, 0, NULL, false},
    {"net", h_file, OFF(struct pcdsim_scn_contents, net), NOFF, NOFF, 0, 0, NULL, false},
    {"candidate", h_contents_candidate, OFF(struct pcdsim_scn_contents, candidate), NOFF, NOFF, 0, 0, NULL, false},
    {"candidates", h_candidates, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"extra", h_extra, NOFF, NOFF, NOFF, 0, 0, NULL, false},
};

static int fits(struct scn_ld *ld, const struct scn_node *key_val, const char *key, const struct pcdsim_scn_file *file,
                uint32_t room, const char *where)
{
    if (file->path == NULL || file->size <= room) {
        return 0;
    }
    char q[QB];
    scn_push(ld, key, 0, key_val);
    scn_fail(ld, PCDSIM_E_SCHEMA, key_val, "%s (%" PRIu64 " bytes) does not fit in %s (0x%" PRIx32 " bytes)",
             scn_quote(key_val->text, q, sizeof(q)), file->size, where, room);
    scn_hint(ld, "a file larger than the place it is programmed into cannot be loaded");
    scn_pop(ld);
    return PCDSIM_E_SCHEMA;
}

/* One initial load, as a byte range of a device (RAM flash folded into app SRAM, where it lives). */
struct load_range {
    enum fm_nrf5340_dev dev;
    uint64_t start, end;
    const char *what; /* path as written */
    struct pcdsim_scn_pos pos;
    const char *key; /* trail key ("app", "candidate") or NULL for extra[index] */
    size_t index;
};

static struct load_range load_range(const struct scn_ld *ld, enum fm_nrf5340_dev dev, uint32_t off,
                                    const struct pcdsim_scn_file *file, const char *key, size_t index)
{
    struct load_range r = {dev, off, (uint64_t)off + file->size, file->written, file->pos, key, index};
    if (dev == FM_NRF_RAM_FLASH) {
        uint32_t base = ld->scn->board.ram_flash_address - FM_NRF_APP_SRAM_BASE;
        r.dev = FM_NRF_APP_SRAM;
        r.start += base;
        r.end += base;
    }
    return r;
}

/* Two initial loads into the same bytes would make the result depend on their order: refuse. */
static int check_overlaps(struct scn_ld *ld, const struct pcdsim_scn_contents *c)
{
    const struct pcdsim_update_layout *u = &ld->scn->board.update;
    struct load_range r[5 + 64];
    size_t n = 0;
    if (c->app.path != NULL) {
        r[n++] = load_range(ld, FM_NRF_APP_FLASH, u->primary.address - FM_NRF_APP_FLASH_BASE, &c->app, "app", 0);
    }
    if (c->net.path != NULL) {
        r[n++] = load_range(ld, FM_NRF_NET_FLASH, u->net_app_address - FM_NRF_NET_FLASH_BASE, &c->net, "net", 0);
    }
    if (c->has_candidate) {
        /* the whole slot: the runner erases it before writing the candidate (and its trailer) */
        r[n] = load_range(ld, c->candidate.device, c->candidate.dev_offset, &c->candidate.file, "candidate", 0);
        r[n].end = r[n].start + c->candidate.slot_size;
        n++;
    }
    for (size_t i = 0; i < c->candidate_count; i++) {
        r[n++] = load_range(ld, c->candidates[i].device, c->candidates[i].dev_offset, &c->candidates[i].file,
                            "candidates", 0);
    }
    for (size_t i = 0; i < c->extra_count; i++) {
        if (n == COUNT(r)) {
            scn_push(ld, "extra", 0, NULL);
            scn_push(ld, NULL, i, NULL);
            scn_fail_pos(ld, PCDSIM_E_SCHEMA, c->extra[i].pos.line, c->extra[i].pos.column,
                         "more than %zu extra loads", COUNT(r) - 5);
            scn_hint(ld, "merge neighbouring loads into one file");
            scn_pop(ld);
            scn_pop(ld);
            return PCDSIM_E_SCHEMA;
        }
        r[n++] = load_range(ld, c->extra[i].at.device, c->extra[i].at.dev_offset, &c->extra[i].file, NULL, i);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (r[i].dev != r[j].dev || r[i].start >= r[j].end || r[j].start >= r[i].end) {
                continue;
            }
            // Report at the one written later.
            bool j_later = r[j].pos.line > r[i].pos.line ||
                           (r[j].pos.line == r[i].pos.line && r[j].pos.column > r[i].pos.column);
            const struct load_range *a = j_later ? &r[i] : &r[j], *b = j_later ? &r[j] : &r[i];
            char qa[QB], qb[QB];
            scn_push(ld, b->key ? b->key : "extra", 0, NULL);
            if (b->key == NULL) {
                scn_push(ld, NULL, b->index, NULL);
            }
            scn_fail_pos(ld, PCDSIM_E_SCHEMA, b->pos.line, b->pos.column,
                         "%s (0x%" PRIx64 "..0x%" PRIx64 " of %s) overlaps %s (line %u), loaded at 0x%" PRIx64
                         "..0x%" PRIx64, scn_quote(b->what, qb, sizeof(qb)), b->start, b->end - 1,
                         pcdsim_scn_device_name(b->dev), scn_quote(a->what, qa, sizeof(qa)), a->pos.line, a->start,
                         a->end - 1);
            scn_hint(ld, "initial loads must not share bytes (the result would depend on their order); move one, "
                         "or use a 'corrupt' fault to change bytes of an image");
            if (b->key == NULL) {
                scn_pop(ld);
            }
            scn_pop(ld);
            return PCDSIM_E_SCHEMA;
        }
    }
    return 0;
}

static int h_contents(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_contents *c = &((struct pcdsim_scenario *)obj)->contents;
    const struct pcdsim_update_layout *u = &ld->scn->board.update;
    struct found fd;
    (void)f;
    int rc = walk_map(ld, n, contents_fields, COUNT(contents_fields), c, &fd);
    const struct scn_node *kb = fkey(&fd, contents_fields, COUNT(contents_fields), "candidates");
    if (rc == 0 && c->has_candidate && kb != NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, kb, "'candidate' and 'candidates' both given");
        scn_hint(ld, "a single update is 'candidate'; a batch (app + net) lists both images under 'candidates'");
        rc = PCDSIM_E_SCHEMA;
    }
    if (rc == 0 && kb != NULL && (!u->secondary_1.present || u->primary_1.medium != PCDSIM_SLOT_RAM_FLASH)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, kb, "a batch needs mcuboot_secondary_1 and mcuboot_primary_1 in ram_flash; "
                                          "board.layout has %s", u->secondary_1.present ? "mcuboot_primary_1 elsewhere"
                                                                                        : "a single image pair");
        scn_hint(ld, "use a simultaneous-update layout (NRF53_MULTI_IMAGE_UPDATE), e.g. "
                     "builtin:nrf5340dk-extflash, or give one update as 'candidate'");
        rc = PCDSIM_E_SCHEMA;
    }
    if (rc == 0) {
        rc = fits(ld, fval(&fd, contents_fields, COUNT(contents_fields), "app"), "app", &c->app, u->primary.size,
                  "mcuboot_primary");
    }
    if (rc == 0) {
        rc = fits(ld, fval(&fd, contents_fields, COUNT(contents_fields), "net"), "net", &c->net, u->net_app_size,
                  "the net-core app partition");
    }
    if (rc == 0) {
        rc = check_overlaps(ld, c);
    }
    return rc;
}

/* ============================================================================================ */
/* updater                                                                                      */

static const struct field updater_fields[] = {
    /* at most PCD_UPDATER_MAX_ATTEMPTS: more would be refused by the updater, never waited */
    {"retries", h_u32, OFF(struct pcdsim_scn_updater, retries), NOFF, NOFF, 1, 16, NULL, false},
    {"timeout_ms", h_u32, OFF(struct pcdsim_scn_updater, timeout_ms), NOFF, NOFF, 1, 86400000, NULL, false},
    {"poll_ms", h_u32, OFF(struct pcdsim_scn_updater, poll_ms), NOFF, NOFF, 1, 86400000, NULL, false},
    {"downgrade_prevention", h_bool, OFF(struct pcdsim_scn_updater, downgrade_prevention), NOFF, NOFF, 0, 0, NULL,
     false},
    {"rollback", h_bool, OFF(struct pcdsim_scn_updater, rollback), NOFF, NOFF, 0, 0, NULL, false},
    {"confirm", h_enum, OFF(struct pcdsim_scn_updater, confirm), NOFF, NOFF, 0, 0, &confirm_def, false},
};

static int h_updater(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_updater *u = &((struct pcdsim_scenario *)obj)->updater;
    struct found fd;
    (void)f;
    int rc = walk_map(ld, n, updater_fields, COUNT(updater_fields), u, &fd);
    if (rc == 0 && u->poll_ms > u->timeout_ms) {
        const struct scn_node *vp = fval(&fd, updater_fields, COUNT(updater_fields), "poll_ms");
        const struct scn_node *vt = fval(&fd, updater_fields, COUNT(updater_fields), "timeout_ms");
        const struct scn_node *at = vp ? vp : vt;
        char q[QB];
        scn_push(ld, at == vp ? "poll_ms" : "timeout_ms", 0, at);
        scn_fail(ld, PCDSIM_E_SCHEMA, at, "%s %s is longer than timeout_ms (%" PRIu32 ")", at == vp ? "poll_ms" : "the "
                 "default poll_ms", scn_quote(vp ? vp->text : "1000", q, sizeof(q)), u->timeout_ms);
        scn_hint(ld, "the status poll must run at least once per attempt: poll_ms <= timeout_ms");
        scn_pop(ld);
        return PCDSIM_E_SCHEMA;
    }
    return rc;
}

/* ============================================================================================ */
/* faults                                                                                       */

static int h_bytes(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_corrupt *c = &((struct pcdsim_scn_fault *)obj)->corrupt;
    (void)f;
    if (n->type != SCN_SEQ) {
        return type_error(ld, n, "a sequence");
    }
    if (n->count == 0 || n->count > PCDSIM_SCN_CORRUPT_BYTES_MAX) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "'bytes' has %zu entries", n->count);
        scn_hint(ld, "give 1 to %d byte values, e.g. [0x00, 0xff]", PCDSIM_SCN_CORRUPT_BYTES_MAX);
        return PCDSIM_E_SCHEMA;
    }
    for (size_t i = 0; i < n->count; i++) {
        uint64_t v;
        scn_push(ld, NULL, i, n->kids[i]);
        int rc = parse_uint(ld, n->kids[i], 0, 0xff, &v);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
        c->bytes[i] = (uint8_t)v;
    }
    c->has_bytes = true;
    c->length = (uint32_t)n->count;
    return 0;
}

static int h_attempts(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_stuck_bits *s = &((struct pcdsim_scn_fault *)obj)->stuck_bits;
    (void)f;
    if (n->type == SCN_SCALAR && strcmp(n->text, "forever") == 0) {
        s->forever = true;
        s->attempts = 0;
        return 0;
    }
    uint64_t v;
    int rc = parse_uint(ld, n, 1, 1000000, &v);
    if (rc != 0) {
        scn_hint(ld, "write 'forever' or a number of programs from 1 to 1000000");
        return rc;
    }
    s->forever = false;
    s->attempts = (uint32_t)v;
    return 0;
}

#define FT struct pcdsim_scn_fault
/* The trigger keys every triggered fault takes (net_core takes from_event instead). */
#define TRIGGER_FIELDS                                                                                              \
    {"at_op", h_u32, OFF(FT, trigger.op), NOFF, NOFF, 0, UINT32_MAX, NULL, false},                                  \
        {"at_time_ms", h_u32, OFF(FT, trigger.time_ms), NOFF, NOFF, 0, UINT32_MAX, NULL, false},                    \
        {"at_event", h_event, OFF(FT, trigger.event), NOFF, NOFF, 0, 0, NULL, false},                               \
        {"nth", h_u32, OFF(FT, trigger.nth), NOFF, NOFF, 1, UINT32_MAX, NULL, false},                               \
        {"page", h_u32, OFF(FT, trigger.page), NOFF, NOFF, 0,                                                       \
         FM_NRF_NET_FLASH_SIZE / FM_NRF_NET_FLASH_PAGE - 1, NULL, false},                                           \
        {"device", h_enum, OFF(FT, trigger.device), OFF(FT, trigger.has_device), NOFF, 0, 0, &device_def, false},   \
        {"kind", h_enum, OFF(FT, trigger.op_kind), NOFF, NOFF, 0, 0, &op_kind_def, false}

static const struct field power_loss_fields[] = {
    TRIGGER_FIELDS,
    {"tear", h_enum, OFF(FT, power_loss.tear), NOFF, NOFF, 0, 0, &tear_def, false},
    {"after", h_bool, OFF(FT, power_loss.after), NOFF, NOFF, 0, 0, NULL, false},
};

static const struct field corrupt_fields[] = {
    TRIGGER_FIELDS,
    {"partition", h_name, OFF(FT, corrupt.at.partition), NOFF, NOFF, 0, 0, NULL, false},
    {"address", h_u32, OFF(FT, corrupt.at.address), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"offset", h_u32, OFF(FT, corrupt.at.offset), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"xor", h_u8, OFF(FT, corrupt.xor_mask), NOFF, NOFF, 1, 0xff, NULL, false},
    {"bytes", h_bytes, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"length", h_u32, OFF(FT, corrupt.length), NOFF, NOFF, 1, UINT32_MAX, NULL, false},
};

static const struct field stuck_bits_fields[] = {
    {"device", h_enum, OFF(FT, stuck_bits.at.device), NOFF, NOFF, 0, 0, &device_def, false},
    {"address", h_u32, OFF(FT, stuck_bits.at.address), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"offset", h_u32, OFF(FT, stuck_bits.at.offset), NOFF, NOFF, 0, UINT32_MAX, NULL, false},
    {"length", h_u32, OFF(FT, stuck_bits.length), NOFF, NOFF, 1, UINT32_MAX, NULL, true},
    {"mask", h_u8, OFF(FT, stuck_bits.mask), NOFF, NOFF, 1, 0xff, NULL, false},
    {"attempts", h_attempts, NOFF, NOFF, NOFF, 0, 0, NULL, false},
};

static const struct field net_core_fields[] = {
    {"mode", h_enum, OFF(FT, net_core.mode), NOFF, NOFF, 0, 0, &net_mode_def, true},
    {"from_event", h_event, OFF(FT, trigger.event), NOFF, NOFF, 0, 0, NULL, false},
    {"nth", h_u32, OFF(FT, trigger.nth), NOFF, NOFF, 1, UINT32_MAX, NULL, false},
    {"page", h_u32, OFF(FT, trigger.page), NOFF, NOFF, 0, FM_NRF_NET_FLASH_SIZE / FM_NRF_NET_FLASH_PAGE - 1, NULL,
     false},
};

static const struct field app_writes_pcd_fields[] = {
    TRIGGER_FIELDS,
    {"magic", h_u32, OFF(FT, app_writes_pcd.magic), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
    {"src", h_u32, OFF(FT, app_writes_pcd.src), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
    {"len", h_u32, OFF(FT, app_writes_pcd.len), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
    {"dst", h_u32, OFF(FT, app_writes_pcd.dst), NOFF, NOFF, 0, UINT32_MAX, NULL, true},
};

static const struct field warm_reset_fields[] = {
    TRIGGER_FIELDS,
};

struct fault_def {
    const char *name;
    enum pcdsim_scn_fault_kind kind;
    const struct field *fields;
    size_t count;
};

static const struct fault_def fault_defs[] = {
    {"power_loss", PCDSIM_FAULT_POWER_LOSS, power_loss_fields, COUNT(power_loss_fields)},
    {"corrupt", PCDSIM_FAULT_CORRUPT, corrupt_fields, COUNT(corrupt_fields)},
    {"stuck_bits", PCDSIM_FAULT_STUCK_BITS, stuck_bits_fields, COUNT(stuck_bits_fields)},
    {"net_core", PCDSIM_FAULT_NET_CORE, net_core_fields, COUNT(net_core_fields)},
    {"app_writes_pcd", PCDSIM_FAULT_APP_WRITES_PCD, app_writes_pcd_fields, COUNT(app_writes_pcd_fields)},
    {"warm_reset", PCDSIM_FAULT_WARM_RESET, warm_reset_fields, COUNT(warm_reset_fields)},
};
static const char *const fault_names[] = {"power_loss", "corrupt", "stuck_bits", "net_core", "app_writes_pcd",
                                          "warm_reset"};

/* One trigger, and only the keys that go with it. */
static int check_trigger(struct scn_ld *ld, struct pcdsim_scn_fault *ft, const struct fault_def *def,
                         const struct found *fd, const struct scn_node *kind_key)
{
    const struct field *t = def->fields;
    size_t nt = def->count;
    bool net = def->kind == PCDSIM_FAULT_NET_CORE;
    const struct scn_node *k_op = fkey(fd, t, nt, "at_op"), *k_time = fkey(fd, t, nt, "at_time_ms");
    const struct scn_node *k_ev = fkey(fd, t, nt, net ? "from_event" : "at_event");
    const struct scn_node *k_nth = fkey(fd, t, nt, "nth"), *k_page = fkey(fd, t, nt, "page");
    const struct scn_node *k_dev = fkey(fd, t, nt, "device"), *k_kind = fkey(fd, t, nt, "kind");
    const struct scn_node *trig[3] = {k_op, k_time, k_ev};
    const struct scn_node *first = NULL, *second = NULL;
    for (int i = 0; i < 3; i++) {
        if (trig[i] == NULL) {
            continue;
        }
        if (first == NULL) {
            first = trig[i];
        } else if (second == NULL) {
            second = trig[i];
        }
    }
    if (first == NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, kind_key, "fault '%s' has no trigger", def->name);
        if (net) {
            scn_hint(ld, "add 'from_event: NAME' (the net core misbehaves from that event on)");
        } else {
            scn_hint(ld, "add one of 'at_op: N', 'at_time_ms: T' or 'at_event: NAME'");
        }
        return PCDSIM_E_SCHEMA;
    }
    if (second != NULL) {
        const struct scn_node *a = earlier(first, second), *b = later(first, second);
        scn_fail(ld, PCDSIM_E_SCHEMA, b, "fault '%s' has two triggers, '%s' (line %u) and '%s'", def->name, a->text,
                 a->line, b->text);
        scn_hint(ld, "a fault fires on exactly one trigger; keep one of at_op, at_time_ms, at_event (or add a second "
                     "fault)");
        return PCDSIM_E_SCHEMA;
    }
    ft->trigger.pos = (struct pcdsim_scn_pos){first->line, first->column};
    ft->trigger.kind = k_op ? PCDSIM_TRIG_OP : (k_time ? PCDSIM_TRIG_TIME : PCDSIM_TRIG_EVENT);
    if (k_nth != NULL && k_ev == NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, k_nth, "'nth' counts events, but this fault has no 'at_event'");
        scn_hint(ld, "'nth' goes with 'at_event'; for operations write 'at_op: N' alone");
        return PCDSIM_E_SCHEMA;
    }
    if (k_page != NULL && k_ev == NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, k_page, "'page' filters page events, but this fault has no 'at_event'");
        scn_hint(ld, "'page' goes with 'at_event: b0n.erase_page'");
        return PCDSIM_E_SCHEMA;
    }
    if (k_page != NULL && !pcdsim_scn_event_is_page(ft->trigger.event)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, k_page, "'page' does not apply to event '%s'",
                 pcdsim_scn_event_name(ft->trigger.event));
        scn_hint(ld, "only page events take 'page': b0n.erase_page");
        return PCDSIM_E_SCHEMA;
    }
    ft->trigger.has_page = k_page != NULL;
    const struct scn_node *k_filter = k_dev ? k_dev : k_kind;
    if (k_filter != NULL && k_op == NULL) {
        scn_fail(ld, PCDSIM_E_SCHEMA, k_filter, "'%s' filters the operations counted by 'at_op', but this fault has "
                 "no 'at_op'", k_filter->text);
        scn_hint(ld, "remove '%s', or trigger with 'at_op: N'", k_filter->text);
        return PCDSIM_E_SCHEMA;
    }
    if (k_dev != NULL) {
        const struct scn_node *vd = fval(fd, t, nt, "device");
        if (!is_flash(ft->trigger.device, true) && ft->trigger.device != FM_NRF_NAND) {
            scn_push(ld, "device", 0, vd);
            scn_fail(ld, PCDSIM_E_SCHEMA, vd, "device '%s' has no flash operations",
                     pcdsim_scn_device_name(ft->trigger.device));
            scn_hint(ld, "operations happen on app_flash, net_flash, qspi, ram_flash and nand");
            scn_pop(ld);
            return PCDSIM_E_SCHEMA;
        }
        scn_push(ld, "device", 0, vd);
        int rc = check_device_fitted(ld, vd, ft->trigger.device);
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

static int check_fault(struct scn_ld *ld, struct pcdsim_scn_fault *ft, const struct fault_def *def,
                       const struct found *fd, const struct scn_node *kind_key, const struct scn_node *body)
{
    const struct field *t = def->fields;
    size_t nt = def->count;
    int rc = 0;
    if (def->kind != PCDSIM_FAULT_STUCK_BITS) {
        rc = check_trigger(ld, ft, def, fd, kind_key);
        if (rc != 0) {
            return rc;
        }
    }
    switch (def->kind) {
    case PCDSIM_FAULT_POWER_LOSS: {
        const struct scn_node *k_tear = fkey(fd, t, nt, "tear"), *k_after = fkey(fd, t, nt, "after");
        const struct scn_node *k_time = fkey(fd, t, nt, "at_time_ms");
        const struct scn_node *k_cut = k_tear ? k_tear : k_after;
        if (k_cut != NULL && k_time != NULL) {
            scn_fail(ld, PCDSIM_E_SCHEMA, k_cut, "'%s' needs an operation, but 'at_time_ms' (line %u) hits none",
                     k_cut->text, k_time->line);
            scn_hint(ld, "tear and after apply to 'at_op' or 'at_event'; a timed power loss cuts between operations");
            return PCDSIM_E_SCHEMA;
        }
        if (ft->power_loss.tear != PCDSIM_TEAR_NONE && ft->power_loss.after) {
            return exclusive(ld, k_tear, k_after,
                             "a torn operation is cut during it; 'after: true' cuts once it is complete: keep one");
        }
        if (ft->power_loss.tear == PCDSIM_TEAR_GARBAGE && ft->trigger.op_kind == PCDSIM_OP_PROGRAM) {
            const struct scn_node *vt = fval(fd, t, nt, "tear");
            scn_fail(ld, PCDSIM_E_SCHEMA, vt, "tear 'garbage' applies to erases, but 'kind' is program");
            scn_hint(ld, "torn programs are prefix, somebits or mostbits");
            return PCDSIM_E_SCHEMA;
        }
        return 0;
    }
    case PCDSIM_FAULT_CORRUPT: {
        const struct scn_node *k_xor = fkey(fd, t, nt, "xor"), *k_bytes = fkey(fd, t, nt, "bytes");
        const struct scn_node *k_len = fkey(fd, t, nt, "length");
        if (k_xor != NULL && k_bytes != NULL) {
            return exclusive(ld, k_xor, k_bytes, "'xor' flips bits of 'length' bytes; 'bytes' replaces them: keep one");
        }
        if (k_bytes != NULL && k_len != NULL) {
            return exclusive(ld, k_bytes, k_len, "with 'bytes' the length is the number of bytes given");
        }
        if (k_bytes == NULL && k_len == NULL) {
            ft->corrupt.length = 1;
        }
        const struct scn_node *len_at = k_bytes ? fval(fd, t, nt, "bytes") : (k_len ? fval(fd, t, nt, "length") : body);
        return resolve_loc(ld, &ft->corrupt.at, fd, t, nt, body, LOC_PARTITION, ft->corrupt.length, len_at,
                           "the corrupted range");
    }
    case PCDSIM_FAULT_STUCK_BITS:
        rc = resolve_loc(ld, &ft->stuck_bits.at, fd, t, nt, body, LOC_DEVICE | LOC_FLASH_ONLY, ft->stuck_bits.length,
                         fval(fd, t, nt, "length"), "the stuck range");
        if (rc == 0 && fkey(fd, t, nt, "device") != NULL) {
            rc = check_device_fitted(ld, fval(fd, t, nt, "device"), ft->stuck_bits.at.device);
        }
        return rc;
    case PCDSIM_FAULT_NET_CORE:
    case PCDSIM_FAULT_APP_WRITES_PCD:
    case PCDSIM_FAULT_WARM_RESET:
    default:
        return 0;
    }
}

static int load_fault(struct scn_ld *ld, const struct scn_node *item, struct pcdsim_scn_fault *ft)
{
    char q[QB], list[200];
    scn_join(fault_names, COUNT(fault_names), list, sizeof(list));
    if (item->type != SCN_MAP) {
        char d[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, item, "expected a fault (a mapping with one key, the fault kind), got %s",
                 scn_describe(item, d, sizeof(d)));
        if (item->type == SCN_SCALAR && lookup(item->text, fault_names, COUNT(fault_names)) >= 0) {
            scn_hint(ld, "write '- %s: {at_event: NAME}' (a fault needs its parameters)", item->text);
        } else {
            scn_hint(ld, "write e.g. '- power_loss: {at_op: 100}'; faults: %s", list);
        }
        return PCDSIM_E_SCHEMA;
    }
    if (scn_map_pairs(item) == 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, item, "empty fault");
        scn_hint(ld, "write e.g. '- power_loss: {at_op: 100}'; faults: %s", list);
        return PCDSIM_E_SCHEMA;
    }
    const struct scn_node *kind_key = item->kids[0], *body = item->kids[1];
    if (kind_key->type != SCN_SCALAR || scn_is_null(kind_key)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, kind_key, "a fault kind is missing");
        scn_hint(ld, "faults: %s", list);
        return PCDSIM_E_SCHEMA;
    }
    int k = lookup(kind_key->text, fault_names, COUNT(fault_names));
    if (k < 0) {
        return unknown_name(ld, kind_key, "fault", fault_names, COUNT(fault_names));
    }
    if (scn_map_pairs(item) > 1) {
        const struct scn_node *k2 = item->kids[2];
        scn_fail(ld, PCDSIM_E_SCHEMA, k2, "a fault has one key (its kind, here '%s'), but %s is a second one",
                 kind_key->text, scn_quote(k2->text, q, sizeof(q)));
        if (scn_is_null(body)) {
            scn_hint(ld, "check the indentation: the parameters of '%s' go under it, indented further", kind_key->text);
        } else {
            scn_hint(ld, "start each fault with its own '- '; parameters go inside '%s: {...}'", kind_key->text);
        }
        return PCDSIM_E_SCHEMA;
    }
    const struct fault_def *def = &fault_defs[k];
    ft->kind = def->kind;
    ft->line = kind_key->line;
    ft->column = kind_key->column;
    // Defaults (documented in docs/SCENARIOS.md).
    ft->trigger.nth = 1;
    ft->power_loss.tear = PCDSIM_TEAR_NONE;
    ft->corrupt.xor_mask = 0x01;
    ft->stuck_bits.mask = 0xff;
    ft->stuck_bits.forever = true;
    scn_push(ld, def->name, 0, body);
    struct found fd;
    int rc = walk_map(ld, body, def->fields, def->count, ft, &fd);
    if (rc == 0) {
        rc = check_fault(ld, ft, def, &fd, kind_key, body);
    }
    scn_pop(ld);
    return rc;
}

static int fault_item(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i)
{
    return load_fault(ld, it, &((struct pcdsim_scn_fault *)items)[i]);
}

static int h_faults(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(*s->faults), &items, &s->fault_count, NULL, NULL, fault_item);
    s->faults = items;
    return rc;
}

/* ============================================================================================ */
/* steps                                                                                        */

static const char *const step_names[] = {"power_on", "power_cycle", "warm_reset", "release_net",
                                         "run",      "run_ms",      "write_candidate"};
static const enum pcdsim_scn_step_kind bare_steps[] = {PCDSIM_STEP_POWER_ON, PCDSIM_STEP_POWER_CYCLE,
                                                       PCDSIM_STEP_WARM_RESET, PCDSIM_STEP_RELEASE_NET};
#define BARE_STEP_COUNT 4

static int load_step(struct scn_ld *ld, const struct scn_node *item, struct pcdsim_scn_step *st)
{
    char q[QB], list[200];
    scn_join(step_names, COUNT(step_names), list, sizeof(list));
    st->line = item->line;
    st->column = item->column;
    if (item->type == SCN_SEQ || scn_is_null(item)) {
        char d[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, item, "expected a step, got %s", scn_describe(item, d, sizeof(d)));
        scn_hint(ld, "steps: %s", list);
        return PCDSIM_E_SCHEMA;
    }
    if (item->type == SCN_SCALAR) {
        int k = lookup(item->text, step_names, COUNT(step_names));
        if (k < 0) {
            return unknown_name(ld, item, "step", step_names, COUNT(step_names));
        }
        if (k >= BARE_STEP_COUNT) {
            scn_fail(ld, PCDSIM_E_SCHEMA, item, "step %s needs a value", scn_quote(item->text, q, sizeof(q)));
            scn_hint(ld, "%s", k == 4   ? "write '- run: idle' or '- run: EVENT'"
                             : k == 5 ? "write '- run_ms: T' (milliseconds of device time)"
                                      : "write '- write_candidate: {file: F, slot: S, request: test}'");
            return PCDSIM_E_SCHEMA;
        }
        st->kind = bare_steps[k];
        return 0;
    }
    if (scn_map_pairs(item) == 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, item, "empty step");
        scn_hint(ld, "steps: %s", list);
        return PCDSIM_E_SCHEMA;
    }
    const struct scn_node *key = item->kids[0], *val = item->kids[1];
    if (key->type != SCN_SCALAR || scn_is_null(key)) {
        scn_fail(ld, PCDSIM_E_SCHEMA, key, "a step name is missing");
        scn_hint(ld, "steps: %s", list);
        return PCDSIM_E_SCHEMA;
    }
    int k = lookup(key->text, step_names, COUNT(step_names));
    if (k < 0) {
        return unknown_name(ld, key, "step", step_names, COUNT(step_names));
    }
    if (scn_map_pairs(item) > 1) {
        const struct scn_node *k2 = item->kids[2];
        scn_fail(ld, PCDSIM_E_SCHEMA, k2, "a step has one key (here '%s'), but %s is a second one", key->text,
                 scn_quote(k2->text, q, sizeof(q)));
        scn_hint(ld, "start each step with its own '- '");
        return PCDSIM_E_SCHEMA;
    }
    if (k < BARE_STEP_COUNT) {
        scn_fail(ld, PCDSIM_E_SCHEMA, key, "step '%s' takes no value", key->text);
        scn_hint(ld, "write '- %s'", key->text);
        return PCDSIM_E_SCHEMA;
    }
    scn_push(ld, key->text, 0, val);
    int rc = 0;
    if (k == 4) { // run
        rc = need_text(ld, val, "'idle' or an event name");
        if (rc == 0) {
            if (strcmp(val->text, "idle") == 0) {
                st->kind = PCDSIM_STEP_RUN_IDLE;
            } else if (pcdsim_scn_event_find(val->text, &st->event)) {
                st->kind = PCDSIM_STEP_RUN_EVENT;
            } else {
                const char *names[PCDSIM_EV__COUNT + 1];
                names[0] = "idle";
                memcpy(names + 1, scn_event_names, sizeof(scn_event_names));
                rc = unknown_name(ld, val, "event", names, COUNT(names));
            }
        }
    } else if (k == 5) { // run_ms
        uint64_t v;
        rc = parse_uint(ld, val, 1, UINT32_MAX, &v);
        if (rc == 0) {
            st->kind = PCDSIM_STEP_RUN_MS;
            st->ms = (uint32_t)v;
        }
    } else { // write_candidate
        static const struct field wc = {"write_candidate", h_candidate, OFF(struct pcdsim_scn_step, candidate), NOFF,
                                        NOFF, 0, 0, NULL, false};
        st->kind = PCDSIM_STEP_WRITE_CANDIDATE;
        rc = h_candidate(ld, val, st, &wc);
    }
    scn_pop(ld);
    return rc;
}

static int step_item(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i)
{
    return load_step(ld, it, &((struct pcdsim_scn_step *)items)[i]);
}

static int h_steps(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(*s->steps), &items, &s->step_count, "steps",
                      "omit 'steps' for the default [power_on, {run: idle}], or list what happens", step_item);
    s->steps = items;
    return rc;
}

/* ============================================================================================ */
/* expect                                                                                       */

/* "x.y.z" or "x.y.z+build" into v; false if malformed or out of range (reason in why). */
static bool parse_version(const char *s, struct pcdsim_scn_version *v, const char **why)
{
    static const uint64_t max[4] = {0xff, 0xff, 0xffff, 0xffffffffu};
    static const char *const names[4] = {"major above 255", "minor above 255", "revision above 65535",
                                         "build above 4294967295"};
    uint64_t part[4] = {0, 0, 0, 0};
    int idx = 0;
    const char *p = s;
    *why = "write major.minor.revision, e.g. 1.0.0 (optionally +build), or none";
    for (;;) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        uint64_t x = 0;
        while (*p >= '0' && *p <= '9') {
            x = x * 10 + (uint64_t)(*p - '0');
            if (x > max[idx]) {
                *why = names[idx];
                return false;
            }
            p++;
        }
        part[idx] = x;
        if (*p == '\0') {
            break;
        }
        char sep = idx < 2 ? '.' : (idx == 2 ? '+' : '\0');
        if (*p != sep) {
            return false;
        }
        p++;
        idx++;
    }
    if (idx < 2) {
        return false;
    }
    v->none = false;
    v->major = (uint8_t)part[0];
    v->minor = (uint8_t)part[1];
    v->revision = (uint16_t)part[2];
    v->build = (uint32_t)part[3];
    return true;
}

static int h_app_version(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_version *v = (struct pcdsim_scn_version *)(void *)((char *)obj + f->off);
    int rc = need_text(ld, n, "a version (x.y.z) or none");
    if (rc != 0) {
        return rc;
    }
    if (strcmp(n->text, "none") == 0) {
        memset(v, 0, sizeof(*v));
        v->none = true;
        return 0;
    }
    const char *why;
    if (!parse_version(n->text, v, &why)) {
        char q[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is not a version", scn_quote(n->text, q, sizeof(q)));
        scn_hint(ld, "%s", why);
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

static int h_net_version(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_expect *e = obj;
    (void)f;
    if (n->type == SCN_SCALAR && strcmp(n->text, "none") == 0) {
        e->net_version_none = true;
        e->net_version = 0;
        return 0;
    }
    uint64_t v;
    int rc = parse_uint(ld, n, 0, UINT32_MAX, &v);
    if (rc != 0) {
        scn_hint(ld, "write the fw_info.version number (e.g. 2), or none for no valid image");
        return rc;
    }
    e->net_version = (uint32_t)v;
    return 0;
}

/* A list of non-empty strings. */
static int string_item(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i)
{
    struct pcdsim_scn_string *str = &((struct pcdsim_scn_string *)items)[i];
    int rc = need_text(ld, it, "a string");
    if (rc == 0 && it->len == 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, it, "an empty string");
        scn_hint(ld, "an empty substring matches anything; remove it");
        rc = PCDSIM_E_SCHEMA;
    }
    if (rc == 0) {
        str->text = scn_strdup(it->text);
        str->pos = (struct pcdsim_scn_pos){it->line, it->column};
        if (str->text == NULL) {
            rc = scn_nomem(ld);
        }
    }
    return rc;
}

/* A list of non-empty strings. */
static int load_strings(struct scn_ld *ld, const struct scn_node *n, struct pcdsim_scn_string **out, size_t *count)
{
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(**out), &items, count, NULL, NULL, string_item);
    *out = items;
    return rc;
}

static int h_log(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_expect *e = obj;
    (void)f;
    return load_strings(ld, n, &e->log, &e->log_count);
}

static int h_no_log(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_expect *e = obj;
    (void)f;
    return load_strings(ld, n, &e->no_log, &e->no_log_count);
}

static int h_reports(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_expect *e = obj;
    (void)f;
    return load_strings(ld, n, &e->reports, &e->report_count);
}

/* All requirement ids, for suggestions. */
static size_t requirement_ids(const char **ids, size_t max)
{
    size_t n = pcdsim_requirement_count();
    for (size_t i = 0; i < n && i < max; i++) {
        ids[i] = pcdsim_requirement_at(i)->id;
    }
    return n < max ? n : max;
}

static int unknown_requirement(struct scn_ld *ld, const struct scn_node *n)
{
    const char *ids[64];
    char q[QB];
    size_t count = requirement_ids(ids, COUNT(ids));
    scn_fail(ld, PCDSIM_E_SCHEMA, n, "unknown requirement id %s", scn_quote(n->text, q, sizeof(q)));
    const char *dym = scn_did_you_mean(n->text, ids, count);
    scn_hint(ld, "%s%s%sids are the bold **ID**s of reference-behaviour.md sections 3 and 5-10 (APP-*, B0N-*, SYS-*, MI-*, RB-*, NAND-*, DL-*, PKG-*, N52-*)",
             dym ? "did you mean '" : "", dym ? dym : "", dym ? "'? " : "");
    return PCDSIM_E_SCHEMA;
}

static int h_verdicts(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scn_expect *e = obj;
    (void)f;
    if (n->type != SCN_MAP) {
        return type_error(ld, n, "a mapping");
    }
    size_t pairs = scn_map_pairs(n);
    if (pairs == 0) {
        return 0;
    }
    e->verdicts = calloc(pairs, sizeof(*e->verdicts));
    if (e->verdicts == NULL) {
        return scn_nomem(ld);
    }
    for (size_t i = 0; i < pairs; i++) {
        const struct scn_node *k = n->kids[2 * i], *v = n->kids[2 * i + 1];
        char q[QB];
        if (k->type != SCN_SCALAR || scn_is_null(k)) {
            scn_fail(ld, PCDSIM_E_SCHEMA, k, "a mapping key is empty");
            scn_hint(ld, "write 'ID: pass' or 'ID: fail'");
            return PCDSIM_E_SCHEMA;
        }
        const struct pcdsim_requirement *r = pcdsim_requirement_find(k->text);
        if (r == NULL) {
            return unknown_requirement(ld, k);
        }
        for (size_t j = 0; j < e->verdict_count; j++) {
            if (e->verdicts[j].req == r) {
                scn_fail(ld, PCDSIM_E_SCHEMA, k, "duplicate key %s", scn_quote(k->text, q, sizeof(q)));
                scn_hint(ld, "'%s' is already given at line %u, column %u; keep one", k->text, e->verdicts[j].pos.line,
                         e->verdicts[j].pos.column);
                return PCDSIM_E_SCHEMA;
            }
        }
        scn_push(ld, k->text, 0, v);
        int rc = need_text(ld, v, "pass or fail");
        if (rc == 0 && strcmp(v->text, "pass") != 0 && strcmp(v->text, "fail") != 0) {
            static const char *const pf[] = {"pass", "fail"};
            rc = unknown_name(ld, v, "verdict", pf, 2);
        }
        scn_pop(ld);
        if (rc != 0) {
            return rc;
        }
        e->verdicts[e->verdict_count++] =
            (struct pcdsim_scn_verdict){r, strcmp(v->text, "pass") == 0, {k->line, k->column}};
    }
    return 0;
}

#define ET struct pcdsim_scn_expect
static const struct field expect_fields[] = {
    {"app_version", h_app_version, OFF(ET, app_version), OFF(ET, has_app_version), OFF(ET, app_version_pos), 0, 0,
     NULL, false},
    {"net_version", h_net_version, NOFF, OFF(ET, has_net_version), OFF(ET, net_version_pos), 0, 0, NULL, false},
    {"net_counter", h_u32, OFF(ET, net_counter), OFF(ET, has_net_counter), OFF(ET, net_counter_pos), 0, 0x7FFF, NULL,
     false},
    {"slot", h_enum, OFF(ET, slot), OFF(ET, has_slot), OFF(ET, slot_pos), 0, 0, &slot_state_def, false},
    {"attempts", h_u32, OFF(ET, attempts), OFF(ET, has_attempts), OFF(ET, attempts_pos), 0, 1000, NULL, false},
    {"boots", h_u32, OFF(ET, boots), OFF(ET, has_boots), OFF(ET, boots_pos), 0, 1000, NULL, false},
    {"log", h_log, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"no_log", h_no_log, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"reports", h_reports, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"verdicts", h_verdicts, NOFF, NOFF, NOFF, 0, 0, NULL, false},
};

static int h_expect(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    (void)f;
    return walk_map(ld, n, expect_fields, COUNT(expect_fields), &((struct pcdsim_scenario *)obj)->expect, NULL);
}

/* ============================================================================================ */
/* top level                                                                                    */

static int h_version(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    uint64_t v;
    struct pcdsim_scn_version ignored;
    const char *why;
    if (n->type == SCN_SCALAR && n->plain && parse_version(n->text, &ignored, &why)) {
        // `version: 1.0.0`: the version of pcdsim (or of an image) where the format version goes.
        char q[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "unsupported scenario format version %s", scn_quote(n->text, q, sizeof(q)));
        scn_hint(ld, "'version' is the scenario format version, an integer: write 'version: %d' (the version of pcdsim "
                     "itself does not go here)", PCDSIM_SCENARIO_FORMAT_VERSION);
        return PCDSIM_E_SCHEMA;
    }
    int rc = parse_uint(ld, n, 0, UINT32_MAX, &v);
    if (rc != 0) {
        return rc;
    }
    if (v != PCDSIM_SCENARIO_FORMAT_VERSION) {
        char q[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "unsupported scenario format version %s", scn_quote(n->text, q, sizeof(q)));
        scn_hint(ld, "this pcdsim reads format version %d only (pcdsim --version prints it); write 'version: %d' and "
                     "follow docs/SCENARIOS.md, or use a pcdsim that reads version %" PRIu64,
                 PCDSIM_SCENARIO_FORMAT_VERSION, PCDSIM_SCENARIO_FORMAT_VERSION, v);
        return PCDSIM_E_SCHEMA;
    }
    s->version = (uint32_t)v;
    return 0;
}

static int requirement_item(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i)
{
    struct pcdsim_scn_req_ref *reqs = items;
    int rc = need_text(ld, it, "a requirement id");
    if (rc != 0) {
        return rc;
    }
    const struct pcdsim_requirement *r = pcdsim_requirement_find(it->text);
    if (r == NULL) {
        return unknown_requirement(ld, it);
    }
    for (size_t j = 0; j < i; j++) {
        if (reqs[j].req == r) {
            char q[QB];
            scn_fail(ld, PCDSIM_E_SCHEMA, it, "requirement %s is listed twice", scn_quote(it->text, q, sizeof(q)));
            scn_hint(ld, "it is already listed at line %u, column %u; keep one", reqs[j].pos.line, reqs[j].pos.column);
            return PCDSIM_E_SCHEMA;
        }
    }
    reqs[i] = (struct pcdsim_scn_req_ref){r, {it->line, it->column}};
    return 0;
}

static int h_requirements(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(*s->requirements), &items, &s->requirement_count, "requirements",
                      "name the requirement ids this scenario checks, e.g. [B0N-COPY, SYS-POWER-SAFE]", requirement_item);
    s->requirements = items;
    return rc;
}

static int h_labels(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    int rc = load_strings(ld, n, &s->labels, &s->label_count);
    for (size_t i = 0; rc == 0 && i < s->label_count; i++) {
        const struct pcdsim_scn_string *l = &s->labels[i];
        char q[QB];
        const struct scn_node *it = n->kids[i];
        scn_push(ld, NULL, i, it);
        if (strspn(l->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != strlen(l->text)) {
            scn_fail(ld, PCDSIM_E_SCHEMA, it, "label %s has characters a ctest label cannot hold",
                     scn_quote(l->text, q, sizeof(q)));
            scn_hint(ld, "labels use letters, digits, '_', '.' and '-' only");
            rc = PCDSIM_E_SCHEMA;
        }
        for (size_t j = 0; rc == 0 && j < i; j++) {
            if (strcmp(s->labels[j].text, l->text) == 0) {
                scn_fail(ld, PCDSIM_E_SCHEMA, it, "label %s is listed twice", scn_quote(l->text, q, sizeof(q)));
                scn_hint(ld, "it is already listed at line %u, column %u; keep one", s->labels[j].pos.line,
                         s->labels[j].pos.column);
                rc = PCDSIM_E_SCHEMA;
            }
        }
        scn_pop(ld);
    }
    return rc;
}

static int key_item(struct scn_ld *ld, const struct scn_node *it, void *items, size_t i)
{
    return load_file(ld, it, &((struct pcdsim_scn_file *)items)[i]);
}

static int h_keys(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    (void)f;
    void *items = NULL;
    int rc = load_seq(ld, n, sizeof(*s->keys), &items, &s->key_count, NULL, NULL, key_item);
    s->keys = items;
    return rc;
}

/* One decimal component of an NCS release: digits only, no leading zero, at most @p max. */
static const char *ncs_component(const char **p, uint32_t max, uint32_t *out)
{
    const char *s = *p;
    uint32_t v = 0;
    if (*s < '0' || *s > '9') {
        return "each of MAJOR, MINOR and PATCH must be a decimal number";
    }
    if (*s == '0' && s[1] >= '0' && s[1] <= '9') {
        return "a component has a leading zero";
    }
    while (*s >= '0' && *s <= '9') {
        v = v * 10u + (uint32_t)(*s - '0');
        if (v > max) {
            return "a component is too large (MINOR and PATCH go up to 99)";
        }
        s++;
    }
    *p = s;
    *out = v;
    return NULL;
}

int pcdsim_ncs_version_parse(const char *text, uint32_t *out, const char **why)
{
    uint32_t c[3] = {0, 0, 0};
    const char *p = text;
    const char *bad = text == NULL ? "no text" : NULL;
    for (int i = 0; i < 3 && bad == NULL; i++) {
        bad = ncs_component(&p, i == 0 ? 255u : 99u, &c[i]);
        if (bad == NULL && i < 2 && *p++ != '.') {
            bad = "an NCS release is written MAJOR.MINOR.PATCH, e.g. \"2.9.0\"";
        }
    }
    if (bad == NULL && *p != '\0') {
        bad = "an NCS release is written MAJOR.MINOR.PATCH, e.g. \"2.9.0\"";
    }
    const uint32_t v = (c[0] << 16) | (c[1] << 8) | c[2];
    if (bad == NULL && v < PCDSIM_NCS_VERSION_MIN) {
        bad = "older than NCS 1.4.0, the first release with PCD and the netboot sample";
    } else if (bad == NULL && v > PCDSIM_NCS_VERSION_MAX) {
        bad = "newer than NCS 3.x, the last release series the NCS profile models";
    }
    if (why != NULL) {
        *why = bad;
    }
    if (bad != NULL) {
        return PCDSIM_E_SCHEMA;
    }
    *out = v;
    return 0;
}

static int h_ncs_version(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    char q[QB];
    const char *why;
    uint32_t v;
    int rc = need_text(ld, n, "an NCS release \"MAJOR.MINOR.PATCH\"");
    if (rc != 0) {
        return rc;
    }
    if (pcdsim_ncs_version_parse(n->text, &v, &why) != 0) {
        scn_fail(ld, PCDSIM_E_SCHEMA, n, "%s is not an NCS release the NCS profile models: %s",
                 scn_quote(n->text, q, sizeof(q)), why);
        scn_hint(ld, "'%s' takes \"MAJOR.MINOR.PATCH\" from \"1.4.0\" to \"3.99.99\", e.g. \"2.9.0\"", f->key);
        return PCDSIM_E_SCHEMA;
    }
    store(obj, f->off, &v, sizeof(v));
    return 0;
}

/* ============================================================================================ */
/* download (reference-behaviour §8, DL-*)                                                       */

static const struct field download_fields[] = {
    {"app", h_file, OFF(struct pcdsim_scn_download, app), NOFF, NOFF, 0, 0, NULL, false},
    {"net", h_file, OFF(struct pcdsim_scn_download, net), NOFF, NOFF, 0, 0, NULL, false},
    {"package", h_file, OFF(struct pcdsim_scn_download, package), NOFF, NOFF, 0, 0, NULL, false},
    {"progress", h_name, OFF(struct pcdsim_scn_download, progress), NOFF, NOFF, 0, 0, NULL, false},
    {"request", h_enum, OFF(struct pcdsim_scn_download, request), NOFF, NOFF, 0, 0, &request_def, false},
    {"chunk", h_u32, OFF(struct pcdsim_scn_download, chunk), NOFF, NOFF, 1, 4096, NULL, false},
    {"rate_bps", h_u32, OFF(struct pcdsim_scn_download, rate_bps), NOFF, NOFF, 100, 10000000, NULL, false},
    {"loss_permille", h_u32, OFF(struct pcdsim_scn_download, loss_permille), NOFF, NOFF, 0, 900, NULL, false},
    {"retry_ms", h_u32, OFF(struct pcdsim_scn_download, retry_ms), NOFF, NOFF, 1, 600000, NULL, false},
};

static int download_fail(struct scn_ld *ld, const struct scn_node *at, const char *msg, const char *hint)
{
    scn_fail(ld, PCDSIM_E_SCHEMA, at, "%s", msg);
    scn_hint(ld, "%s", hint);
    return PCDSIM_E_SCHEMA;
}

/* The progress partition: in app flash or QSPI, at least two 4 KiB pages. */
static int download_progress(struct scn_ld *ld, const struct scn_node *at, struct pcdsim_scn_download *d)
{
    const struct pcdsim_partition *p = find_partition(ld, at, d->progress);
    int rc = p == NULL ? PCDSIM_E_SCHEMA : partition_device(ld, at, p, &d->progress_device, &d->progress_offset);
    if (rc != 0) {
        return rc;
    }
    d->progress_size = p->size;
    if ((d->progress_device != FM_NRF_APP_FLASH && d->progress_device != FM_NRF_QSPI) || p->size < 0x2000u ||
        p->size % 0x1000u != 0u || d->progress_offset % 0x1000u != 0u) {
        return download_fail(ld, at, "the progress partition must be in app flash or QSPI, page-aligned, at least "
                                     "two 4 KiB pages",
                             "name a partition such as settings_storage (docs/SCENARIOS.md, 'download')");
    }
    return 0;
}

static int h_download(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct pcdsim_scenario *s = obj;
    struct pcdsim_scn_download *d = &s->download;
    const struct pcdsim_update_layout *u = &ld->scn->board.update;
    struct found fd;
    (void)f;
    d->request = PCDSIM_REQUEST_TEST;
    d->chunk = 244u;
    d->rate_bps = 10000u;
    d->retry_ms = 1000u;
    snprintf(d->progress, sizeof(d->progress), "settings_storage");
    d->pos = (struct pcdsim_scn_pos){n->line, n->column};
    int rc = walk_map(ld, n, download_fields, COUNT(download_fields), d, &fd);
    if (rc != 0) {
        return rc;
    }
    const bool parts = d->app.path != NULL || d->net.path != NULL;
    if (parts == (d->package.path != NULL)) {
        return download_fail(ld, n, "'download' needs 'package' or 'app' / 'net' (one of the two ways)",
                             "name a dfu_multi_image.bin as 'package', or the images as 'app' (id 0) and 'net' (id 1)");
    }
    if (d->request == PCDSIM_REQUEST_NONE) {
        return download_fail(ld, fval(&fd, download_fields, COUNT(download_fields), "request"),
                             "a download requests the upgrade: 'request' is test or permanent", "write test or permanent");
    }
    if (s->contents.has_candidate) {
        return download_fail(ld, n, "'download' and 'contents.candidate' both given",
                             "a download fills both secondary slots of a batch; an earlier candidate goes under "
                             "'contents.candidates'");
    }
    if (!u->secondary_1.present || u->primary_1.medium != PCDSIM_SLOT_RAM_FLASH) {
        return download_fail(ld, n, "a download needs mcuboot_secondary_1 and mcuboot_primary_1 in ram_flash",
                             "use a simultaneous-update layout, e.g. builtin:nrf5340dk-extflash");
    }
    const struct scn_node *vp = fval(&fd, download_fields, COUNT(download_fields), "progress");
    if (vp != NULL) {
        scn_push(ld, "progress", 0, vp);
    }
    rc = download_progress(ld, vp != NULL ? vp : n, d);
    if (vp != NULL) {
        scn_pop(ld);
    }
    d->present = rc == 0;
    return rc;
}

/* `net_core: {binary: FILE, strict: BOOL, budget: N}`: the network core as a B0N binary. The
 * file only has to exist here; the CLI loads and checks it as an image (src/sim/netcpu). */
static int h_binary(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    return load_file(ld, n, (struct pcdsim_scn_file *)(void *)((char *)obj + f->off));
}

static const struct field net_core_top_fields[] = {
    {"binary", h_binary, OFF(struct pcdsim_scenario, net_binary), NOFF, NOFF, 0, 0, NULL, true},
    {"strict", h_bool, OFF(struct pcdsim_scenario, net_strict), NOFF, NOFF, 0, 0, NULL, false},
    {"budget", h_u64, OFF(struct pcdsim_scenario, net_budget), NOFF, NOFF, 1000, UINT64_MAX, NULL, false},
};

static int h_net_core(struct scn_ld *ld, const struct scn_node *n, void *obj, const struct field *f)
{
    struct found fd;
    (void)f;
    return walk_map(ld, n, net_core_top_fields, COUNT(net_core_top_fields), obj, &fd);
}

#define ST struct pcdsim_scenario
static const struct field top_fields[] = {
    {"version", h_version, NOFF, NOFF, NOFF, 0, 0, NULL, true},
    {"name", h_line, OFF(ST, name), NOFF, NOFF, 0, 0, NULL, true},
    {"description", h_str, OFF(ST, description), NOFF, NOFF, 0, 0, NULL, false},
    {"requirements", h_requirements, NOFF, NOFF, NOFF, 0, 0, NULL, true},
    {"labels", h_labels, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"seed", h_u64, OFF(ST, seed), NOFF, NOFF, 0, UINT64_MAX, NULL, false},
    {"profile", h_enum, OFF(ST, profile), NOFF, NOFF, 0, 0, &profile_def, false},
    {"ncs_version", h_ncs_version, OFF(ST, ncs_version), OFF(ST, has_ncs_version), OFF(ST, ncs_version_pos), 0, 0,
     NULL, false},
    {"board", h_board, NOFF, NOFF, NOFF, 0, 0, NULL, true},
    {"keys", h_keys, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"contents", h_contents, NOFF, NOFF, NOFF, 0, 0, NULL, true},
    {"updater", h_updater, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"download", h_download, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"faults", h_faults, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"steps", h_steps, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    {"expect", h_expect, NOFF, NOFF, NOFF, 0, 0, NULL, false},
    /* the bound of a run step, 1 s .. 30 days (0 = derived from the run, docs/SCENARIOS.md) */
    {"max_device_time_ms", h_u32, OFF(ST, max_device_time_ms), NOFF, NOFF, 1000, 2592000000u, NULL, false},
    {"net_core", h_net_core, NOFF, NOFF, NOFF, 0, 0, NULL, false},
};

_Static_assert(COUNT(top_fields) <= FIELDS_MAX && COUNT(board_fields) <= FIELDS_MAX &&
                   COUNT(contents_fields) <= FIELDS_MAX && COUNT(candidate_fields) <= FIELDS_MAX &&
                   COUNT(extra_fields) <= FIELDS_MAX && COUNT(updater_fields) <= FIELDS_MAX &&
                   COUNT(expect_fields) <= FIELDS_MAX && COUNT(power_loss_fields) <= FIELDS_MAX &&
                   COUNT(corrupt_fields) <= FIELDS_MAX && COUNT(stuck_bits_fields) <= FIELDS_MAX &&
                   COUNT(net_core_fields) <= FIELDS_MAX && COUNT(app_writes_pcd_fields) <= FIELDS_MAX &&
                   COUNT(warm_reset_fields) <= FIELDS_MAX && COUNT(download_fields) <= FIELDS_MAX,
               "a schema table has more keys than struct found holds");

static const char *section_of(const char *key)
{
    static const struct {
        const char *section;
        const struct field *fields;
        size_t count;
    } sections[] = {
        {"board", board_fields, COUNT(board_fields)},
        {"contents", contents_fields, COUNT(contents_fields)},
        {"updater", updater_fields, COUNT(updater_fields)},
        {"expect", expect_fields, COUNT(expect_fields)},
    };
    for (size_t s = 0; s < COUNT(sections); s++) {
        for (size_t i = 0; i < sections[s].count; i++) {
            if (strcmp(sections[s].fields[i].key, key) == 0) {
                return sections[s].section;
            }
        }
    }
    return NULL;
}

static int load_root(struct scn_ld *ld, const struct scn_node *root)
{
    struct pcdsim_scenario *s = ld->scn;
    if (root == NULL || scn_is_null(root)) {
        scn_fail_pos(ld, PCDSIM_E_SCHEMA, 1, 1, "empty scenario: the file has no YAML content");
        scn_hint(ld, "a scenario starts with 'version: %d' and 'name: ...' (see docs/SCENARIOS.md)",
                 PCDSIM_SCENARIO_FORMAT_VERSION);
        ld->diag->context[0] = '\0'; // no structure to point into
        return PCDSIM_E_SCHEMA;
    }
    if (root->type != SCN_MAP) {
        char d[QB];
        scn_fail(ld, PCDSIM_E_SCHEMA, root, "expected a mapping at the top level, got %s",
                 scn_describe(root, d, sizeof(d)));
        scn_hint(ld, "a scenario is a mapping of keys: version, name, requirements, board, contents, ...");
        return PCDSIM_E_SCHEMA;
    }
    // The version first: a file of another format version is reported as such, not as a pile of
    // unknown keys.
    for (size_t i = 0; i < scn_map_pairs(root); i++) {
        const struct scn_node *k = root->kids[2 * i];
        if (k->type == SCN_SCALAR && strcmp(k->text, "version") == 0) {
            scn_push(ld, "version", 0, root->kids[2 * i + 1]);
            int rc = h_version(ld, root->kids[2 * i + 1], s, &top_fields[0]);
            scn_pop(ld);
            if (rc != 0) {
                return rc;
            }
            break;
        }
    }
    // Defaults (docs/SCENARIOS.md).
    s->profile = PCDSIM_PROFILE_REFERENCE;
    s->board.qspi = true;
    s->board.ram_flash_address = 0x20010000u;
    s->board.ram_flash_size = 0x40000u;
    s->board.net_layout.builtin = PCDSIM_BUILTIN_NCS;
    s->updater = (struct pcdsim_scn_updater){3, 60000, 1000, false, false, 0};
    int rc = walk_map(ld, root, top_fields, COUNT(top_fields), s, NULL);
    if (rc != 0) {
        return rc;
    }
    if (s->has_ncs_version && s->profile != PCDSIM_PROFILE_NCS) {
        scn_fail_pos(ld, PCDSIM_E_SCHEMA, s->ncs_version_pos.line, s->ncs_version_pos.column,
                     "'ncs_version' applies to the NCS profile only");
        scn_hint(ld, "add 'profile: ncs', or remove 'ncs_version' (the reference code has no NCS release)");
        return PCDSIM_E_SCHEMA;
    }
    if (s->step_count == 0) {
        s->steps = calloc(2, sizeof(*s->steps));
        if (s->steps == NULL) {
            return scn_nomem(ld);
        }
        s->step_count = 2;
        s->steps[0].kind = PCDSIM_STEP_POWER_ON;
        s->steps[1].kind = PCDSIM_STEP_RUN_IDLE;
        s->steps_defaulted = true;
    }
    return 0;
}

/* ============================================================================================ */
/* Entry points                                                                                 */

static int read_scenario(struct scn_ld *ld, const char *path, char **text, size_t *len)
{
    uint8_t *buf = NULL;
    struct pcdsim_read_info ri;
    int rc = pcdsim_read_file(path, PCDSIM_SCENARIO_FILE_MAX, PCDSIM_READ_REGULAR_ONLY, &buf, len, &ri);
    *text = (char *)buf;
    switch (rc == 0 ? PCDSIM_READ_OK : ri.fail) {
    case PCDSIM_READ_OK: return 0;
    case PCDSIM_READ_NOMEM: return scn_nomem(ld);
    case PCDSIM_READ_TOO_LARGE:
        pcdsim_diag_set(ld->diag, PCDSIM_E_FILE, path, 0, 0, "scenario '%s' is too large (%s)", path, ri.why);
        pcdsim_diag_hint(ld->diag, "scenario files are at most %u bytes", PCDSIM_SCENARIO_FILE_MAX);
        return PCDSIM_E_FILE;
    default:
        pcdsim_diag_set(ld->diag, PCDSIM_E_FILE, path, 0, 0, "cannot read scenario '%s': %s", path, ri.why);
        pcdsim_diag_hint(ld->diag, ri.fail == PCDSIM_READ_OPEN       ? "check the path given to pcdsim and the file's permissions"
                                   : ri.fail == PCDSIM_READ_NOT_FILE ? "give the path of a .yaml scenario file"
                                                                     : "load the scenario again once nothing writes to it");
        return PCDSIM_E_FILE;
    }
}

int pcdsim_scenario_load(const char *path, struct pcdsim_scenario *out, struct pcdsim_diag *diag)
{
    struct pcdsim_diag local;
    if (diag == NULL) {
        diag = &local;
    }
    pcdsim_diag_clear(diag);
    if (out == NULL || path == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_INTERNAL, NULL, 0, 0, "pcdsim_scenario_load: NULL argument");
    }
    memset(out, 0, sizeof(*out));
    struct scn_ld ld = {.file = path, .diag = diag, .scn = out};

    out->path = scn_strdup(path);
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        out->dir = scn_strdup(".");
    } else if (slash == path) {
        out->dir = scn_strdup("/");
    } else {
        out->dir = scn_strndup(path, (size_t)(slash - path));
    }
    if (out->path == NULL || out->dir == NULL) {
        pcdsim_scenario_free(out);
        return scn_nomem(&ld);
    }
    ld.dir = out->dir;

    char *text;
    size_t len;
    int rc = read_scenario(&ld, path, &text, &len);
    struct scn_node *root = NULL;
    if (rc == 0) {
        rc = scn_tree_parse(&ld, text, len, &root);
        free(text);
    }
    if (rc == 0) {
        rc = load_root(&ld, root);
    }
    scn_tree_free(root);
    if (rc != 0) {
        if (diag->err == 0) { // every path sets one; never return an error without it
            pcdsim_diag_set(diag, rc, path, 0, 0, "cannot load the scenario");
        }
        pcdsim_scenario_free(out);
    }
    return rc;
}

static void free_file(struct pcdsim_scn_file *f)
{
    free(f->path);
    free(f->written);
}

static void free_strings(struct pcdsim_scn_string *s, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++) {
        free(s[i].text);
    }
    free(s);
}

void pcdsim_scenario_free(struct pcdsim_scenario *scn)
{
    if (scn == NULL) {
        return;
    }
    free(scn->path);
    free(scn->dir);
    free(scn->name);
    free(scn->description);
    free(scn->requirements);
    free_strings(scn->labels, scn->label_count);
    free_file(&scn->net_binary);
    free_file(&scn->board.layout.file);
    free_file(&scn->board.net_layout.file);
    pcdsim_layout_free(&scn->board.app);
    pcdsim_layout_free(&scn->board.net);
    for (size_t i = 0; scn->keys != NULL && i < scn->key_count; i++) {
        free_file(&scn->keys[i]);
    }
    free(scn->keys);
    free_file(&scn->contents.app);
    free_file(&scn->contents.net);
    free_file(&scn->contents.candidate.file);
    for (size_t i = 0; scn->contents.candidates != NULL && i < scn->contents.candidate_count; i++) {
        free_file(&scn->contents.candidates[i].file);
    }
    free(scn->contents.candidates);
    for (size_t i = 0; scn->contents.extra != NULL && i < scn->contents.extra_count; i++) {
        free_file(&scn->contents.extra[i].file);
    }
    free(scn->contents.extra);
    free_file(&scn->download.app);
    free_file(&scn->download.net);
    free_file(&scn->download.package);
    free(scn->faults);
    for (size_t i = 0; scn->steps != NULL && i < scn->step_count; i++) {
        free_file(&scn->steps[i].candidate.file);
    }
    free(scn->steps);
    free_strings(scn->expect.log, scn->expect.log_count);
    free_strings(scn->expect.no_log, scn->expect.no_log_count);
    free_strings(scn->expect.reports, scn->expect.report_count);
    free(scn->expect.verdicts);
    memset(scn, 0, sizeof(*scn));
}
