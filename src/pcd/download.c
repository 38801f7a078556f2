/* The application's download of a dfu_multi_image package (see pcd/download.h for the steps and
 * the power-cut argument; the record's bytes: docs/SPEC.md "Download progress record"). */
#include "pcd/download.h"

#include <string.h>

#include "pcd/updater.h"

/* MCUboot trailer magic with BOOT_MAX_ALIGN 8 (facts §5.4). */
static const uint8_t dl_trailer_magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                             0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* ---- the flash area of a slot: the only place slots are touched (a NAND layer goes here) ---- */

static int dl_area_erase(const struct pcd_dl *dl, const struct pcd_dl_area *a, uint32_t off, uint32_t len)
{
    return pcd_flash_erase(dl->port, a->mem, a->off + off, len);
}

static int dl_area_program(const struct pcd_dl *dl, const struct pcd_dl_area *a, uint32_t off, const void *buf,
                           uint32_t len)
{
    return pcd_flash_program(dl->port, a->mem, a->off + off, buf, len);
}

static int dl_area_read(const struct pcd_dl *dl, const struct pcd_dl_area *a, uint32_t off, void *buf, uint32_t len)
{
    return pcd_flash_read(dl->port, a->mem, a->off + off, buf, len);
}

/* ---- records ---------------------------------------------------------------------------------- */

void pcd_dl_rec_encode(uint8_t out[PCD_DL_REC_SIZE], uint32_t seq, uint32_t tag, uint32_t total, uint32_t stored,
                       enum pcd_dl_rec_state state, bool permanent)
{
    memset(out, 0xFF, PCD_DL_REC_SIZE);
    put32(out + PCD_DL_REC_OFF_MAGIC, PCD_DL_REC_MAGIC);
    put32(out + PCD_DL_REC_OFF_SEQ, seq);
    put32(out + PCD_DL_REC_OFF_TAG, tag);
    put32(out + PCD_DL_REC_OFF_TOTAL, total);
    put32(out + PCD_DL_REC_OFF_STORED, stored);
    out[PCD_DL_REC_OFF_STATE] = (uint8_t)state;
    out[PCD_DL_REC_OFF_FLAGS] = permanent ? 0x01u : 0x00u;
    put32(out + PCD_DL_REC_OFF_CRC, pcd_crc32(0, out, PCD_DL_REC_OFF_CRC));
}

bool pcd_dl_rec_valid(const uint8_t rec[PCD_DL_REC_SIZE])
{
    const uint8_t st = rec[PCD_DL_REC_OFF_STATE];
    return le32(rec + PCD_DL_REC_OFF_MAGIC) == PCD_DL_REC_MAGIC &&
           le32(rec + PCD_DL_REC_OFF_CRC) == pcd_crc32(0, rec, PCD_DL_REC_OFF_CRC) &&
           (st == PCD_DL_REC_RECEIVING || st == PCD_DL_REC_REQUESTED);
}

static bool all_erased(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] != 0xFFu) {
            return false;
        }
    }
    return true;
}

/* Read the log: the latest valid record, and where the next one goes (after it, past any torn
 * slot of its page; else the next page, erased first). */
static int log_scan(struct pcd_dl *dl)
{
    const struct pcd_dl_area *a = &dl->cfg->progress;
    uint8_t r[PCD_DL_REC_SIZE];
    uint32_t latest = 0;
    dl->rec_found = false;
    for (uint32_t o = 0; o < a->size; o += PCD_DL_REC_SIZE) {
        int rc = dl_area_read(dl, a, o, r, sizeof(r));
        if (rc != 0) {
            return rc;
        }
        if (pcd_dl_rec_valid(r) && (!dl->rec_found || le32(r + PCD_DL_REC_OFF_SEQ) - dl->seq < 0x80000000u)) {
            dl->rec_found = true;
            dl->seq = le32(r + PCD_DL_REC_OFF_SEQ);
            memcpy(dl->rec, r, sizeof(r));
            latest = o;
        }
    }
    dl->rec_erase = true;
    dl->rec_next = 0;
    if (!dl->rec_found) {
        return 0;
    }
    const uint32_t page_end = (latest / dl->rec_page + 1u) * dl->rec_page;
    for (uint32_t o = latest + PCD_DL_REC_SIZE; o < page_end; o += PCD_DL_REC_SIZE) {
        int rc = dl_area_read(dl, a, o, r, sizeof(r));
        if (rc != 0) {
            return rc;
        }
        if (all_erased(r, sizeof(r))) {
            dl->rec_next = o;
            dl->rec_erase = false;
            return 0;
        }
    }
    dl->rec_next = page_end % a->size;
    return 0;
}

