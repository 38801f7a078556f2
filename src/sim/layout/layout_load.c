/* Strict Partition Manager YAML loader (pm_static.yml, partitions*.yml) on libyaml's document API.
 *
 * Two tiers of errors, as netplan does: libyaml's problem_mark for syntax, the node's start_mark
 * for meaning. The document API resolves aliases to the anchored node (same node index), so
 * `span: *id001` is simply the anchored sequence; free-form content is walked iteratively with a
 * visited set so recursive or heavily shared aliases cannot blow the stack or the run time. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "layout_internal.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "pcdsim/layout.h"

/* Longest offending text quoted in a message. */
#define QUOTE_MAX 48

/* Value kinds of the partition keys. */
enum vtype {
    V_INT,      /* hex or decimal integer, 32 bits */
    V_NAME,     /* short string, stored (region, device) */
    V_TEXT,     /* any non-empty string, not stored (label) */
    V_NAMES,    /* one name or a sequence of names (span, orig_span, inside, share_size, affiliation) */
    V_FREE_MAP, /* a mapping whose content is free-form (placement, extra_params) */
    V_ALIGN,    /* a mapping {start: N, end: N} */
};

enum key_id {
    K_ADDRESS,
    K_END_ADDRESS,
    K_SIZE,
    K_REGION,
    K_DEVICE,
    K_SPAN,
    K_ORIG_SPAN,
    K_PLACEMENT,
    K_SHARE_SIZE,
    K_SHARERS,
    K_INSIDE,
    K_ALIGN,
    K_LABEL,
    K_AFFILIATION,
    K_EXTRA_PARAMS,
    K_COUNT,
};

/* The schema of one partition: every key a real PM file was seen to carry. */
static const struct key_def {
    const char *key;
    enum key_id id;
    enum vtype type;
} KEYS[K_COUNT] = {
    {"address", K_ADDRESS, V_INT},
    {"end_address", K_END_ADDRESS, V_INT},
    {"size", K_SIZE, V_INT},
    {"region", K_REGION, V_NAME},
    {"device", K_DEVICE, V_NAME},
    {"span", K_SPAN, V_NAMES},
    {"orig_span", K_ORIG_SPAN, V_NAMES},
    {"placement", K_PLACEMENT, V_FREE_MAP},
    {"share_size", K_SHARE_SIZE, V_NAMES},
    {"sharers", K_SHARERS, V_INT},
    {"inside", K_INSIDE, V_NAMES},
    {"align", K_ALIGN, V_ALIGN},
    {"label", K_LABEL, V_TEXT},
    {"affiliation", K_AFFILIATION, V_NAMES},
    {"extra_params", K_EXTRA_PARAMS, V_FREE_MAP},
};

static const char KNOWN_KEYS_TEXT[] =
    "address, end_address, size, region, device, span, orig_span, placement, share_size, sharers, "
    "inside, align, label, affiliation, extra_params";

static const struct {
    const char *name;
    enum pcdsim_region region;
} REGIONS[] = {
    {"flash_primary", PCDSIM_REGION_FLASH_PRIMARY}, {"sram_primary", PCDSIM_REGION_SRAM_PRIMARY},
    {"external_flash", PCDSIM_REGION_EXTERNAL_FLASH}, {"ram_flash", PCDSIM_REGION_RAM_FLASH},
    {"otp", PCDSIM_REGION_OTP},
};

/* State of one load. */
struct loader {
    const char *path;          /* name for diagnostics */
    const char *text;          /* the whole input */
    size_t len;
    yaml_document_t *doc;
    struct pcdsim_diag *diag;
    struct pcdsim_layout *out;
    char context[PCDSIM_DIAG_TEXT]; /* "in partition 'x' (line L, column C)" or "" */
    bool *seen;                     /* free-form nodes already checked (one per document node) */
    int *stack;                     /* work list of the free-form walk */
    size_t stack_cap;
};

const char *pcdsim_region_str(enum pcdsim_region region)
{
    switch (region) {
    case PCDSIM_REGION_FLASH_PRIMARY: return "flash_primary";
    case PCDSIM_REGION_SRAM_PRIMARY: return "sram_primary";
    case PCDSIM_REGION_EXTERNAL_FLASH: return "external_flash";
    case PCDSIM_REGION_RAM_FLASH: return "ram_flash";
    case PCDSIM_REGION_OTP: return "otp";
    case PCDSIM_REGION_OTHER: return "other";
    }
    return "other";
}

unsigned pcdsim_layout__distance(const char *a, const char *b)
{
    size_t d = pcdsim_edit_distance(a, b);
    return d > 3 ? 3 : (unsigned)d;
}

size_t pcdsim_layout__index(const struct pcdsim_layout *layout, const char *name)
{
    for (size_t i = 0; i < layout->count; i++) {
        if (strcmp(layout->partitions[i].name, name) == 0) {
            return i;
        }
    }
    return layout->count;
}

static struct pcdsim_layout_pos mark_pos(yaml_mark_t m)
{
    struct pcdsim_layout_pos p = {(unsigned)m.line + 1u, (unsigned)m.column + 1u};
    return p;
}

