/* YAML text -> node tree, on libyaml's event API.
 *
 * The event API (not yaml_parser_load()) lets the loader refuse anchors, aliases and tags at the
 * place they are written, and stop at its own nesting limit before building anything deep:
 * yaml_set_max_nest_level() is process-global state and is never called. libyaml's 1/0 results
 * become PCDSIM_E_* codes here; its 0-based marks become 1-based lines and columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "pcdsim/host_err.h"
#include "scn_internal.h"

bool scn_is_null(const struct scn_node *n)
{
    if (n->type != SCN_SCALAR || !n->plain) {
        return false;
    }
    return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
           strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

void scn_tree_free(struct scn_node *n)
{
    if (n == NULL) {
        return;
    }
    // Depth is bounded by PCDSIM_SCENARIO_DEPTH_MAX, so recursion is safe.
    for (size_t i = 0; i < n->count; i++) {
        scn_tree_free(n->kids[i]);
    }
    free(n->kids);
    free(n->text);
    free(n);
}

static struct scn_node *node_new(enum scn_ntype type, const yaml_mark_t *mark)
{
    struct scn_node *n = calloc(1, sizeof(*n));
    if (n != NULL) {
        n->type = type;
        n->line = (unsigned)mark->line + 1;
        n->column = (unsigned)mark->column + 1;
    }
    return n;
}

/* Append @p kid to @p parent; on failure the caller still owns @p kid. */
static int node_add(struct scn_node *parent, struct scn_node *kid)
{
    if (parent->count == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        struct scn_node **k = realloc(parent->kids, cap * sizeof(*k));
        if (k == NULL) {
            return PCDSIM_E_NOMEM;
        }
        parent->kids = k;
        parent->cap = cap;
    }
    parent->kids[parent->count++] = kid;
    return 0;
}

/* Hints for libyaml's most common complaints (netplan does the same). */
static const char *syntax_hint(const char *problem, const char *text, size_t len, const yaml_mark_t *mark)
{
    if (mark->index < len && text[mark->index] == '\t') {
        return "tabs are not allowed for indentation in YAML; indent with spaces";
    }
    if (problem == NULL) {
        return "check the YAML syntax near this position";
    }
    if (strstr(problem, "tab") != NULL) {
        return "tabs are not allowed for indentation in YAML; indent with spaces";
    }
    if (strstr(problem, "did not find expected key") != NULL ||
        strstr(problem, "did not find expected '-' indicator") != NULL) {
        return "inconsistent indentation: keys of one mapping (and items of one list) must start in the same column";
    }
    if (strstr(problem, "mapping values are not allowed") != NULL) {
        return "a ':' followed by a space starts a mapping; quote the value, or check the indentation";
    }
    if (strstr(problem, "could not find expected ':'") != NULL) {
        return "a key must be followed by ':' and a space";
    }
    if (strstr(problem, "did not find expected node content") != NULL ||
        strstr(problem, "did not find expected ',' or ']'") != NULL ||
        strstr(problem, "did not find expected ',' or '}'") != NULL) {
        return "check the brackets and commas of the flow collection";
    }
    if (strstr(problem, "found unexpected end of stream") != NULL) {
        return "a quoted string or a bracket is not closed";
    }
    return "check the YAML syntax near this position";
}

