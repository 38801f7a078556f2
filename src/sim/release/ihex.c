/* Strict Intel HEX reader (see pcdsim/ihex.h for the format and why it is not a library). */
#include "pcdsim/ihex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "release_util.h"

/* One data record, before sorting. */
struct rec {
    uint64_t address; /* absolute address of the first byte */
    uint32_t len;
    uint32_t data_off; /* offset into the byte pool */
    unsigned line;
};

struct parser {
    const char *name;
    struct rec *recs;
    size_t count, cap;
    uint8_t *pool;
    size_t pool_len, pool_cap;
    uint32_t base; /* from the last 02/04 record */
    bool eof;
    struct pcdsim_ihex *out;
    struct pcdsim_diag *diag;
};

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static int push_rec(struct parser *p, uint64_t address, const uint8_t *data, uint32_t len, unsigned line)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        struct rec *n = realloc(p->recs, cap * sizeof(*n));
        if (n == NULL) {
            return PCDSIM_E_NOMEM;
        }
        p->recs = n;
        p->cap = cap;
    }
    if (p->pool_len + len > p->pool_cap) {
        size_t cap = p->pool_cap ? p->pool_cap * 2 : 65536;
        while (cap < p->pool_len + len) {
            cap *= 2;
        }
        uint8_t *n = realloc(p->pool, cap);
        if (n == NULL) {
            return PCDSIM_E_NOMEM;
        }
        p->pool = n;
        p->pool_cap = cap;
    }
    memcpy(p->pool + p->pool_len, data, len);
    p->recs[p->count++] = (struct rec){address, len, (uint32_t)p->pool_len, line};
    p->pool_len += len;
    return 0;
}

/* Decode one record's hex digits into @p b (at most 260 bytes); returns the byte count or an error. */
static int decode_bytes(struct parser *p, const uint8_t *s, size_t n, unsigned line, uint8_t *b)
{
    if (n < 11 || (n - 1) % 2 != 0 || (n - 1) / 2 > 260) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 1,
                               "malformed Intel HEX record: %zu characters (a record is ':' and 10 to 520 hex "
                               "digits, an even number)", n);
    }
    for (size_t i = 1; i < n; i += 2) {
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        if (hi < 0 || lo < 0) {
            unsigned col = (unsigned)(hi < 0 ? i + 1 : i + 2);
            return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, col,
                                   "malformed Intel HEX record: '%c' is not a hex digit", s[col - 1]);
        }
        b[(i - 1) / 2] = (uint8_t)(hi * 16 + lo);
    }
    return (int)((n - 1) / 2);
}

static int record(struct parser *p, const uint8_t *s, size_t n, unsigned line)
{
    uint8_t b[261];
    int nb = decode_bytes(p, s, n, line, b);
    if (nb < 0) {
        return nb;
    }
    const unsigned count = b[0], type = b[3], addr16 = (unsigned)b[1] << 8 | b[2];
    if ((unsigned)nb != count + 5) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 2,
                               "Intel HEX record announces %u data bytes but holds %d", count, nb - 5);
    }
    unsigned sum = 0;
    for (int i = 0; i < nb; i++) {
        sum += b[i];
    }
    if ((sum & 0xffu) != 0) {
        unsigned want = (0x100u - ((sum - b[nb - 1]) & 0xffu)) & 0xffu;
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, (unsigned)n - 1,
                               "Intel HEX checksum is 0x%02X, the record's bytes need 0x%02X", b[nb - 1], want);
    }
    if (p->eof) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 1,
                               "Intel HEX record after the end-of-file record");
    }
    static const int need[6] = {-1, 0, 2, 4, 2, 4}; /* data length each type must have (-1: any) */
    if (type > 5) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 8,
                               "unknown Intel HEX record type %02X (00..05 exist)", type);
    }
    if (need[type] >= 0 && (int)count != need[type]) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 2,
                               "Intel HEX record type %02X must hold %d data bytes, not %u", type, need[type], count);
    }
    const uint8_t *d = b + 4;
    switch (type) {
    case 0: {
        uint64_t a = (uint64_t)p->base + addr16;
        if (a + count > 0x100000000ull) {
            return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 4,
                                   "Intel HEX data record ends above 4 GiB");
        }
        return count ? push_rec(p, a, d, count, line) : 0;
    }
    case 1: p->eof = true; return 0;
    case 2: p->base = ((uint32_t)d[0] << 8 | d[1]) << 4; return 0;
    case 4: p->base = ((uint32_t)d[0] << 8 | d[1]) << 16; return 0;
    default: /* 03 CS:IP and 05 EIP are both four bytes, big-endian */
        p->out->has_start = true;
        p->out->start = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
        return 0;
    }
}

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->address != y->address) {
        return x->address < y->address ? -1 : 1;
    }
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Sort the records, refuse overlaps, merge into segments. */
static int build_segments(struct parser *p)
{
    qsort(p->recs, p->count, sizeof(*p->recs), cmp_rec);
    size_t nseg = 0, far = 0; /* far: the record reaching furthest so far */
    for (size_t i = 0; i < p->count; i++) {
        const struct rec *r = &p->recs[i], *f = &p->recs[far];
        if (i > 0 && r->address < f->address + f->len) {
            const struct rec *first = f->line < r->line ? f : r, *second = f->line < r->line ? r : f;
            pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, second->line, 4,
                            "Intel HEX record at 0x%08llX..0x%08llX overlaps the record of line %u "
                            "(0x%08llX..0x%08llX)", (unsigned long long)second->address,
                            (unsigned long long)(second->address + second->len), first->line,
                            (unsigned long long)first->address, (unsigned long long)(first->address + first->len));
            pcdsim_diag_hint(p->diag, "a HEX file must give each address once; rebuild it or merge with a tool "
                                      "that refuses overlaps (mergehex, srec_cat)");
            return PCDSIM_E_SCHEMA;
        }
        if (i == 0 || r->address != f->address + f->len) {
            nseg++;
        }
        far = i;
    }
    struct pcdsim_ihex_segment *segs = calloc(nseg ? nseg : 1, sizeof(*segs));
    if (segs == NULL) {
        return PCDSIM_E_NOMEM;
    }
    p->out->segments = segs;
    size_t i = 0;
    for (size_t s = 0; s < nseg; s++) {
        size_t j = i + 1;
        uint64_t end = p->recs[i].address + p->recs[i].len;
        while (j < p->count && p->recs[j].address == end) {
            end += p->recs[j++].len;
        }
        segs[s].address = (uint32_t)p->recs[i].address;
        segs[s].size = (uint32_t)(end - p->recs[i].address);
        segs[s].data = malloc(segs[s].size);
        if (segs[s].data == NULL) {
            return PCDSIM_E_NOMEM;
        }
        p->out->count = s + 1;
        for (size_t k = i; k < j; k++) {
            memcpy(segs[s].data + (p->recs[k].address - p->recs[i].address), p->pool + p->recs[k].data_off,
                   p->recs[k].len);
        }
        i = j;
    }
    return 0;
}

