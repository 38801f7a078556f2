/* Internals of the scenario loader: the node tree built from libyaml events, the loader context
 * with its context trail, and the diagnostic helpers. Not installed, not used outside this folder. */
#ifndef PCDSIM_SCN_INTERNAL_H
#define PCDSIM_SCN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"
#include "pcdsim/scenario.h"

/* ---- node tree --------------------------------------------------------------------------- */

enum scn_ntype {
    SCN_SCALAR,
    SCN_SEQ,
    SCN_MAP,
};

/* One YAML node. Mappings keep keys and values alternating in kids[] (key 2i, value 2i+1). */
struct scn_node {
    enum scn_ntype type;
    unsigned line;   /* 1-based */
    unsigned column; /* 1-based */
    char *text;      /* scalar text, NUL-terminated, no embedded NUL (checked) */
    size_t len;      /* strlen(text) */
    bool plain;      /* plain style (not quoted, not a block scalar) */
    struct scn_node **kids;
    size_t count; /* kids used */
    size_t cap;
};

/* Number of pairs of a mapping node, items of a sequence node. */
static inline size_t scn_map_pairs(const struct scn_node *n)
{
    return n->count / 2;
}

/* A plain scalar that YAML reads as null: empty, "~", "null". */
bool scn_is_null(const struct scn_node *n);

/* ---- loader context --------------------------------------------------------------------- */

/* Deepest context trail kept (the format nests at most 5 levels; the tree at most
 * PCDSIM_SCENARIO_DEPTH_MAX). */
#define SCN_TRAIL_MAX (PCDSIM_SCENARIO_DEPTH_MAX + 4)

struct scn_trail {
    const char *key; /* mapping key, or NULL for a sequence index */
    size_t index;
    unsigned line;
    unsigned column;
};

struct scn_ld {
    const char *file;         /* scenario path as given (diagnostics) */
    const char *dir;          /* directory relative paths resolve against */
    struct pcdsim_diag *diag; /* never NULL inside the loader */
    struct pcdsim_scenario *scn;
    struct scn_trail trail[SCN_TRAIL_MAX];
    size_t depth;
};

/* Push a trail entry for a mapping value (key) or a sequence item (key NULL, index). */
void scn_push(struct scn_ld *ld, const char *key, size_t index, const struct scn_node *at);
void scn_pop(struct scn_ld *ld);

/* Set the diagnostic: file = scenario, position of @p at (may be NULL: no position), message,
 * and the context trail. Returns @p err. */
int scn_fail(struct scn_ld *ld, int err, const struct scn_node *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Same, at an explicit position. */
int scn_fail_pos(struct scn_ld *ld, int err, unsigned line, unsigned column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Set the hint of the current diagnostic. */
void scn_hint(struct scn_ld *ld, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Out of memory (no position). */
int scn_nomem(struct scn_ld *ld);

/* Format the current trail as "in 'a.b[2]' (line L, column C)" into buf; the position is left
 * out when it equals (line, column). */
void scn_trail_str(const struct scn_ld *ld, unsigned line, unsigned column, char *buf, size_t size);

/* The trail path alone ("faults[2].power_loss"), "" at the top level. */
void scn_trail_path(const struct scn_ld *ld, char *buf, size_t size);

/* Longest quoted text in a message. */
#define SCN_QUOTE_MAX 64

/* Quote a node for a message: scalars as 'text' (escaped, cut with "..."), collections as
 * "a mapping" / "a sequence", null as "nothing (null)". buf needs SCN_QUOTE_MAX + 16 bytes. */
const char *scn_describe(const struct scn_node *n, char *buf, size_t size);

/* Escape and cut a string into 'text' form. */
const char *scn_quote(const char *s, char *buf, size_t size);

/* Closest of @p names to @p word when close enough to be a likely typo, else NULL. */
const char *scn_did_you_mean(const char *word, const char *const *names, size_t count);

/* Join names with ", " into buf (cut with "..." when long). */
void scn_join(const char *const *names, size_t count, char *buf, size_t size);

/* ---- tree -------------------------------------------------------------------------------- */

/* Parse YAML text into a tree. *root is NULL for an empty stream. Errors: PCDSIM_E_YAML
 * (syntax, several documents), PCDSIM_E_SCHEMA (anchors, aliases, tags, NUL in a scalar,
 * nesting too deep, complex keys), PCDSIM_E_NOMEM. */
int scn_tree_parse(struct scn_ld *ld, const char *text, size_t len, struct scn_node **root);

void scn_tree_free(struct scn_node *n);

/* ---- names ------------------------------------------------------------------------------- */

/* Event names in enum order. */
extern const char *const scn_event_names[PCDSIM_EV__COUNT];

/* Allocation wrappers (the OOM test wraps malloc/calloc/realloc at link time). */
char *scn_strndup(const char *s, size_t n);
char *scn_strdup(const char *s);

#endif /* PCDSIM_SCN_INTERNAL_H */
