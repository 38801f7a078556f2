/* The gate report as HTML (gate_html.h). */
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "gate_html.h"
#include "sweep_map.h"

static const char style[] =
    "body{font-family:sans-serif;margin:24px;color:#222}"
    "table{border-collapse:collapse;margin:8px 0 24px 0}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}"
    ".pass{background:" GATE_HTML_PASS ";color:#fff;font-weight:bold}"
    ".fail{background:" GATE_HTML_FAIL ";color:#fff;font-weight:bold}"
    ".none{background:#bdbdbd;color:#fff}"
    ".verdict{display:inline-block;padding:8px 16px;font-size:20px;border-radius:4px}"
    "pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}";

static void rows(FILE *f, const char *head, const struct gate_html_row *r, unsigned n)
{
    fprintf(f, "<table>\n<tr><th>verdict</th><th>%s</th><th>evidence</th></tr>\n", head);
    for (unsigned i = 0; i < n; i++) {
        const char *cls = r[i].state > 0 ? "pass" : r[i].state == 0 ? "fail" : "none";
        const char *word = r[i].state > 0 ? "pass" : r[i].state == 0 ? "FAIL" : "----";
        fprintf(f, "<tr><td class=\"%s\">%s</td><td>", cls, word);
        cli_xml_escape(f, r[i].name);
        fputs("</td><td>", f);
        cli_xml_escape(f, r[i].evidence ? r[i].evidence : "");
        if (r[i].per_image != NULL && r[i].per_image[0] != '\0') {
            fputs("<br>", f);
            cli_xml_escape(f, r[i].per_image);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

int gate_html_write(FILE *f, const struct gate_html_in *in)
{
    unsigned req_fails = 0, item_fails = 0;
    for (unsigned i = 0; i < in->n_reqs; i++) {
        req_fails += in->reqs[i].state == 0;
    }
    for (unsigned i = 0; i < in->n_items; i++) {
        item_fails += in->items[i].state == 0;
    }
    bool pass = req_fails == 0 && item_fails == 0;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>pcdsim gate: ");
    cli_xml_escape(f, in->update);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>pcdsim gate: ", style);
    cli_xml_escape(f, in->update);
    fprintf(f, "</h1>\n<p><span class=\"verdict %s\">%s</span> %u of %u requirement(s) do not hold, %u of %u battery "
               "item(s) failed</p>\n", pass ? "pass" : "fail", pass ? "PASS" : "FAIL", req_fails, in->n_reqs,
            item_fails, in->n_items);
    fputs("<pre>", f);
    cli_xml_escape(f, in->command);
    fputs("</pre>\n<h2>Requirements</h2>\n", f);
    rows(f, "requirement", in->reqs, in->n_reqs);
    fputs("<h2>Battery</h2>\n", f);
    rows(f, "item", in->items, in->n_items);
    if (in->map_svg != NULL) {
        fprintf(f, "<h2>Power loss at each flash operation</h2>\n<div>\n%s</div>\n", in->map_svg);
    }
    fputs("<h2>Replay</h2>\n", f);
    if (in->n_replays == 0) {
        fputs("<p>nothing failed</p>\n", f);
    }
    for (unsigned i = 0; i < in->n_replays; i++) {
        fputs("<pre>", f);
        cli_xml_escape(f, in->replays[i]);
        fputs("</pre>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}

/* Append @p s to the string at *@p out (length *@p len), shell-quoted when it needs it. */
static int append_arg(char **out, size_t *len, const char *s)
{
    bool plain = s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                           "-_./=:,+@%") == strlen(s);
    size_t need = *len + 4 * strlen(s) + 4;
    char *n = realloc(*out, need);
    if (n == NULL) {
        return -1;
    }
    *out = n;
    char *p = n + *len;
    *p++ = ' ';
    if (!plain) {
        *p++ = '\'';
    }
    for (; *s; s++) {
        if (*s == '\'' && !plain) {
            memcpy(p, "'\\''", 4);
            p += 4;
        } else {
            *p++ = *s;
        }
    }
    if (!plain) {
        *p++ = '\'';
    }
    *p = '\0';
    *len = (size_t)(p - n);
    return 0;
}

char *gate_html_command(int argc, char **argv, const char *const *skip)
{
    char *out = malloc(sizeof("pcdsim gate"));
    size_t len = sizeof("pcdsim gate") - 1;
    if (out == NULL) {
        return NULL;
    }
    memcpy(out, "pcdsim gate", sizeof("pcdsim gate"));
    for (int i = 1; i < argc; i++) {
        bool skipped = false;
        for (unsigned k = 0; skip[k] != NULL && !skipped; k++) {
            skipped = strcmp(argv[i], skip[k]) == 0;
        }
        if (skipped) {
            i++; /* and its value */
        } else if (append_arg(&out, &len, argv[i]) != 0) {
            free(out);
            return NULL;
        }
    }
    return out;
}

struct map_ctx {
    const struct run_sweep *sw;
    const char *command;
};

static int map_op_info(const void *ctx, uint64_t op, struct sweep_op_info *out)
{
    return run_sweep_op(((const struct map_ctx *)ctx)->sw, op, out);
}

static void map_replay(const void *ctx, const struct sweep_point *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s --cuts list:%llu", ((const struct map_ctx *)ctx)->command, (unsigned long long)p->op);
}

char *gate_html_map(const struct run_sweep *sw, const struct sweep_point *res, size_t n, const char *title,
                    const char *command)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        return NULL;
    }
    const struct map_ctx mc = {sw, command};
    const struct sweep_map_in mi = {title, run_sweep_ops(sw), map_op_info, &mc, map_replay, res, n};
    int rc = sweep_map_svg(f, &mi);
    if (fclose(f) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