static struct pcdsim_layout_pos node_pos(const yaml_node_t *n)
{
    return mark_pos(n->start_mark);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
/* Record an error at @p pos with the loader's context; returns @p err. */
static int fail_at(struct loader *L, int err, struct pcdsim_layout_pos pos, const char *fmt, ...)
{
    if (L->diag == NULL) {
        return err;
    }
    char msg[PCDSIM_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pcdsim_diag_set(L->diag, err, L->path, pos.line, pos.column, "%s", msg);
    snprintf(L->diag->context, sizeof(L->diag->context), "%s", L->context);
    return err;
}

static bool is_null_scalar(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return false;
    }
    const char *v = (const char *)n->data.scalar.value;
    size_t l = n->data.scalar.length;
    return l == 0 || (l == 1 && v[0] == '~') ||
           (l == 4 && (memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 || memcmp(v, "NULL", 4) == 0));
}

/* Quote a scalar for a message: printable ASCII kept, the rest as '?', long text cut with "...". */
static void quote_scalar(const yaml_node_t *n, char *buf, size_t size)
{
    const unsigned char *v = n->data.scalar.value;
    size_t l = n->data.scalar.length, o = 0;
    for (size_t i = 0; i < l && o + 4 < size && i < QUOTE_MAX; i++) {
        buf[o++] = (v[i] >= 0x20 && v[i] < 0x7f) ? (char)v[i] : '?';
    }
    if (l > QUOTE_MAX && o + 4 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

/* "a mapping", "a sequence", "an empty value", "the quoted string 'x'", "'x'". */
static void describe(const yaml_node_t *n, char *buf, size_t size)
{
    char q[QUOTE_MAX + 8];
    switch (n->type) {
    case YAML_MAPPING_NODE: snprintf(buf, size, "a mapping"); return;
    case YAML_SEQUENCE_NODE: snprintf(buf, size, "a sequence"); return;
    case YAML_SCALAR_NODE:
        if (is_null_scalar(n)) {
            snprintf(buf, size, "an empty value");
            return;
        }
        quote_scalar(n, q, sizeof(q));
        if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            snprintf(buf, size, "'%s'", q);
        } else {
            snprintf(buf, size, "the quoted string \"%s\"", q);
        }
        return;
    case YAML_NO_NODE: break;
    }
    snprintf(buf, size, "nothing");
}

static int fail_type(struct loader *L, const yaml_node_t *n, const char *what, const char *expected,
                     const char *hint)
{
    char got[QUOTE_MAX + 32];
    describe(n, got, sizeof(got));
    int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: expected %s, got %s", what, expected, got);
    if (hint != NULL) {
        pcdsim_diag_hint(L->diag, "%s", hint);
    }
    return err;
}

/* Copy a scalar string of at most max-1 bytes into buf; a non-scalar, empty, NUL-containing or too
 * long value is an error naming @p what. */
static int get_string(struct loader *L, const yaml_node_t *n, const char *what, char *buf, size_t max,
                      const char *hint)
{
    if (n->type != YAML_SCALAR_NODE || is_null_scalar(n)) {
        return fail_type(L, n, what, "a string", hint);
    }
    size_t l = n->data.scalar.length;
    if (memchr(n->data.scalar.value, '\0', l) != NULL) {
        return fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: the string contains a NUL character", what);
    }
    if (buf == NULL) {
        return 0;
    }
    if (l >= max) {
        char q[QUOTE_MAX + 8];
        quote_scalar(n, q, sizeof(q));
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: '%s' is longer than %zu characters", what, q,
                          max - 1);
        pcdsim_diag_hint(L->diag, "Partition Manager names are short identifiers; use at most %zu characters",
                         max - 1);
        return err;
    }
    memcpy(buf, n->data.scalar.value, l);
    buf[l] = '\0';
    return 0;
}

/* Parse a YAML 1.1 integer as Partition Manager (PyYAML) reads it, restricted to what a layout
 * needs: 0x hex or decimal, '_' between digits allowed, no sign, at most 0xffffffff. */
static int get_u32(struct loader *L, const yaml_node_t *n, const char *what, uint32_t *out)
{
    static const char HINT[] = "write a hexadecimal (0x1000) or decimal (4096) number";
    if (n->type != YAML_SCALAR_NODE || is_null_scalar(n)) {
        return fail_type(L, n, what, "an integer", HINT);
    }
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return fail_type(L, n, what, "an integer", "remove the quotes: a quoted number is a string in YAML");
    }
    const char *s = (const char *)n->data.scalar.value;
    size_t l = n->data.scalar.length;
    char q[QUOTE_MAX + 8];
    quote_scalar(n, q, sizeof(q));
    unsigned base = 10;
    size_t i = 0;
    if (s[0] == '-') {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: '%s' is negative", what, q);
        pcdsim_diag_hint(L->diag, "addresses and sizes are unsigned 32-bit values");
        return err;
    }
    if (l >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (s[1] == 'X') {
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: expected an integer, got '%s'", what, q);
            pcdsim_diag_hint(L->diag, "YAML reads '0X...' as a string; write the prefix in lower case: 0x...");
            return err;
        }
        base = 16;
        i = 2;
    } else if (l >= 2 && s[0] == '0') {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: expected an integer, got '%s'", what, q);
        pcdsim_diag_hint(L->diag, "a leading 0 makes YAML 1.1 (Partition Manager) read the number as octal; "
                                  "write 0x... or a decimal number without leading zeros");
        return err;
    }
    uint64_t v = 0;
    bool overflow = false, digit_before = false;
    size_t digits = 0;
    for (; i < l; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned d;
        if (c == '_' && digit_before && i + 1 < l && s[i + 1] != '_') {
            continue; // YAML 1.1 digit separator, only between digits
        }
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (base == 16 && c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return fail_type(L, n, what, "an integer", HINT);
        }
        digit_before = true;
        digits++;
        if (!overflow) {
            v = v * base + d;
            overflow = v > UINT32_MAX;
        }
    }
    if (digits == 0) {
        return fail_type(L, n, what, "an integer", HINT);
    }
    if (overflow) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: '%s' does not fit in 32 bits (largest is 0xffffffff)",
                          what, q);
        pcdsim_diag_hint(L->diag, "nRF5340 addresses and sizes are 32-bit; check for an extra digit");
        return err;
    }
    *out = (uint32_t)v;
    return 0;
}