/* Append a record (the page erased first when the log moves onto it). */
static int log_append(struct pcd_dl *dl, uint32_t stored, enum pcd_dl_rec_state state)
{
    const struct pcd_dl_area *a = &dl->cfg->progress;
    int rc = 0;
    if (dl->rec_erase) {
        rc = dl_area_erase(dl, a, dl->rec_next, dl->rec_page);
        if (rc != 0) {
            return rc;
        }
        dl->rec_erase = false;
    }
    const uint32_t seq = dl->rec_found ? dl->seq + 1u : 1u;
    uint8_t r[PCD_DL_REC_SIZE];
    pcd_dl_rec_encode(r, seq, dl->tag, dl->total, stored, state, dl->cfg->permanent);
    const uint32_t at = dl->rec_next;
    dl->rec_next += PCD_DL_REC_SIZE;
    if (dl->rec_next % dl->rec_page == 0u) {
        dl->rec_next %= a->size;
        dl->rec_erase = true;
    }
    rc = dl_area_program(dl, a, at, r, sizeof(r));
    if (rc == 0) {
        dl->rec_found = true;
        dl->seq = seq;
        memcpy(dl->rec, r, sizeof(r));
        dl->records++;
        if (state == PCD_DL_REC_RECEIVING) {
            pcd_trace(dl->port, PCD_TRACE_DL_STORED, stored);
        }
    }
    return rc;
}

/* ---- configuration ---------------------------------------------------------------------------- */

/* Does @p page (an erase unit, bytes) fit the stream buffer: a divisor of it, or (NAND blocks) a
 * multiple of it? */
static bool unit_ok(uint32_t page)
{
    return page != 0u && (PCD_DL_BUF_SIZE % page == 0u || page % PCD_DL_BUF_SIZE == 0u);
}

/* A slot (@p slot) may be in NAND (through a pcd_nand_port: erase unit a 128 KiB block, larger than
 * the stream buffer); the progress log is in NOR (app flash or QSPI: records are small writes). */
static int area_check(const struct pcd_port *port, const struct pcd_dl_area *a, bool slot, uint32_t *page)
{
    struct pcd_mem_info mi;
    if (a->mem != PCD_MEM_APP_FLASH && a->mem != PCD_MEM_QSPI && !(slot && a->mem == PCD_MEM_NAND)) {
        return PCD_E_INVAL;
    }
    int rc = pcd_mem_info(port, a->mem, &mi);
    if (rc != 0) {
        return rc;
    }
    if (!unit_ok(mi.page_size) || (!slot && mi.page_size > PCD_DL_BUF_SIZE) || a->off % mi.page_size != 0u ||
        a->size % mi.page_size != 0u || a->off > mi.size || a->size > mi.size - a->off ||
        (mi.write_size != 0u && PCD_DL_REC_SIZE % mi.write_size != 0u)) {
        return PCD_E_INVAL;
    }
    *page = mi.page_size;
    return 0;
}

static bool overlap(const struct pcd_dl_area *a, const struct pcd_dl_area *b)
{
    return a->size != 0u && b->size != 0u && a->mem == b->mem && a->off < b->off + b->size && b->off < a->off + a->size;
}

int pcd_dl_config_check(const struct pcd_dl_config *cfg, const struct pcd_port *port)
{
    uint32_t page = 0;
    if (cfg == NULL || port == NULL || (cfg->keys == NULL && cfg->key_count != 0u)) {
        return PCD_E_INVAL;
    }
    bool any = false;
    for (uint32_t i = 0; i < PCD_PKG_MAX_IMAGES; i++) {
        if (cfg->slot[i].size == 0u) {
            continue;
        }
        any = true;
        int rc = area_check(port, &cfg->slot[i], true, &page);
        if (rc != 0) {
            return rc;
        }
        if (cfg->slot[i].size < PCD_SLOT_RESERVED + page || overlap(&cfg->slot[i], &cfg->progress) ||
            (i == 1u && overlap(&cfg->slot[0], &cfg->slot[1]))) {
            return PCD_E_INVAL;
        }
    }
    int rc = any ? area_check(port, &cfg->progress, false, &page) : PCD_E_INVAL;
    return rc == 0 && cfg->progress.size < 2u * page ? PCD_E_INVAL : rc;
}

/* ---- the session -------------------------------------------------------------------------------- */

