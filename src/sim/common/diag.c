/* Diagnostics: format once, print with the offending source line and a caret. */
#include "pcdsim/diag.h"

#include <stdarg.h>
#include <string.h>

void pcdsim_diag_clear(struct pcdsim_diag *d)
{
    if (d == NULL) { /* callers may pass no diagnostic (e.g. pcdsim_netcore_hex_split()) */
        return;
    }
    memset(d, 0, sizeof(*d));
    d->byte_offset = -1;
}

int pcdsim_diag_set(struct pcdsim_diag *d, int err, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
{
    if (d == NULL) {
        return err;
    }
    d->err = err;
    snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
    d->line = line;
    d->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    va_end(ap);
    return err;
}

void pcdsim_diag_hint(struct pcdsim_diag *d, const char *fmt, ...)
{
    if (d == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->hint, sizeof(d->hint), fmt, ap);
    va_end(ap);
}

/* Copy line number @p line (1-based) of @p path into @p buf; 0 if it cannot be read. */
static int read_line(const char *path, unsigned line, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    unsigned n = 1;
    int found = 0;
    while (fgets(buf, (int)size, f) != NULL) {
        size_t len = strlen(buf);
        int whole = len > 0 && buf[len - 1] == '\n';
        if (n == line) {
            buf[strcspn(buf, "\r\n")] = '\0';
            found = 1;
            break;
        }
        if (whole) {
            n++;
        }
    }
    fclose(f);
    return found;
}

void pcdsim_diag_print(const struct pcdsim_diag *d, FILE *out)
{
    if (d->file[0] != '\0') {
        fputs(d->file, out);
        if (d->line > 0) {
            fprintf(out, ":%u", d->line);
            if (d->column > 0) {
                fprintf(out, ":%u", d->column);
            }
        } else if (d->byte_offset >= 0) {
            fprintf(out, ": byte offset %lld (0x%llx)", d->byte_offset, d->byte_offset);
        }
        fputs(": ", out);
    }
    fprintf(out, "error: %s\n", d->message[0] ? d->message : "unknown error");
    char src[PCDSIM_DIAG_TEXT];
    if (d->line > 0 && read_line(d->file, d->line, src, sizeof(src))) {
        fprintf(out, "  %5u | %s\n", d->line, src);
        if (d->column > 0) {
            fprintf(out, "        | %*s^\n", (int)(d->column - 1), "");
        }
    }
    if (d->context[0] != '\0') {
        fprintf(out, "  %s\n", d->context);
    }
    if (d->hint[0] != '\0') {
        fprintf(out, "  hint: %s\n", d->hint);
    }
}