/* Order of key nodes for duplicate detection: by text, then by position in the file. */
struct keyref {
    const yaml_node_t *node;
    size_t pair; /* index of the pair in its mapping */
};

static int keyref_cmp(const void *pa, const void *pb)
{
    const struct keyref *a = pa, *b = pb;
    size_t la = a->node->data.scalar.length, lb = b->node->data.scalar.length;
    int c = memcmp(a->node->data.scalar.value, b->node->data.scalar.value, la < lb ? la : lb);
    if (c != 0) {
        return c;
    }
    if (la != lb) {
        return la < lb ? -1 : 1;
    }
    return a->pair < b->pair ? -1 : (a->pair > b->pair ? 1 : 0);
}

/* Find the first (in file order) key of @p map that repeats an earlier scalar key. Sets *dup to the
 * pair index of the repetition and *first to that of the earlier one, or *dup = SIZE_MAX. */
static int find_duplicate(struct loader *L, const yaml_node_t *map, size_t *dup, size_t *first)
{
    *dup = SIZE_MAX;
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    if (n < 2) {
        return 0;
    }
    struct keyref *refs = calloc(n, sizeof(*refs));
    if (refs == NULL) {
        return fail_at(L, PCDSIM_E_NOMEM, node_pos(map), "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const yaml_node_t *k = yaml_document_get_node(L->doc, map->data.mapping.pairs.start[i].key);
        if (k != NULL && k->type == YAML_SCALAR_NODE) {
            refs[m].node = k;
            refs[m].pair = i;
            m++;
        }
    }
    qsort(refs, m, sizeof(*refs), keyref_cmp);
    // Equal keys are now adjacent and in file order: a group's head is the first definition, the
    // element after it the earliest repetition of that key.
    size_t g = 0;
    for (size_t i = 1; i < m; i++) {
        const yaml_node_t *a = refs[g].node, *b = refs[i].node;
        if (a->data.scalar.length == b->data.scalar.length &&
            memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length) == 0) {
            if (i == g + 1 && refs[i].pair < *dup) {
                *dup = refs[i].pair;
                *first = refs[g].pair;
            }
        } else {
            g = i;
        }
    }
    free(refs);
    return 0;
}

static int fail_duplicate(struct loader *L, const yaml_node_t *map, size_t dup, size_t first, const char *where)
{
    const yaml_node_t *k = yaml_document_get_node(L->doc, map->data.mapping.pairs.start[dup].key);
    const yaml_node_t *k0 = yaml_document_get_node(L->doc, map->data.mapping.pairs.start[first].key);
    char q[QUOTE_MAX + 8];
    quote_scalar(k, q, sizeof(q));
    struct pcdsim_layout_pos p0 = node_pos(k0);
    int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k), "duplicate %s '%s' (first defined at line %u, column %u)",
                      where, q, p0.line, p0.column);
    pcdsim_diag_hint(L->diag, "a YAML mapping may define each key only once; merge or remove one of them");
    return err;
}

/* Walk free-form content (placement, extra_params): anything goes except duplicate keys. The
 * visited set lives for the whole load, so content shared through aliases is checked once. */