static int parse_lines(struct parser *p, const uint8_t *text, size_t len)
{
    unsigned line = 0;
    for (size_t pos = 0; pos < len;) {
        size_t e = pos;
        while (e < len && text[e] != '\n') {
            e++;
        }
        line++;
        size_t n = e - pos;
        if (n > 0 && text[pos + n - 1] == '\r') {
            n--;
        }
        if (n > 0) {
            if (text[pos] != ':') {
                return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line, 1,
                                       "not an Intel HEX record: a record line starts with ':'");
            }
            int rc = record(p, text + pos, n, line);
            if (rc != 0) {
                return rc;
            }
        }
        pos = e + 1;
    }
    if (!p->eof) {
        return pcdsim_diag_set(p->diag, PCDSIM_E_SCHEMA, p->name, line ? line : 1, 1,
                               "Intel HEX file has no end-of-file record (':00000001FF'): truncated?");
    }
    return 0;
}

int pcdsim_ihex_parse(const char *name, const uint8_t *text, size_t len, struct pcdsim_ihex *out,
                      struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    if (len > PCDSIM_IHEX_FILE_MAX) {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, name, 0, 0, "Intel HEX file larger than %u bytes",
                               PCDSIM_IHEX_FILE_MAX);
    }
    struct parser p = {.name = name, .out = out, .diag = diag};
    int rc = parse_lines(&p, text, len);
    if (rc == 0) {
        rc = build_segments(&p);
    }
    free(p.recs);
    free(p.pool);
    if (rc != 0) {
        pcdsim_ihex_free(out);
        if (rc == PCDSIM_E_NOMEM && diag != NULL && diag->err == 0) {
            pcdsim_diag_set(diag, rc, name, 0, 0, "out of memory reading Intel HEX");
        }
    }
    return rc;
}

int pcdsim_ihex_load(const char *path, struct pcdsim_ihex *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    uint8_t *text = NULL;
    size_t len = 0;
    int rc = rel_read_file(path, PCDSIM_IHEX_FILE_MAX, &text, &len, diag);
    if (rc != 0) {
        return rc;
    }
    rc = pcdsim_ihex_parse(path, text, len, out, diag);
    free(text);
    return rc;
}

void pcdsim_ihex_free(struct pcdsim_ihex *h)
{
    if (h == NULL) {
        return;
    }
    for (size_t i = 0; i < h->count; i++) {
        free(h->segments[i].data);
    }
    free(h->segments);
    memset(h, 0, sizeof(*h));
}

size_t pcdsim_ihex_read(const struct pcdsim_ihex *h, uint32_t address, uint32_t len, uint8_t *dst, uint8_t fill)
{
    memset(dst, fill, len);
    size_t got = 0;
    const uint64_t lo = address, hi = (uint64_t)address + len;
    for (size_t i = 0; i < h->count; i++) {
        const struct pcdsim_ihex_segment *s = &h->segments[i];
        uint64_t a = s->address > lo ? s->address : lo;
        uint64_t b = (uint64_t)s->address + s->size < hi ? (uint64_t)s->address + s->size : hi;
        if (a < b) {
            memcpy(dst + (a - lo), s->data + (a - s->address), (size_t)(b - a));
            got += (size_t)(b - a);
        }
    }
    return got;
}

int pcdsim_ihex_flatten(const struct pcdsim_ihex *h, uint32_t *base, uint8_t **data, size_t *len, const char *name,
                        struct pcdsim_diag *diag)
{
    *data = NULL;
    *len = 0;
    if (h->count == 0) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "the Intel HEX file holds no data");
    }
    const struct pcdsim_ihex_segment *last = &h->segments[h->count - 1];
    uint64_t span = (uint64_t)last->address + last->size - h->segments[0].address;
    if (span > PCDSIM_IHEX_FLAT_MAX) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                               "the Intel HEX data spans 0x%08X..0x%08llX (%llu bytes), more than one image",
                               h->segments[0].address, (unsigned long long)(last->address + (uint64_t)last->size),
                               (unsigned long long)span);
    }
    *data = malloc((size_t)span);
    if (*data == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, name, 0, 0, "out of memory");
    }
    *base = h->segments[0].address;
    *len = (size_t)span;
    pcdsim_ihex_read(h, *base, (uint32_t)span, *data, 0xFF);
    return 0;
}
