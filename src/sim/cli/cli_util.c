/* Small helpers shared by the pcdsim commands. */
#include "cli_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-') {
        return -1;
    }
    *out = v;
    return 0;
}

void cli_xml_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

int cli_out_open(struct cli_out *o, const char *path, const char *who)
{
    size_t n = strlen(path) + sizeof(".part~");
    o->path = path;
    o->f = NULL;
    o->tmp = malloc(n);
    if (o->tmp != NULL) {
        snprintf(o->tmp, n, "%s.part~", path);
        o->f = fopen(o->tmp, "w");
    }
    if (o->f == NULL) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", who, path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_out_commit(struct cli_out *o, const char *who)
{
    int ok = ferror(o->f) == 0;
    ok &= fclose(o->f) == 0;
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) == 0) {
        free(o->tmp);
        o->tmp = NULL;
        return 0;
    }
    fprintf(stderr, "%s: cannot write '%s'\n", who, o->path);
    remove(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return -1;
}

void cli_out_abandon(struct cli_out *o)
{
    if (o->f != NULL) {
        fclose(o->f);
        o->f = NULL;
    }
    if (o->tmp != NULL) {
        remove(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}