static int check_free_form(struct loader *L, const yaml_node_t *root)
{
    size_t nodes = (size_t)(L->doc->nodes.top - L->doc->nodes.start);
    if (L->seen == NULL) {
        L->seen = calloc(nodes + 1, sizeof(*L->seen));
        L->stack_cap = 16;
        L->stack = malloc(L->stack_cap * sizeof(*L->stack));
        if (L->seen == NULL || L->stack == NULL) {
            return fail_at(L, PCDSIM_E_NOMEM, node_pos(root), "out of memory");
        }
    }
    size_t top = 0;
    L->stack[top++] = (int)(root - L->doc->nodes.start) + 1;
    while (top > 0) {
        int id = L->stack[--top];
        if (id < 1 || (size_t)id > nodes || L->seen[id]) {
            continue;
        }
        L->seen[id] = true;
        const yaml_node_t *n = yaml_document_get_node(L->doc, id);
        size_t add = 0;
        if (n->type == YAML_MAPPING_NODE) {
            size_t dup, first;
            int err = find_duplicate(L, n, &dup, &first);
            if (err != 0) {
                return err;
            }
            if (dup != SIZE_MAX) {
                return fail_duplicate(L, n, dup, first, "key");
            }
            add = 2 * (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
        } else if (n->type == YAML_SEQUENCE_NODE) {
            add = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        }
        if (top + add > L->stack_cap) {
            size_t ncap = (top + add) * 2;
            int *ns = realloc(L->stack, ncap * sizeof(*L->stack));
            if (ns == NULL) {
                return fail_at(L, PCDSIM_E_NOMEM, node_pos(n), "out of memory");
            }
            L->stack = ns;
            L->stack_cap = ncap;
        }
        if (n->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
                L->stack[top++] = p->key;
                L->stack[top++] = p->value;
            }
        } else if (n->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
                L->stack[top++] = *it;
            }
        }
    }
    return 0;
}

/* One name or a sequence of names. When @p store is set, the names are copied into p->span. */
static int get_names(struct loader *L, const yaml_node_t *n, const char *what, struct pcdsim_partition *store)
{
    char name[PCDSIM_LAYOUT_NAME_MAX];
    static const char HINT[] = "write a list of partition names, e.g. [mcuboot_pad, app]";
    if (n->type == YAML_SCALAR_NODE) {
        int err = get_string(L, n, what, name, sizeof(name), HINT);
        if (err == 0 && store != NULL) {
            store->span = calloc(1, sizeof(*store->span));
            if (store->span == NULL) {
                return fail_at(L, PCDSIM_E_NOMEM, node_pos(n), "out of memory");
            }
            memcpy(store->span[0], name, sizeof(name));
            store->span_count = 1;
        }
        return err;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        return fail_type(L, n, what, "a sequence of partition names", HINT);
    }
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (cnt > PCDSIM_LAYOUT__MAX_SPAN) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(n), "%s: %zu names, more than the %u supported", what, cnt,
                          PCDSIM_LAYOUT__MAX_SPAN);
        pcdsim_diag_hint(L->diag, "Partition Manager lists name a handful of partitions; is this the right file?");
        return err;
    }
    if (store != NULL && cnt > 0) {
        store->span = calloc(cnt, sizeof(*store->span));
        if (store->span == NULL) {
            return fail_at(L, PCDSIM_E_NOMEM, node_pos(n), "out of memory");
        }
    }
    for (size_t i = 0; i < cnt; i++) {
        const yaml_node_t *it = yaml_document_get_node(L->doc, n->data.sequence.items.start[i]);
        char w[96];
        snprintf(w, sizeof(w), "%s[%zu]", what, i);
        if (it->type != YAML_SCALAR_NODE) {
            return fail_type(L, it, w, "a partition name", HINT);
        }
        int err = get_string(L, it, w, name, sizeof(name), HINT);
        if (err != 0) {
            return err;
        }
        if (store != NULL) {
            memcpy(store->span[i], name, sizeof(name));
            store->span_count = i + 1;
        }
    }
    return 0;
}

/* align: {start: N} or {end: N}. */
static int get_align(struct loader *L, const yaml_node_t *n, const char *what)
{
    if (n->type != YAML_MAPPING_NODE) {
        return fail_type(L, n, what, "a mapping (check indentation)", "write e.g. 'align: {start: 0x1000}'");
    }
    bool seen[2] = {false, false};
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        char key[16] = "";
        int which = -1;
        if (k->type == YAML_SCALAR_NODE && k->data.scalar.length < sizeof(key)) {
            memcpy(key, k->data.scalar.value, k->data.scalar.length);
            key[k->data.scalar.length] = '\0';
            which = strcmp(key, "start") == 0 ? 0 : (strcmp(key, "end") == 0 ? 1 : -1);
        }
        if (which < 0) {
            char got[QUOTE_MAX + 32];
            describe(k, got, sizeof(got));
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k), "%s: unknown key %s", what, got);
            pcdsim_diag_hint(L->diag, "known keys of 'align': start, end");
            return err;
        }
        if (seen[which]) {
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k), "%s: duplicate key '%s'", what, key);
            pcdsim_diag_hint(L->diag, "a YAML mapping may define each key only once");
            return err;
        }
        seen[which] = true;
        char w[96];
        uint32_t dummy;
        snprintf(w, sizeof(w), "%s.%s", what, key);
        int err = get_u32(L, v, w, &dummy);
        if (err != 0) {
            return err;
        }
    }
    return 0;
}

static const struct key_def *find_key(const yaml_node_t *k)
{
    for (size_t i = 0; i < K_COUNT; i++) {
        if (strlen(KEYS[i].key) == k->data.scalar.length &&
            memcmp(KEYS[i].key, k->data.scalar.value, k->data.scalar.length) == 0) {
            return &KEYS[i];
        }
    }
    return NULL;
}