static int syntax_error(struct scn_ld *ld, const yaml_parser_t *p, const char *text, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) {
        return scn_nomem(ld);
    }
    const char *problem = p->problem ? p->problem : "syntax error";
    yaml_mark_t mark = p->problem_mark;
    if (p->error == YAML_READER_ERROR) {
        // Reader errors carry a byte offset, not a mark: locate it by counting lines.
        size_t off = p->problem_offset < len ? p->problem_offset : len;
        size_t line = 0, col = 0;
        for (size_t i = 0; i < off; i++) {
            if (text[i] == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        mark.index = off;
        mark.line = line;
        mark.column = col;
        scn_fail_pos(ld, PCDSIM_E_YAML, (unsigned)line + 1, (unsigned)col + 1,
                     "invalid YAML: %s (byte 0x%x)", problem, (unsigned)p->problem_value & 0xffu);
        scn_hint(ld, "the scenario must be UTF-8 text without control characters");
        return PCDSIM_E_YAML;
    }
    if (p->context != NULL) {
        scn_fail_pos(ld, PCDSIM_E_YAML, (unsigned)mark.line + 1, (unsigned)mark.column + 1,
                     "invalid YAML: %s (%s started at line %u, column %u)", problem, p->context,
                     (unsigned)p->context_mark.line + 1, (unsigned)p->context_mark.column + 1);
    } else {
        scn_fail_pos(ld, PCDSIM_E_YAML, (unsigned)mark.line + 1, (unsigned)mark.column + 1, "invalid YAML: %s",
                     problem);
    }
    scn_hint(ld, "%s", syntax_hint(p->problem, text, len, &mark));
    // A syntax error has no place in the schema yet: drop the trail.
    ld->diag->context[0] = '\0';
    return PCDSIM_E_YAML;
}

/* Refuse anchors, aliases and explicit tags: the format needs none of them, and a scenario must
 * read the same to a human as to the loader. */
static int check_props(struct scn_ld *ld, const yaml_mark_t *m, const yaml_char_t *anchor, const yaml_char_t *tag)
{
    char q[SCN_QUOTE_MAX + 16], a[SCN_QUOTE_MAX + 2];
    if (anchor != NULL) {
        snprintf(a, sizeof(a), "&%s", (const char *)anchor);
        scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)m->line + 1, (unsigned)m->column + 1,
                     "anchors are not supported (%s)", scn_quote(a, q, sizeof(q)));
        scn_hint(ld, "write the value out where it is needed (scenarios use no anchors or aliases)");
        ld->diag->context[0] = '\0';
        return PCDSIM_E_SCHEMA;
    }
    if (tag != NULL) {
        scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)m->line + 1, (unsigned)m->column + 1,
                     "tags are not supported (%s)", scn_quote((const char *)tag, q, sizeof(q)));
        scn_hint(ld, "remove the tag; the key decides the type of its value");
        ld->diag->context[0] = '\0';
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

/* Most nodes in one scenario: a real one has a few hundred; the limit bounds the memory a
 * hostile file of PCDSIM_SCENARIO_FILE_MAX bytes can make the loader allocate. */
#define SCN_NODES_MAX 100000

static int too_many(struct scn_ld *ld, const yaml_mark_t *m)
{
    scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)m->line + 1, (unsigned)m->column + 1,
                 "more than %d YAML nodes in the scenario", SCN_NODES_MAX);
    scn_hint(ld, "a scenario has a few hundred values; split the file or shorten its lists");
    ld->diag->context[0] = '\0';
    return PCDSIM_E_SCHEMA;
}

/* An alias (`*name`): not supported. The code, with the message. */
static int alias_error(struct scn_ld *ld, const yaml_event_t *ev)
{
    char q[SCN_QUOTE_MAX + 16], a[SCN_QUOTE_MAX + 2];
    snprintf(a, sizeof(a), "*%s", (const char *)ev->data.alias.anchor);
    int rc = scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
                          "aliases are not supported (%s)", scn_quote(a, q, sizeof(q)));
    scn_hint(ld, "write the value out where it is needed (scenarios use no anchors or aliases)");
    ld->diag->context[0] = '\0';
    return rc;
}

/* The node of a scalar event into @p out; 0 or a code. */
static int scalar_node(struct scn_ld *ld, const yaml_event_t *ev, size_t *nodes, struct scn_node **out)
{
    int rc = check_props(ld, &ev->start_mark, ev->data.scalar.anchor, ev->data.scalar.tag);
    if (rc != 0) {
        return rc;
    }
    if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length) {
        rc = scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
                          "a string containing a NUL character ('\\0')");
        scn_hint(ld, "remove the \\0 escape; scenario strings are plain text");
        ld->diag->context[0] = '\0';
        return rc;
    }
    if (++*nodes > SCN_NODES_MAX) {
        return too_many(ld, &ev->start_mark);
    }
    struct scn_node *n = node_new(SCN_SCALAR, &ev->start_mark);
    if (n == NULL) {
        return scn_nomem(ld);
    }
    n->text = scn_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
    if (n->text == NULL) {
        scn_tree_free(n);
        return scn_nomem(ld);
    }
    n->len = ev->data.scalar.length;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    *out = n;
    return 0;
}