int pcd_dl_begin(struct pcd_dl *dl, const struct pcd_dl_config *cfg, const struct pcd_port *port, uint32_t total)
{
    if (dl == NULL) {
        return PCD_E_INVAL;
    }
    memset(dl, 0, sizeof(*dl));
    int rc = pcd_dl_config_check(cfg, port);
    if (rc != 0) {
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    dl->cfg = cfg;
    dl->port = port;
    dl->total = total;
    dl->phase = PCD_DL_PHASE_HEADER;
    (void)area_check(port, &cfg->progress, false, &dl->rec_page);
    return log_scan(dl);
}

static int refuse(struct pcd_dl *dl, int err)
{
    dl->phase = PCD_DL_PHASE_REFUSED;
    dl->error = err;
    pcd_log(dl->port, PCD_LOG_ERR, "Download refused: %s (%s)", pcd_strerror(err), pcd_describe(err));
    return err;
}

/* The image holding package offset @p p. */
static const struct pcd_pkg_image *image_at(const struct pcd_dl *dl, uint32_t p)
{
    for (uint32_t i = 0; i < dl->hdr.count; i++) {
        if (p >= dl->hdr.img[i].offset && p - dl->hdr.img[i].offset < dl->hdr.img[i].size) {
            return &dl->hdr.img[i];
        }
    }
    return NULL;
}

/* Where a resumed session goes on: the stored offset, or, in a slot whose erase unit is larger than
 * the stream buffer (a NAND block), the start of that unit: the unit is erased again there, so the
 * pages a cut may have torn after the last record are never written twice. */
static uint32_t resume_point(const struct pcd_dl *dl, uint32_t stored)
{
    const struct pcd_pkg_image *im = image_at(dl, stored);
    struct pcd_mem_info mi;
    if (im == NULL || pcd_mem_info(dl->port, dl->cfg->slot[im->id].mem, &mi) != 0 || mi.page_size <= PCD_DL_BUF_SIZE) {
        return stored;
    }
    return im->offset + (stored - im->offset) / mi.page_size * mi.page_size;
}

/* The header is complete: check it, then resume or start (the first write of a new package is
 * its record; nothing of a refused one is written). */
static int header_done(struct pcd_dl *dl)
{
    int rc = pcd_pkg_header_decode(dl->hdr_buf, dl->hdr_fill, &dl->hdr);
    rc = rc == 0 ? pcd_pkg_check_length(&dl->hdr, dl->total) : rc;
    for (uint32_t i = 0; i < dl->hdr.count && rc == 0; i++) {
        const struct pcd_dl_area *s = &dl->cfg->slot[dl->hdr.img[i].id];
        if (s->size < PCD_SLOT_RESERVED || dl->hdr.img[i].size > s->size - PCD_SLOT_RESERVED) {
            rc = PCD_E_PKG_SIZE; /* no slot for the id, or the image reaches the trailer */
        }
    }
    if (rc != 0) {
        return refuse(dl, rc);
    }
    dl->tag = pcd_crc32(0, dl->hdr_buf, dl->hdr_fill);
    dl->phase = PCD_DL_PHASE_DATA;
    const uint8_t *r = dl->rec;
    if (dl->rec_found && le32(r + PCD_DL_REC_OFF_TAG) == dl->tag && le32(r + PCD_DL_REC_OFF_TOTAL) == dl->total) {
        dl->resumed = true;
        dl->next = resume_point(dl, le32(r + PCD_DL_REC_OFF_STORED));
        dl->resumed_at = dl->next;
        pcd_log(dl->port, PCD_LOG_INF, "Download: resuming at byte %lu of %lu", (unsigned long)dl->next,
                (unsigned long)dl->total);
        return 0;
    }
    dl->next = dl->hdr.header_len;
    pcd_log(dl->port, PCD_LOG_INF, "Download: new package, %lu image(s), %lu bytes", (unsigned long)dl->hdr.count,
            (unsigned long)dl->total);
    return log_append(dl, dl->next, PCD_DL_REC_RECEIVING);
}

/* Write the stream buffer into its page, then record the new stored offset. */
static int flush(struct pcd_dl *dl)
{
    const struct pcd_pkg_image *im = image_at(dl, dl->buf_off);
    const struct pcd_dl_area *s = &dl->cfg->slot[im->id];
    const uint32_t pos = dl->buf_off - im->offset;
    struct pcd_mem_info mi;
    int rc = pcd_mem_info(dl->port, s->mem, &mi);
    if (rc != 0) {
        return rc;
    }
    const uint32_t last = s->size - mi.page_size;
    if (pos == 0u && last != 0u) {
        rc = dl_area_erase(dl, s, last, mi.page_size); /* the old trailer and record first */
    }
    if (rc == 0 && pos % mi.page_size == 0u) { /* a page, or the first buffer of a larger unit (NAND block) */
        rc = dl_area_erase(dl, s, pos, mi.page_size);
    }
    const uint32_t w = mi.write_size != 0u ? mi.write_size : 1u;
    const uint32_t padded = (dl->buf_fill + w - 1u) / w * w;
    memset(dl->buf + dl->buf_fill, 0xFF, padded - dl->buf_fill);
    rc = rc == 0 ? dl_area_program(dl, s, pos, dl->buf, padded) : rc;
    if (rc == 0) {
        rc = log_append(dl, dl->buf_off + dl->buf_fill, PCD_DL_REC_RECEIVING);
    }
    dl->buf_fill = 0;
    return rc;
}

/* Take up to @p len bytes at dl->next into the stream buffer; flush at a page or image end. */
static int take(struct pcd_dl *dl, const uint8_t *data, uint32_t len, uint32_t *used)
{
    const struct pcd_pkg_image *im = image_at(dl, dl->next);
    const struct pcd_dl_area *s = &dl->cfg->slot[im->id];
    struct pcd_mem_info mi;
    int rc = pcd_mem_info(dl->port, s->mem, &mi);
    if (rc != 0) {
        return rc;
    }
    const uint32_t pos = dl->next - im->offset;
    const uint32_t unit = mi.page_size < PCD_DL_BUF_SIZE ? mi.page_size : PCD_DL_BUF_SIZE; /* flushed at once */
    const uint32_t page_end = (pos / unit + 1u) * unit;
    const uint32_t end = page_end < im->size ? page_end : im->size;
    uint32_t n = end - pos < len ? end - pos : len;
    if (dl->buf_fill == 0u) {
        dl->buf_off = dl->next;
    }
    memcpy(dl->buf + dl->buf_fill, data, n);
    dl->buf_fill += n;
    dl->next += n;
    *used = n;
    return pos + n == end ? flush(dl) : 0;
}

/* How many header bytes are needed (2, then the prefix's length); a bad or too long header is refused
 * as soon as its prefix is known. */
static int header_need(struct pcd_dl *dl, uint32_t *need)
{
    *need = PCD_PKG_PREFIX;
    if (dl->hdr_fill >= PCD_PKG_PREFIX) {
        int rc = pcd_pkg_header_len(dl->hdr_buf, dl->hdr_fill, need);
        if (rc != 0) {
            return refuse(dl, rc);
        }
    }
    return *need > dl->total ? refuse(dl, PCD_E_PKG_TRUNC) : 0;
}

static int header_take(struct pcd_dl *dl, const uint8_t *data, uint32_t len, uint32_t *used)
{
    uint32_t need;
    int rc = header_need(dl, &need);
    if (rc != 0) {
        return rc;
    }
    const uint32_t n = need - dl->hdr_fill < len ? need - dl->hdr_fill : len;
    memcpy(dl->hdr_buf + dl->hdr_fill, data, n);
    dl->hdr_fill += n;
    dl->next += n;
    *used = n;
    rc = header_need(dl, &need); /* the prefix may have just arrived */
    if (rc == 0 && dl->hdr_fill == need && need > PCD_PKG_PREFIX) {
        rc = header_done(dl);
    }
    return rc;
}

int pcd_dl_write(struct pcd_dl *dl, uint32_t off, const uint8_t *data, uint32_t len, uint32_t *next)
{
    if (dl == NULL || dl->cfg == NULL || next == NULL || (data == NULL && len != 0u)) {
        return PCD_E_INVAL;
    }
    int rc = dl->phase == PCD_DL_PHASE_REFUSED ? dl->error : 0;
    if (rc == 0 && off == dl->next) {
        while (len > 0u && rc == 0 && dl->phase != PCD_DL_PHASE_REFUSED) {
            const uint32_t at = dl->next;
            uint32_t used = 0;
            if (dl->phase == PCD_DL_PHASE_HEADER) {
                rc = header_take(dl, data, len, &used);
            } else if (dl->next < dl->total && dl->phase == PCD_DL_PHASE_DATA) {
                rc = take(dl, data, len, &used);
            } else {
                break; /* bytes past the end, or after the request */
            }
            if (dl->next != at + used) {
                break; /* resumed further on: the rest of this chunk is not wanted */
            }
            data += used;
            len -= used;
        }
    }
    *next = dl->next;
    return rc;
}

/* ---- finish: hashes, partners, requests ----------------------------------------------------------- */

/* Check image @p i in its slot; its tag (first 4 bytes of its SHA256 TLV, LE) for the partner word. */
static int check_image(struct pcd_dl *dl, uint32_t i, uint32_t *tag)
{
    const struct pcd_pkg_image *im = &dl->hdr.img[i];
    const struct pcd_dl_area *s = &dl->cfg->slot[im->id];
    const struct pcd_image_config ic = {dl->cfg->keys, dl->cfg->key_count, 0u, 0u};
    struct pcd_image_result ir;
    int rc = pcd_image_validate(dl->port, s->mem, s->off, im->size, &ic, &ir);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    const bool ok = ir.layout_valid && ir.stored_hash_valid && ir.hash_ok && (dl->cfg->key_count == 0u || rc == 0);
    if (!ok) {
        pcd_log(dl->port, PCD_LOG_ERR, "Download: image %lu (id %lu) fails its check (%s): no upgrade requested",
                (unsigned long)i, (unsigned long)im->id, pcd_strerror(rc != 0 ? rc : PCD_E_IMG_HASH));
        return PCD_E_DL_HASH;
    }
    *tag = le32(ir.stored_hash);
    *tag = *tag == PCD_SLOT_REC_ERASED ? 0xFFFFFFFEu : *tag;
    return 0;
}

/* One trailer field or record word (4, 8 or 16 bytes), unless it already holds its value. A field
 * a cut tore holds a subset of the value's zero bits (the page was erased at the image's start),
 * so programming the value again completes it (NVMC: the second of nWRITE = 2 writes) and the
 * slot ends byte-identical to an uninterrupted run. */
static int trailer_field(struct pcd_dl *dl, const struct pcd_dl_area *s, uint32_t back, const uint8_t *val,
                         uint32_t len)
{
    uint8_t cur[16];
    int rc = dl_area_read(dl, s, s->size - back, cur, len);
    if (rc != 0 || memcmp(cur, val, len) == 0) {
        return rc;
    }
    for (uint32_t i = 0; i < len; i++) {
        if ((cur[i] & val[i]) != val[i]) {
            return PCD_E_SLOT_STATE; /* a bit the value needs is already 0: not ours to complete */
        }
    }
    return dl_area_program(dl, s, s->size - back, val, len);
}

/* MCUboot's request in a secondary slot (facts §5.4): image_ok for permanent, then the magic. */
static int request(struct pcd_dl *dl, const struct pcd_dl_area *s)
{
    static const uint8_t set[8] = {0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    int rc = dl->cfg->permanent ? trailer_field(dl, s, PCD_TRAILER_IMAGE_OK_BACK, set, sizeof(set)) : 0;
    return rc == 0 ? trailer_field(dl, s, PCD_TRAILER_MAGIC_BACK, dl_trailer_magic, sizeof(dl_trailer_magic)) : rc;
}

int pcd_dl_finish(struct pcd_dl *dl)
{
    if (dl == NULL || dl->cfg == NULL) {
        return PCD_E_INVAL;
    }
    if (dl->phase == PCD_DL_PHASE_HEADER || dl->phase == PCD_DL_PHASE_REFUSED || dl->next != dl->total) {
        return PCD_E_DL_STATE;
    }
    uint32_t tag[PCD_PKG_MAX_IMAGES] = {0, 0};
    for (uint32_t i = 0; i < dl->hdr.count; i++) {
        int rc = check_image(dl, i, &tag[i]);
        if (rc != 0) {
            return rc;
        }
    }
    const struct pcd_dl_config *c = dl->cfg;
    int rc = 0;
    if (dl->hdr.count == 2u) { /* each names its partner before either is requested (pcd/batch.h) */
        for (uint32_t i = 0; i < 2u && rc == 0; i++) {
            uint8_t le[4];
            put32(le, tag[1u - i]);
            rc = trailer_field(dl, &c->slot[dl->hdr.img[i].id], PCD_SLOT_REC_PARTNER_BACK, le, sizeof(le));
        }
    }
    for (uint32_t i = 0; i < dl->hdr.count && rc == 0; i++) {
        rc = request(dl, &c->slot[dl->hdr.img[i].id]);
    }
    const uint8_t *r = dl->rec;
    if (rc == 0 && !(r[PCD_DL_REC_OFF_STATE] == PCD_DL_REC_REQUESTED && le32(r + PCD_DL_REC_OFF_TAG) == dl->tag)) {
        rc = log_append(dl, dl->total, PCD_DL_REC_REQUESTED);
    }
    if (rc == 0) {
        dl->phase = PCD_DL_PHASE_DONE;
        pcd_log(dl->port, PCD_LOG_INF, "Download complete: upgrade of %lu image(s) requested (%s)",
                (unsigned long)dl->hdr.count, c->permanent ? "permanent" : "test");
    }
    return rc;
}