static int fail_unknown_key(struct loader *L, const yaml_node_t *k, const char *part)
{
    char q[QUOTE_MAX + 8];
    quote_scalar(k, q, sizeof(q));
    int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k), "unknown key '%s' in partition '%s'", q, part);
    const char *best = NULL;
    unsigned bd = 3;
    for (size_t i = 0; i < K_COUNT; i++) {
        unsigned d = pcdsim_layout__distance(q, KEYS[i].key);
        if (d < bd) {
            bd = d;
            best = KEYS[i].key;
        }
    }
    if (best != NULL) {
        pcdsim_diag_hint(L->diag, "did you mean '%s'? known keys: %s", best, KNOWN_KEYS_TEXT);
    } else {
        pcdsim_diag_hint(L->diag, "known keys: %s (content under placement and extra_params is free-form)",
                         KNOWN_KEYS_TEXT);
    }
    return err;
}

static bool is_identifier(const char *s)
{
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) {
        return false;
    }
    for (const char *c = s + 1; *c; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) {
            return false;
        }
    }
    return true;
}

/* A key given twice in partition @p name (@p pr the second, @p k its key): the error, against the
 * first. */
static int fail_duplicate_key(struct loader *L, const yaml_node_t *val, const yaml_node_pair_t *pr,
                              const struct key_def *def, const yaml_node_t *k, const char *name)
{
    struct pcdsim_layout_pos p0 = {0, 0};
    // report against the earlier *key*: find it again (cheap: few keys per partition)
    for (yaml_node_pair_t *q = val->data.mapping.pairs.start; q < pr; q++) {
        const yaml_node_t *k0 = yaml_document_get_node(L->doc, q->key);
        if (k0->type == YAML_SCALAR_NODE && find_key(k0) == def) {
            p0 = node_pos(k0);
            break;
        }
    }
    int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k),
                      "duplicate key '%s' in partition '%s' (first defined at line %u, column %u)", def->key,
                      name, p0.line, p0.column);
    pcdsim_diag_hint(L->diag, "a YAML mapping may define each key only once; remove one of them");
    return err;
}

/* The value @p v of key @p def into @p p (names) or @p ival (numbers); 0 or a code. */
static int get_value(struct loader *L, const struct key_def *def, const yaml_node_t *v, struct pcdsim_partition *p,
                     uint32_t *ival)
{
    int err = 0;
    switch (def->type) {
    case V_INT: err = get_u32(L, v, def->key, &ival[def->id]); break;
    case V_NAME:
        err = def->id == K_REGION
                  ? get_string(L, v, def->key, p->region_name, sizeof(p->region_name),
                               "known regions: flash_primary, sram_primary, external_flash, ram_flash, otp")
                  : get_string(L, v, def->key, p->device, sizeof(p->device),
                               "the device name of the flash, e.g. 'MX25R64' or 'flash_ctrl'");
        break;
    case V_TEXT: err = get_string(L, v, def->key, NULL, 0, "write a string"); break;
    case V_NAMES: err = get_names(L, v, def->key, def->id == K_SPAN ? p : NULL); break;
    case V_FREE_MAP:
        if (v->type != YAML_MAPPING_NODE) {
            err = fail_type(L, v, def->key, "a mapping (check indentation)",
                            "its content is free-form, but it must be a mapping of keys indented below it");
        } else {
            err = check_free_form(L, v);
        }
        break;
    case V_ALIGN: err = get_align(L, v, def->key); break;
    }
    return err;
}

/* Every key of partition @p val: its value node into @p vnode, numbers into @p ival. 0 or a code. */
static int read_keys(struct loader *L, const yaml_node_t *val, struct pcdsim_partition *p,
                     const yaml_node_t **vnode, uint32_t *ival)
{
    const char *name = p->name;
    for (yaml_node_pair_t *pr = val->data.mapping.pairs.start; pr < val->data.mapping.pairs.top; pr++) {
        const yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
        const yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
        if (k->type != YAML_SCALAR_NODE) {
            return fail_type(L, k, "key", "a key name", "keys of a partition are plain words such as 'address'");
        }
        const struct key_def *def = find_key(k);
        if (def == NULL) {
            return fail_unknown_key(L, k, name);
        }
        if (vnode[def->id] != NULL) {
            return fail_duplicate_key(L, val, pr, def, k, name);
        }
        vnode[def->id] = v;
        int err = get_value(L, def, v, p, ival);
        if (err != 0) {
            return err;
        }
    }
    return 0;
}

/* Address, size and end address of @p p from the keys given (two of three are enough, all three
 * must agree); 0 or a code. */