/* The node of a sequence or mapping start event at @p depth into @p out; 0 or a code. */
static int collection_node(struct scn_ld *ld, const yaml_event_t *ev, size_t depth, size_t *nodes,
                           struct scn_node **out)
{
    bool map = ev->type == YAML_MAPPING_START_EVENT;
    int rc = check_props(ld, &ev->start_mark, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
                         map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
    if (rc != 0) {
        return rc;
    }
    if (depth >= PCDSIM_SCENARIO_DEPTH_MAX) {
        rc = scn_fail_pos(ld, PCDSIM_E_SCHEMA, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
                          "YAML nested deeper than %d levels", PCDSIM_SCENARIO_DEPTH_MAX);
        scn_hint(ld, "the scenario format nests at most 5 levels; check the indentation");
        ld->diag->context[0] = '\0';
        return rc;
    }
    if (++*nodes > SCN_NODES_MAX) {
        return too_many(ld, &ev->start_mark);
    }
    *out = node_new(map ? SCN_MAP : SCN_SEQ, &ev->start_mark);
    return *out != NULL ? 0 : scn_nomem(ld);
}

/* Put the new node @p n in the tree: the root, or a child of the open collection (a collection is
 * opened). 0, or a code (@p n freed). */
static int attach(struct scn_ld *ld, struct scn_node **stack, size_t *depth, struct scn_node **root,
                  struct scn_node *n)
{
    int rc = 0;
    // Keys of a mapping must be scalars: a complex key (`? [a, b]`) has no place here.
    if (*depth > 0 && stack[*depth - 1]->type == SCN_MAP && stack[*depth - 1]->count % 2 == 0 &&
        n->type != SCN_SCALAR) {
        rc = scn_fail(ld, PCDSIM_E_SCHEMA, n, "a mapping key must be a plain name, not %s",
                      n->type == SCN_MAP ? "a mapping" : "a sequence");
        scn_hint(ld, "check the indentation, or quote the key");
        ld->diag->context[0] = '\0';
        scn_tree_free(n);
    } else if (*depth == 0) {
        if (*root != NULL) { // cannot happen: one node per document, one document
            scn_tree_free(n);
            rc = scn_fail(ld, PCDSIM_E_INTERNAL, NULL, "two root nodes in one YAML document");
        } else {
            *root = n;
        }
    } else if (node_add(stack[*depth - 1], n) != 0) {
        scn_tree_free(n);
        rc = scn_nomem(ld);
    }
    if (rc == 0 && n->type != SCN_SCALAR) {
        stack[(*depth)++] = n;
    }
    return rc;
}

int scn_tree_parse(struct scn_ld *ld, const char *text, size_t len, struct scn_node **root)
{
    yaml_parser_t p;
    yaml_event_t ev;
    struct scn_node *stack[PCDSIM_SCENARIO_DEPTH_MAX];
    size_t depth = 0;
    unsigned documents = 0;
    size_t nodes = 0;
    int rc = 0;
    bool done = false;

    *root = NULL;
    if (!yaml_parser_initialize(&p)) {
        return scn_nomem(ld);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);

    while (!done && rc == 0) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = syntax_error(ld, &p, text, len);
            break;
        }
        struct scn_node *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                rc = scn_fail_pos(ld, PCDSIM_E_YAML, (unsigned)ev.start_mark.line + 1,
                                  (unsigned)ev.start_mark.column + 1, "a second YAML document in the scenario");
                scn_hint(ld, "a scenario file holds one document: remove the '---' line and what follows, "
                             "or split the file");
                ld->diag->context[0] = '\0';
            }
            break;
        case YAML_ALIAS_EVENT:
            rc = alias_error(ld, &ev);
            break;
        case YAML_SCALAR_EVENT:
            rc = scalar_node(ld, &ev, &nodes, &n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            rc = collection_node(ld, &ev, depth, &nodes, &n);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                depth--;
            }
            break;
        default: /* stream start, document end, no event */
            break;
        }
        if (rc == 0 && n != NULL) {
            rc = attach(ld, stack, &depth, root, n);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (rc != 0) {
        scn_tree_free(*root);
        *root = NULL;
    }
    return rc;
}