static int place_partition(struct loader *L, const yaml_node_t *key, struct pcdsim_partition *p,
                           const yaml_node_t *const *vnode, const uint32_t *ival)
{
    const char *name = p->name;
    const yaml_node_t *na = vnode[K_ADDRESS], *ns = vnode[K_SIZE], *ne = vnode[K_END_ADDRESS];
    uint32_t a = ival[K_ADDRESS], s = ival[K_SIZE], e = ival[K_END_ADDRESS];
    p->has_end_address = ne != NULL;
    if (na == NULL && (ns == NULL || ne == NULL)) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(key), "partition '%s' has no 'address'", name);
        pcdsim_diag_hint(L->diag, "add 'address: 0x...' (or both 'size' and 'end_address')");
        return err;
    }
    if (ns == NULL && ne == NULL) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(key),
                          "partition '%s' has no 'size' (and no 'end_address' to derive it from)", name);
        pcdsim_diag_hint(L->diag, "add 'size: 0x...' in bytes (or 'end_address', exclusive)");
        return err;
    }
    if (na == NULL) {
        if (e < s) {
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(ns),
                              "partition '%s': size 0x%" PRIx32 " is larger than end_address 0x%" PRIx32, name, s, e);
            pcdsim_diag_hint(L->diag, "end_address is exclusive: address = end_address - size");
            return err;
        }
        a = e - s;
    } else if (ns == NULL) {
        if (e < a) {
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(ne),
                              "partition '%s': end_address 0x%" PRIx32 " is below address 0x%" PRIx32, name, e, a);
            pcdsim_diag_hint(L->diag, "end_address is exclusive (the first byte after the partition)");
            return err;
        }
        s = e - a;
    } else {
        uint64_t end = (uint64_t)a + s;
        if (end > UINT32_MAX) {
            int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(ns),
                              "partition '%s' ends past 4 GiB: address 0x%" PRIx32 " + size 0x%" PRIx32
                              " = 0x%" PRIx64,
                              name, a, s, end);
            pcdsim_diag_hint(L->diag, "addresses are 32-bit; check address and size");
            return err;
        }
        if (ne != NULL && e != (uint32_t)end) {
            // Partition Manager places a partition by address and size and rewrites end_address
            // (calculate_end_address()); NCS's own extxip_smp_svr pm_static.yml has a stale one.
            p->end_address_ignored = true;
            p->end_address_written = e;
            p->end_address_pos = node_pos(ne);
        }
    }
    p->address = a;
    p->size = s;
    p->end_address = a + s;
    p->pos = node_pos(key);
    if (na != NULL) {
        p->address_pos = node_pos(na);
    }
    if (ns != NULL) {
        p->size_pos = node_pos(ns);
    }
    return 0;
}

/* Parse one top-level entry into @p p (p->name already set). */
static int parse_partition(struct loader *L, const yaml_node_t *key, const yaml_node_t *val,
                           struct pcdsim_partition *p)
{
    const char *name = p->name;
    if (val->type != YAML_MAPPING_NODE) {
        char what[PCDSIM_LAYOUT_NAME_MAX + 16];
        snprintf(what, sizeof(what), "partition '%s'", name);
        return fail_type(L, val, what, "a mapping (check indentation)",
                         "a partition is a mapping of keys such as 'address:', 'size:' and 'region:', "
                         "indented below its name");
    }
    const yaml_node_t *vnode[K_COUNT] = {NULL};
    uint32_t ival[K_COUNT] = {0};
    int err = read_keys(L, val, p, vnode, ival);
    if (err != 0) {
        return err;
    }
    // Region and device.
    p->region = PCDSIM_REGION_FLASH_PRIMARY;
    if (vnode[K_REGION] != NULL) {
        p->region = PCDSIM_REGION_OTHER;
        for (size_t i = 0; i < sizeof(REGIONS) / sizeof(REGIONS[0]); i++) {
            if (strcmp(REGIONS[i].name, p->region_name) == 0) {
                p->region = REGIONS[i].region;
            }
        }
    }
    p->has_device = vnode[K_DEVICE] != NULL;

    return place_partition(L, key, p, vnode, ival);
}

static int parse_root(struct loader *L)
{
    const yaml_node_t *root = yaml_document_get_root_node(L->doc);
    struct pcdsim_layout_pos first = {1, 1};
    if (root == NULL) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, first, "empty file: no partitions");
        pcdsim_diag_hint(L->diag, "a layout is a mapping of partition names to partitions, e.g. "
                                  "'mcuboot: {address: 0x0, size: 0xc000}'");
        return err;
    }
    if (root->type != YAML_MAPPING_NODE) {
        return fail_type(L, root, "top level", "a mapping of partition names to partitions (check indentation)",
                         "start each partition name in column 1, e.g. 'mcuboot:', with its keys indented below");
    }
    size_t n = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
    if (n == 0) {
        int err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(root), "no partitions");
        pcdsim_diag_hint(L->diag, "a layout is a mapping of partition names to partitions");
        return err;
    }
    if (n > PCDSIM_LAYOUT__MAX_PARTITIONS) {
        return fail_at(L, PCDSIM_E_SCHEMA, node_pos(root), "%zu partitions: more than the %u supported", n,
                       PCDSIM_LAYOUT__MAX_PARTITIONS);
    }
    size_t dup, dup_first;
    int err = find_duplicate(L, root, &dup, &dup_first);
    if (err != 0) {
        return err;
    }
    L->out->partitions = calloc(n, sizeof(*L->out->partitions));
    if (L->out->partitions == NULL) {
        return fail_at(L, PCDSIM_E_NOMEM, node_pos(root), "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const yaml_node_pair_t *pr = &root->data.mapping.pairs.start[i];
        const yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
        const yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
        struct pcdsim_partition *p = &L->out->partitions[i];
        L->context[0] = '\0';
        if (k->type != YAML_SCALAR_NODE) {
            return fail_type(L, k, "partition name", "a name",
                             "partition names are plain words such as 'mcuboot_secondary'");
        }
        if (i == dup) {
            return fail_duplicate(L, root, dup, dup_first, "partition");
        }
        err = get_string(L, k, "partition name", p->name, sizeof(p->name),
                         "partition names are plain words such as 'mcuboot_secondary'");
        if (err != 0) {
            return err;
        }
        if (!is_identifier(p->name)) {
            err = fail_at(L, PCDSIM_E_SCHEMA, node_pos(k), "invalid partition name '%s'", p->name);
            pcdsim_diag_hint(L->diag, "Partition Manager names become C macros (PM_<NAME>_ADDRESS): use letters, "
                                      "digits and '_', not starting with a digit");
            return err;
        }
        struct pcdsim_layout_pos kp = node_pos(k);
        snprintf(L->context, sizeof(L->context), "in partition '%s' (line %u, column %u)", p->name, kp.line,
                 kp.column);
        L->out->count = i + 1; // owned from here on, so an error frees its span list
        err = parse_partition(L, k, v, p);
        if (err != 0) {
            return err;
        }
    }
    L->context[0] = '\0';
    return 0;
}

/* Line/column of a byte offset of the input (for reader errors, which carry no mark). */
static struct pcdsim_layout_pos offset_pos(const struct loader *L, size_t off)
{
    struct pcdsim_layout_pos p = {1, 1};
    for (size_t i = 0; i < off && i < L->len; i++) {
        if (L->text[i] == '\n') {
            p.line++;
            p.column = 1;
        } else {
            p.column++;
        }
    }
    return p;
}

/* Translate a libyaml failure (its 0 return) into PCDSIM_E_YAML with netplan-style hints. */
static int syntax_error(struct loader *L, const yaml_parser_t *parser)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        return fail_at(L, PCDSIM_E_NOMEM, (struct pcdsim_layout_pos){0, 0}, "out of memory while parsing YAML");
    }
    const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
    if (parser->error == YAML_READER_ERROR) {
        int err = fail_at(L, PCDSIM_E_YAML, offset_pos(L, parser->problem_offset), "invalid YAML input: %s (byte 0x%02x)",
                          problem, (unsigned)parser->problem_value & 0xffu);
        pcdsim_diag_hint(L->diag, "the file must be UTF-8 text");
        return err;
    }
    struct pcdsim_layout_pos pos = mark_pos(parser->problem_mark);
    size_t idx = parser->problem_mark.index;
    char at = idx < L->len ? L->text[idx] : '\0';
    int err = fail_at(L, PCDSIM_E_YAML, pos, "invalid YAML: %s", problem);
    if (L->diag != NULL && parser->context != NULL) {
        struct pcdsim_layout_pos c = mark_pos(parser->context_mark);
        snprintf(L->diag->context, sizeof(L->diag->context), "%s (line %u, column %u)", parser->context, c.line,
                 c.column);
    }
    struct pcdsim_layout_pos c = mark_pos(parser->context_mark);
    if (strstr(problem, "cannot start any token") != NULL && at == '\t') {
        pcdsim_diag_hint(L->diag, "tabs are not allowed for indentation in YAML; use spaces");
    } else if (strstr(problem, "expected ',' or ']'") != NULL) {
        pcdsim_diag_hint(L->diag, "the '[' at line %u, column %u is not closed: add ']' or a missing ','", c.line,
                         c.column);
    } else if (strstr(problem, "expected ',' or '}'") != NULL) {
        pcdsim_diag_hint(L->diag, "the '{' at line %u, column %u is not closed: add '}' or a missing ','", c.line,
                         c.column);
    } else if (strstr(problem, "undefined alias") != NULL) {
        pcdsim_diag_hint(L->diag, "an alias (*name) must refer to an anchor (&name) defined earlier in the file");
    } else if (strstr(problem, "mapping values are not allowed") != NULL) {
        pcdsim_diag_hint(L->diag, "check the indentation, or quote a value that contains ': '");
    } else if (strstr(problem, "did not find expected key") != NULL ||
               strstr(problem, "expected <block end>") != NULL) {
        pcdsim_diag_hint(L->diag, "inconsistent indentation: keys of one mapping must start in the same column");
    } else if (strstr(problem, "second occurrence") != NULL) {
        pcdsim_diag_hint(L->diag, "the same anchor (&name) is defined twice; rename one of them");
    } else if (strstr(problem, "found unexpected end of stream") != NULL) {
        pcdsim_diag_hint(L->diag, "a quoted string or a flow collection is not closed");
    } else {
        pcdsim_diag_hint(L->diag, "check the YAML syntax at this position");
    }
    return err;
}

static int load_text(struct loader *L)
{
    yaml_parser_t parser;
    yaml_document_t doc, extra;
    if (!yaml_parser_initialize(&parser)) {
        return fail_at(L, PCDSIM_E_NOMEM, (struct pcdsim_layout_pos){0, 0}, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)L->text, L->len);
    if (!yaml_parser_load(&parser, &doc)) {
        int err = syntax_error(L, &parser);
        yaml_parser_delete(&parser);
        return err;
    }
    L->doc = &doc;
    int err = 0;
    // A second document is refused: a layout is one mapping.
    if (!yaml_parser_load(&parser, &extra)) {
        err = syntax_error(L, &parser);
    } else {
        const yaml_node_t *r = yaml_document_get_root_node(&extra);
        if (r != NULL) {
            err = fail_at(L, PCDSIM_E_YAML, mark_pos(extra.start_mark), "more than one YAML document in the file");
            pcdsim_diag_hint(L->diag, "a layout is a single mapping; remove the '---' separator and what follows");
        }
        yaml_document_delete(&extra);
    }
    if (err == 0) {
        err = parse_root(L);
    }
    L->doc = NULL;
    free(L->seen);
    free(L->stack);
    L->seen = NULL;
    L->stack = NULL;
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return err;
}

int pcdsim_layout_load_string(const char *name, const char *text, size_t len, struct pcdsim_layout *out,
                              struct pcdsim_diag *diag)
{
    if (diag != NULL) {
        pcdsim_diag_clear(diag);
    }
    memset(out, 0, sizeof(*out));
    if (name == NULL) {
        name = "<string>";
    }
    struct loader L = {.path = name, .text = text != NULL ? text : "", .len = text != NULL ? len : 0,
                       .diag = diag, .out = out};
    if (len > PCDSIM_LAYOUT_FILE_MAX) {
        int err = fail_at(&L, PCDSIM_E_FILE, (struct pcdsim_layout_pos){0, 0}, "%zu bytes: larger than the %u accepted",
                          len, PCDSIM_LAYOUT_FILE_MAX);
        pcdsim_diag_hint(diag, "a Partition Manager file is a few KiB; is this the right file?");
        return err;
    }
    size_t nl = strlen(name);
    out->path = malloc(nl + 1);
    if (out->path == NULL) {
        return fail_at(&L, PCDSIM_E_NOMEM, (struct pcdsim_layout_pos){0, 0}, "out of memory");
    }
    memcpy(out->path, name, nl + 1);
    int err = load_text(&L);
    if (err == 0) {
        err = pcdsim_layout_check(out, diag);
    }
    if (err != 0) {
        pcdsim_layout_free(out);
    }
    return err;
}

int pcdsim_layout_load(const char *path, struct pcdsim_layout *out, struct pcdsim_diag *diag)
{
    if (diag != NULL) {
        pcdsim_diag_clear(diag);
    }
    memset(out, 0, sizeof(*out));
    uint8_t *buf = NULL;
    size_t len = 0;
    struct pcdsim_read_info ri;
    int err = pcdsim_read_file(path, PCDSIM_LAYOUT_FILE_MAX, 0, &buf, &len, &ri);
    switch (err == 0 ? PCDSIM_READ_OK : ri.fail) {
    case PCDSIM_READ_OK: err = pcdsim_layout_load_string(path, (const char *)buf, len, out, diag); break;
    case PCDSIM_READ_OPEN:
        pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot open the layout file: %s", ri.why);
        pcdsim_diag_hint(diag, "check the path (a pm_static.yml or partitions.yml file)");
        break;
    case PCDSIM_READ_NOMEM:
        pcdsim_diag_set(diag, PCDSIM_E_NOMEM, path, 0, 0, "out of memory reading the layout file");
        break;
    case PCDSIM_READ_TOO_LARGE:
        pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "larger than the %u bytes accepted", PCDSIM_LAYOUT_FILE_MAX);
        pcdsim_diag_hint(diag, "a Partition Manager file is a few KiB; is this the right file?");
        break;
    default:
        pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot read the layout file: %s", ri.why);
        pcdsim_diag_hint(diag, "a layout must be a regular, readable text file");
        break;
    }
    free(buf);
    return err;
}

const struct pcdsim_partition *pcdsim_layout_find(const struct pcdsim_layout *layout, const char *name)
{
    if (layout == NULL || name == NULL) {
        return NULL;
    }
    size_t i = pcdsim_layout__index(layout, name);
    return i < layout->count ? &layout->partitions[i] : NULL;
}

void pcdsim_layout_free(struct pcdsim_layout *layout)
{
    if (layout == NULL) {
        return;
    }
    if (layout->partitions != NULL) {
        // count covers every entry that may own a span list (set before each entry is parsed)
        for (size_t i = 0; i < layout->count; i++) {
            free(layout->partitions[i].span);
        }
    }
    free(layout->partitions);
    free(layout->path);
    memset(layout, 0, sizeof(*layout));
}
