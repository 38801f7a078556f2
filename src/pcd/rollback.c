/* Coordinated rollback of both cores: image 0's swap-using-move with its swap status, the
 * network-core backup over PCD BACKUP, revert and release. Requirements and API: pcd/rollback.h;
 * protocol, states and the power-cut argument: docs/ROLLBACK.md; bytes: docs/SPEC.md §10. */
#include "pcd/rollback.h"
#include "pcd/cmd.h"
#include "hash.h"

#include <string.h>

#define RB_BUF_SIZE 1024u
#define RB_ERASED 0xFFFFFFFFu

/* MCUboot's trailer magic with BOOT_MAX_ALIGN 8 (facts §5.4). */
static const uint8_t rb_magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                     0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
static const uint8_t rb_flag_set[8] = {0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

struct rb_buf {
    union {
        uint32_t words[RB_BUF_SIZE / 4u];
        uint8_t bytes[RB_BUF_SIZE];
    } u;
};

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return (v + unit - 1u) / unit * unit;
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

/* Program @p len bytes at @p off unless they already hold exactly @p val (a resumed step). */
static int write_field(const struct pcd_port *port, enum pcd_mem mem, uint32_t off, const uint8_t *val, uint32_t len)
{
    uint8_t cur[16];
    int rc = pcd_flash_read(port, mem, off, cur, len);
    if (rc != 0 || memcmp(cur, val, len) == 0) {
        return rc;
    }
    return pcd_flash_program(port, mem, off, val, len);
}

/* ---- image 0: swap-using-move ---------------------------------------------------------------------- */

uint32_t pcd_rb_swap_room(const struct pcd_rb_slots *s)
{
    if (s->page == 0u || s->page <= PCD_RB_STATUS_BACK || s->pri_size % s->page != 0u ||
        s->sec_size % s->page != 0u || s->pri_size < 3u * s->page || s->sec_size < 2u * s->page) {
        return 0u;
    }
    const uint32_t pri = s->pri_size - 2u * s->page, sec = s->sec_size - s->page;
    const uint32_t status = (s->page - PCD_RB_STATUS_BACK) / PCD_RB_STATUS_ENTRY / 3u * s->page;
    const uint32_t room = pri < sec ? pri : sec;
    return room < status ? room : status;
}

static uint32_t pri_end(const struct pcd_rb_slots *s)
{
    return s->pri_off + s->pri_size;
}

static uint32_t status_off(const struct pcd_rb_slots *s, uint32_t k)
{
    return pri_end(s) - PCD_RB_STATUS_BACK - PCD_RB_STATUS_ENTRY * (k + 1u);
}

int pcd_rb_swap_state(const struct pcd_port *port, const struct pcd_rb_slots *s, struct pcd_rb_swap_state *out)
{
    uint8_t t[PCD_RB_SWAP_SIZE_BACK];
    memset(out, 0, sizeof(*out));
    int rc = pcd_flash_read(port, PCD_MEM_APP_FLASH, pri_end(s) - PCD_RB_SWAP_SIZE_BACK, t, sizeof(t));
    if (rc != 0) {
        return rc;
    }
    out->swap_size = get_le32(t);
    out->swap_info = t[PCD_RB_SWAP_SIZE_BACK - PCD_RB_SWAP_INFO_BACK];
    out->copy_done = t[PCD_RB_SWAP_SIZE_BACK - PCD_TRAILER_COPY_DONE_BACK];
    out->image_ok = t[PCD_RB_SWAP_SIZE_BACK - PCD_TRAILER_IMAGE_OK_BACK];
    out->magic_good = memcmp(t + PCD_RB_SWAP_SIZE_BACK - PCD_TRAILER_MAGIC_BACK, rb_magic, sizeof(rb_magic)) == 0;
    const bool kind = out->swap_info == (uint8_t)PCD_SWAP_TEST || out->swap_info == (uint8_t)PCD_SWAP_REVERT;
    const uint32_t room = pcd_rb_swap_room(s);
    if (!kind || out->swap_size == 0u || out->swap_size % s->page != 0u || out->swap_size > room) {
        return 0;
    }
    out->steps = 3u * (out->swap_size / s->page);
    for (uint32_t k = 0; k < out->steps; k++) {
        uint8_t w[4];
        rc = pcd_flash_read(port, PCD_MEM_APP_FLASH, status_off(s, k), w, sizeof(w));
        if (rc != 0) {
            return rc;
        }
        if (get_le32(w) == RB_ERASED) {
            break; /* a torn record with any bit programmed counts as written: its step had finished */
        }
        out->done = k + 1u;
    }
    return 0;
}

/* Erase the page at @p dst_off of @p dst and copy the page at @p src_off of @p src into it. */
static int copy_page(const struct pcd_port *port, const struct pcd_rb_slots *s, enum pcd_mem dst, uint32_t dst_off,
                     enum pcd_mem src, uint32_t src_off, struct rb_buf *b)
{
    int rc = pcd_flash_erase(port, dst, dst_off, s->page);
    for (uint32_t done = 0; done < s->page && rc == 0; done += RB_BUF_SIZE) {
        const uint32_t n = s->page - done < RB_BUF_SIZE ? s->page - done : RB_BUF_SIZE;
        rc = pcd_flash_read(port, src, src_off + done, b->u.bytes, n);
        if (rc == 0 && !all_erased(b->u.bytes, n)) { /* the destination is erased already */
            rc = pcd_flash_program(port, dst, dst_off + done, b->u.bytes, n);
        }
    }
    return rc;
}

/* Step k of a swap of n sectors (docs/ROLLBACK.md §2), then its status record. */
static int swap_step(const struct pcd_port *port, const struct pcd_rb_slots *s, uint32_t n, uint32_t k,
                     struct rb_buf *b)
{
    const uint32_t p = s->pri_off, q = s->sec_off, z = s->page;
    uint8_t rec[4] = {1u, 0xFFu, 0xFFu, 0xFFu};
    int rc;
    if (k < n) { /* move: P[i] -> P[i + 1], i = n - 1 .. 0 */
        const uint32_t i = n - 1u - k;
        rc = copy_page(port, s, PCD_MEM_APP_FLASH, p + (i + 1u) * z, PCD_MEM_APP_FLASH, p + i * z, b);
    } else if ((k - n) % 2u == 0u) { /* swap (a): S[i] -> P[i] */
        const uint32_t i = (k - n) / 2u;
        rec[0] = 2u;
        rc = copy_page(port, s, PCD_MEM_APP_FLASH, p + i * z, s->sec_mem, q + i * z, b);
    } else { /* swap (b): P[i + 1] (the old sector i) -> S[i] */
        const uint32_t i = (k - n) / 2u;
        rec[0] = 3u;
        rc = copy_page(port, s, s->sec_mem, q + i * z, PCD_MEM_APP_FLASH, p + (i + 1u) * z, b);
    }
    return rc == 0 ? pcd_flash_program(port, PCD_MEM_APP_FLASH, status_off(s, k), rec, sizeof(rec)) : rc;
}

/* Erase the primary trailer page, then swap_size and swap_info (last: the status is valid from then on). */
static int swap_begin(const struct pcd_port *port, const struct pcd_rb_slots *s, enum pcd_swap_type kind,
                      uint32_t swap_size)
{
    uint8_t f[8];
    memset(f, 0xFF, sizeof(f));
    int rc = pcd_flash_erase(port, PCD_MEM_APP_FLASH, pri_end(s) - s->page, s->page);
    put_le32(f, swap_size);
    rc = rc == 0 ? pcd_flash_program(port, PCD_MEM_APP_FLASH, pri_end(s) - PCD_RB_SWAP_SIZE_BACK, f, sizeof(f)) : rc;
    memset(f, 0xFF, sizeof(f));
    f[0] = (uint8_t)kind; /* bits 0-3 swap type, bits 4-7 image number 0 (facts §5.4) */
    return rc == 0 ? pcd_flash_program(port, PCD_MEM_APP_FLASH, pri_end(s) - PCD_RB_SWAP_INFO_BACK, f, sizeof(f)) : rc;
}

int pcd_rb_swap(const struct pcd_port *port, const struct pcd_rb_slots *s, enum pcd_swap_type kind,
                uint32_t swap_size, bool *resumed)
{
    struct pcd_rb_swap_state st;
    struct rb_buf b;
    if ((kind != PCD_SWAP_TEST && kind != PCD_SWAP_REVERT) || swap_size == 0u || s->page == 0u ||
        swap_size % s->page != 0u || swap_size > pcd_rb_swap_room(s)) {
        return PCD_E_INVAL;
    }
    int rc = pcd_rb_swap_state(port, s, &st);
    if (rc != 0) {
        return rc;
    }
    const bool resume = st.swap_info == (uint8_t)kind && st.swap_size == swap_size;
    if (resumed != NULL) {
        *resumed = resume && st.done > 0u;
    }
    uint32_t k = resume ? st.done : 0u;
    if (!resume) {
        rc = swap_begin(port, s, kind, swap_size);
    }
    pcd_log(port, PCD_LOG_INF, "Image 0: swap (%s) of %lu bytes from step %lu", kind == PCD_SWAP_TEST ? "test" : "revert",
            (unsigned long)swap_size, (unsigned long)k);
    const uint32_t n = swap_size / s->page;
    for (; k < 3u * n && rc == 0; k++) {
        rc = swap_step(port, s, n, k, &b);
    }
    const uint32_t end = pri_end(s);
    rc = rc == 0 ? write_field(port, PCD_MEM_APP_FLASH, end - PCD_TRAILER_COPY_DONE_BACK, rb_flag_set, 8u) : rc;
    if (rc == 0 && kind == PCD_SWAP_REVERT) {
        rc = write_field(port, PCD_MEM_APP_FLASH, end - PCD_TRAILER_IMAGE_OK_BACK, rb_flag_set, 8u);
    }
    return rc == 0 ? write_field(port, PCD_MEM_APP_FLASH, end - PCD_TRAILER_MAGIC_BACK, rb_magic, sizeof(rb_magic))
                   : rc;
}

int pcd_rb_confirm(const struct pcd_port *port, uint32_t pri_off, uint32_t pri_size)
{
    uint8_t t[PCD_TRAILER_IMAGE_OK_BACK];
    const uint32_t end = pri_off + pri_size;
    int rc = pcd_flash_read(port, PCD_MEM_APP_FLASH, end - PCD_TRAILER_IMAGE_OK_BACK, t, sizeof(t));
    if (rc != 0 || memcmp(t + PCD_TRAILER_IMAGE_OK_BACK - PCD_TRAILER_MAGIC_BACK, rb_magic, sizeof(rb_magic)) != 0 ||
        t[0] != 0xFFu) {
        return rc; /* no swapped image, or confirmed already */
    }
    return pcd_flash_program(port, PCD_MEM_APP_FLASH, end - PCD_TRAILER_IMAGE_OK_BACK, rb_flag_set, sizeof(rb_flag_set));
}

/* ---- the rollback record ---------------------------------------------------------------------------- */

int pcd_rb_record_read(const struct pcd_port *port, const struct pcd_rb_config *rb, struct pcd_rb_record *out)
{
    uint8_t r[PCD_RB_REC_SIZE];
    memset(out, 0, sizeof(*out));
    out->revert = RB_ERASED;
    if (!rb->on || rb->backup_size < PCD_RB_REC_SIZE) {
        return 0;
    }
    int rc = pcd_flash_read(port, rb->backup_mem, rb->backup_off, r, sizeof(r));
    if (rc != 0) {
        return rc;
    }
    out->valid = get_le32(r + PCD_RB_REC_MAGIC_OFF) == PCD_RB_REC_MAGIC;
    out->len = get_le32(r + PCD_RB_REC_LEN_OFF);
    out->version = get_le32(r + PCD_RB_REC_VERSION_OFF);
    out->swap_size = get_le32(r + PCD_RB_REC_SWAP_SIZE_OFF);
    memcpy(out->sha256, r + PCD_RB_REC_SHA_OFF, PCD_SHA256_LEN);
    out->revert = get_le32(r + PCD_RB_REC_REVERT_OFF);
    out->net_restored = get_le32(r + PCD_RB_REC_NET_OFF) != RB_ERASED;
    out->app_reverted = get_le32(r + PCD_RB_REC_APP_OFF) != RB_ERASED;
    return 0;
}

/* Write a state word of the record once (a torn word, not erased, counts as written). */
static int record_word(const struct pcd_port *port, const struct pcd_rb_config *rb, uint32_t off, uint32_t v)
{
    uint8_t w[4];
    int rc = pcd_flash_read(port, rb->backup_mem, rb->backup_off + off, w, sizeof(w));
    if (rc != 0 || get_le32(w) != RB_ERASED) {
        return rc;
    }
    put_le32(w, v);
    return pcd_flash_program(port, rb->backup_mem, rb->backup_off + off, w, sizeof(w));
}

static int backup_page(const struct pcd_port *port, const struct pcd_rb_config *rb, uint32_t *page)
{
    struct pcd_mem_info mi;
    memset(&mi, 0, sizeof(mi));
    int rc = pcd_mem_info(port, rb->backup_mem, &mi);
    *page = mi.page_size;
    return rc == 0 && (mi.page_size < PCD_RB_REC_SIZE || rb->backup_off % mi.page_size != 0u) ? PCD_E_INVAL : rc;
}

/* Release the record: its magic programmed to 0 first (a torn erase can then never leave a valid
 * record with torn fields behind), then the page erased. */
static int record_release(const struct pcd_port *port, const struct pcd_rb_config *rb)
{
    static const uint8_t zero[4] = {0u, 0u, 0u, 0u};
    uint32_t page = 0;
    int rc = backup_page(port, rb, &page);
    rc = rc == 0 ? pcd_flash_program(port, rb->backup_mem, rb->backup_off + PCD_RB_REC_MAGIC_OFF, zero, sizeof(zero)) : rc;
    return rc == 0 ? pcd_flash_erase(port, rb->backup_mem, rb->backup_off, page) : rc;
}

/* ---- PCD exchanges ------------------------------------------------------------------------------------- */

/* Hold, write @p cmd, release, wait for DONE / FAIL (APP-TIMEOUT budget of image 1), hold; withdraw on
 * silence. 0: DONE and @p ans loaded; else the net core's reason, PCD_E_NET_SILENT, or a port error. */
static int rb_command(const struct pcd_rb_env *env, const struct pcd_port *port, const struct pcd_cmd *cmd,
                      struct pcd_cmd *ans)
{
    const struct pcd_updater_config *net = env->net;
    int rc = pcd_netcore_force_off(port, true);
    rc = rc == 0 ? pcd_cmd_store_request(port, net->pcd_sram_addr, cmd) : rc;
    rc = rc == 0 ? pcd_netcore_force_off(port, false) : rc;
    uint32_t seen = cmd->magic, magic = cmd->magic;
    int answer = PCD_E_NET_SILENT;
    for (uint64_t left = net->timeout_us; rc == 0 && left > 0u;) {
        uint64_t w = 0;
        rc = pcd_poll_word(port, net->pcd_sram_addr + PCD_CMD_OFF_MAGIC, seen, net->poll_us, left, &magic, &w);
        left -= w < left ? w : left;
        if (rc == PCD_E_TIMEOUT) {
            rc = 0;
            break;
        }
        if (rc == 0 && (magic == PCD_CMD_MAGIC_DONE || magic == PCD_CMD_MAGIC_FAIL)) {
            rc = pcd_cmd_load(port, net->pcd_sram_addr, ans);
            answer = magic == PCD_CMD_MAGIC_DONE ? 0 : pcd_cmd_err_of(ans->reason);
            break;
        }
        seen = magic;
    }
    if (rc != 0) {
        return rc;
    }
    rc = pcd_netcore_force_off(port, true);
    if (rc == 0 && answer == PCD_E_NET_SILENT) {
        rc = pcd_cmd_withdraw(port, net->pcd_sram_addr);
    }
    return rc != 0 ? rc : answer;
}

/* One BACKUP round trip: chunk at @p offset into the window; *n bytes, *total the image length. */
static int backup_exchange(const struct pcd_rb_env *env, const struct pcd_port *port, uint32_t window, uint32_t offset,
                           uint32_t *n, uint32_t *total, uint8_t sha[PCD_SHA256_LEN], struct pcd_rb_result *res)
{
    struct pcd_cmd cmd, ans;
    const uint32_t chunk = (env->rb->chunk < env->window_size ? env->rb->chunk : env->window_size) & ~3u;
    pcd_cmd_make_backup(&cmd, window, chunk, offset);
    int rc = rb_command(env, port, &cmd, &ans);
    if (rc == PCD_E_HALTED || (rc != 0 && rc > PCD_E_IMG_MAGIC)) {
        return rc; /* power, or a port error of this core */
    }
    if (rc == 0 && (ans.len > chunk || ans.len % 4u != 0u || ans.reason < offset || ans.reason - offset < ans.len ||
                    (ans.len == 0u) != (ans.reason == offset))) {
        rc = PCD_E_NET_FAIL; /* an answer that does not fit the request */
    }
    if (rc != 0) {
        res->reason = rc;
        pcd_log(port, PCD_LOG_ERR, "Backup of the network core failed at offset %lu: %s", (unsigned long)offset,
                pcd_strerror(rc));
        return PCD_E_RB_BACKUP;
    }
    *n = ans.len;
    *total = ans.reason;
    memcpy(sha, ans.sha256, PCD_SHA256_LEN);
    res->chunks++;
    return 0;
}

/* ---- T1: backup -------------------------------------------------------------------------------------------- */

/* The chunk in the window: its hash, into the backup area at @p at, hashed back from flash. */
static int backup_store(const struct pcd_rb_env *env, const struct pcd_port *port, uint32_t at, uint32_t n,
                        const uint8_t sha[PCD_SHA256_LEN], struct rb_buf *b)
{
    const struct pcd_rb_config *rb = env->rb;
    uint8_t h[PCD_SHA256_LEN];
    int rc = pcd_hash_range(port, PCD_MEM_RAM_FLASH, env->net->stage_off, n, b->u.bytes, RB_BUF_SIZE, 0u, h, NULL);
    if (rc == 0 && memcmp(h, sha, PCD_SHA256_LEN) != 0) {
        return PCD_E_RB_BACKUP; /* the window does not hold what B0N read */
    }
    for (uint32_t done = 0; done < n && rc == 0;) {
        const uint32_t k = n - done < RB_BUF_SIZE ? n - done : RB_BUF_SIZE;
        rc = pcd_flash_read(port, PCD_MEM_RAM_FLASH, env->net->stage_off + done, b->u.bytes, k);
        rc = rc == 0 ? pcd_flash_program(port, rb->backup_mem, at + done, b->u.bytes, k) : rc;
        done += k;
    }
    rc = rc == 0 ? pcd_hash_range(port, rb->backup_mem, at, n, b->u.bytes, RB_BUF_SIZE, 0u, h, NULL) : rc;
    return rc == 0 && memcmp(h, sha, PCD_SHA256_LEN) != 0 ? PCD_E_RB_BACKUP : rc;
}

/* The record: fields, then the magic last. */
static int backup_record(const struct pcd_port *port, const struct pcd_rb_config *rb, uint32_t len, uint32_t swap_size,
                         const uint8_t sha[PCD_SHA256_LEN])
{
    uint8_t f[PCD_RB_REC_FIELDS_END - PCD_RB_REC_LEN_OFF];
    put_le32(f + PCD_RB_REC_LEN_OFF - 4u, len);
    put_le32(f + PCD_RB_REC_VERSION_OFF - 4u, RB_ERASED);
    put_le32(f + PCD_RB_REC_SWAP_SIZE_OFF - 4u, swap_size);
    memcpy(f + PCD_RB_REC_SHA_OFF - 4u, sha, PCD_SHA256_LEN);
    int rc = pcd_flash_program(port, rb->backup_mem, rb->backup_off + PCD_RB_REC_LEN_OFF, f, sizeof(f));
    return rc == 0 ? record_word(port, rb, PCD_RB_REC_MAGIC_OFF, PCD_RB_REC_MAGIC) : rc;
}

int pcd_rb_backup(const struct pcd_rb_env *env, const struct pcd_port *port, uint32_t swap_size,
                  struct pcd_rb_result *res)
{
    const struct pcd_rb_config *rb = env->rb;
    struct pcd_mem_info ram;
    struct rb_buf b;
    uint8_t sha[PCD_SHA256_LEN], whole[PCD_SHA256_LEN];
    uint32_t page = 0, n = 0, total = 0;
    if (rb->backup_size == 0u) {
        return PCD_E_RB_NO_SPACE;
    }
    int rc = backup_page(port, rb, &page);
    rc = rc == 0 ? pcd_mem_info(port, PCD_MEM_RAM_FLASH, &ram) : rc;
    if (rc != 0) {
        return rc;
    }
    const uint32_t window = ram.cpu_addr + env->net->stage_off, data = rb->backup_off + page;
    rc = backup_exchange(env, port, window, 0u, &n, &total, sha, res);
    if (rc == 0 && (total == 0u || page + round_up(total, page) > rb->backup_size)) {
        pcd_log(port, PCD_LOG_ERR, "Backup partition too small: %lu bytes for a %lu-byte network core image",
                (unsigned long)rb->backup_size, (unsigned long)total);
        return PCD_E_RB_NO_SPACE;
    }
    rc = rc == 0 ? pcd_flash_erase(port, PCD_MEM_APP_FLASH, pri_end(&env->slots) - env->slots.page, env->slots.page) : rc;
    rc = rc == 0 ? pcd_flash_erase(port, rb->backup_mem, rb->backup_off, page + round_up(total, page)) : rc;
    for (uint32_t off = 0; rc == 0;) {
        rc = backup_store(env, port, data + off, n, sha, &b);
        off += n;
        rc = rc == 0 ? backup_exchange(env, port, window, off, &n, &total, sha, res) : rc;
        if (rc == 0 && n == 0u) {
            break; /* offset == length: sha is B0N's SHA-256 of the whole image */
        }
    }
    rc = rc == 0 ? pcd_hash_range(port, rb->backup_mem, data, total, b.u.bytes, RB_BUF_SIZE, 0u, whole, NULL) : rc;
    if (rc == 0 && memcmp(whole, sha, PCD_SHA256_LEN) != 0) {
        rc = PCD_E_RB_BACKUP;
    }
    rc = rc == 0 ? backup_record(port, rb, total, swap_size, whole) : rc;
    if (rc == 0) {
        res->backup_made = true;
        res->backup_len = total;
        pcd_log(port, PCD_LOG_INF, "Network core backed up: %lu bytes in %lu chunk(s), SHA-256 verified (RB-BACKUP)",
                (unsigned long)total, (unsigned long)res->chunks);
    }
    return rc;
}

/* ---- revert --------------------------------------------------------------------------------------------- */

/* R1: the backup back into the network core through an ordinary COPY with its SHA-256. */
static int restore_net(const struct pcd_rb_env *env, const struct pcd_port *port, const struct pcd_rb_record *rec,
                       struct rb_buf *b)
{
    const struct pcd_rb_config *rb = env->rb;
    struct pcd_mem_info bm, ram;
    struct pcd_cmd cmd, ans;
    uint32_t page = 0;
    int rc = backup_page(port, rb, &page);
    rc = rc == 0 ? pcd_mem_info(port, rb->backup_mem, &bm) : rc;
    rc = rc == 0 ? pcd_mem_info(port, PCD_MEM_RAM_FLASH, &ram) : rc;
    if (rc != 0 || rec->len == 0u || rec->len > env->window_size) {
        return rc != 0 ? rc : PCD_E_RB_RESTORE;
    }
    uint32_t src = bm.cpu_addr + rb->backup_off + page;
    if (rb->backup_mem != PCD_MEM_APP_FLASH || bm.cpu_addr == PCD_NO_CPU_ADDR) { /* stage it: B0N cannot read QSPI */
        src = ram.cpu_addr + env->net->stage_off;
        rc = pcd_flash_erase(port, PCD_MEM_RAM_FLASH, env->net->stage_off, round_up(rec->len, ram.page_size));
        for (uint32_t done = 0; done < rec->len && rc == 0;) {
            const uint32_t k = rec->len - done < RB_BUF_SIZE ? rec->len - done : RB_BUF_SIZE;
            rc = pcd_flash_read(port, rb->backup_mem, rb->backup_off + page + done, b->u.bytes, k);
            rc = rc == 0 ? pcd_flash_program(port, PCD_MEM_RAM_FLASH, env->net->stage_off + done, b->u.bytes, k) : rc;
            done += k;
        }
    }
    pcd_cmd_make_copy(&cmd, src, rec->len, env->net->net_app_addr - env->net->net_flash_addr, rec->sha256);
    int answer = PCD_E_RB_RESTORE;
    for (uint32_t a = 0; a < env->net->attempts && rc == 0 && answer != 0; a++) {
        answer = rb_command(env, port, &cmd, &ans);
        rc = answer == PCD_E_HALTED || (answer != 0 && answer > PCD_E_IMG_MAGIC) ? answer : 0;
    }
    if (rc == 0 && answer != 0) {
        pcd_log(port, PCD_LOG_ERR, "Revert: the network core could not be restored (%s); retried at the next boot",
                pcd_strerror(answer));
        return PCD_E_RB_RESTORE;
    }
    return rc;
}

static int mark_secondary_done(const struct pcd_rb_env *env, const struct pcd_port *port)
{
    const struct pcd_rb_slots *s = &env->slots;
    struct pcd_slot_state ss;
    int rc = pcd_slot_state_read(port, s->sec_mem, s->sec_off, s->sec_size, &ss);
    return rc == 0 && ss.mark == PCD_SLOT_UNMARKED ? pcd_slot_mark_done(port, s->sec_mem, s->sec_off, s->sec_size) : rc;
}

/* R1 .. R3 from wherever the record says the revert is. */
static int revert(const struct pcd_rb_env *env, const struct pcd_port *port, const struct pcd_rb_record *rec,
                  struct pcd_rb_result *res)
{
    const struct pcd_rb_config *rb = env->rb;
    struct rb_buf b;
    const bool swap_back = rec->revert != PCD_RB_REVERT_NET_ONLY;
    pcd_log(port, PCD_LOG_WRN, "Test batch not confirmed: reverting %s (RB-REVERT)",
            swap_back ? "both cores" : "the network core");
    int rc = swap_back ? mark_secondary_done(env, port) : 0;
    if (rc == 0 && !rec->net_restored) {
        rc = restore_net(env, port, rec, &b);
        if (rc == PCD_E_RB_RESTORE) {
            res->reason = rc;
            return 0; /* the application stays as it is: never old net + new app; next boot again */
        }
        rc = rc == 0 ? record_word(port, rb, PCD_RB_REC_NET_OFF, PCD_SLOT_REC_DONE_VAL) : rc;
        res->net_restored = rc == 0;
    }
    if (rc == 0 && swap_back && !rec->app_reverted) {
        rc = pcd_rb_swap(port, &env->slots, PCD_SWAP_REVERT, rec->swap_size, &res->swap_resumed);
        rc = rc == 0 ? record_word(port, rb, PCD_RB_REC_APP_OFF, PCD_SLOT_REC_DONE_VAL) : rc;
    }
    rc = rc == 0 ? record_release(port, rb) : rc; /* R3 */
    res->reverted = rc == 0;
    if (rc == 0) {
        pcd_log(port, PCD_LOG_INF, "Revert done: the old pair runs again");
    }
    return rc;
}

static int start_revert(const struct pcd_rb_env *env, const struct pcd_port *port, struct pcd_rb_record *rec,
                        uint32_t how, struct pcd_rb_result *res)
{
    int rc = record_word(port, env->rb, PCD_RB_REC_REVERT_OFF, how);
    rec->revert = how;
    return rc == 0 ? revert(env, port, rec, res) : rc;
}

int pcd_rb_boot(const struct pcd_rb_env *env, const struct pcd_port *port, bool pending_any, bool *handled,
                struct pcd_rb_result *res)
{
    struct pcd_rb_record rec;
    struct pcd_rb_swap_state st;
    *handled = false;
    int rc = pcd_rb_record_read(port, env->rb, &rec);
    if (rc != 0 || !rec.valid) {
        return rc;
    }
    res->test_batch = true;
    *handled = true;
    if (rec.revert != RB_ERASED) {
        return revert(env, port, &rec, res);
    }
    rc = pcd_rb_swap_state(port, &env->slots, &st);
    if (rc != 0) {
        return rc;
    }
    if (st.swap_info != (uint8_t)PCD_SWAP_TEST || st.steps == 0u) {
        *handled = !pending_any; /* no swap yet: the batch goes on, or its net half failed: restore the net */
        return pending_any ? 0 : start_revert(env, port, &rec, PCD_RB_REVERT_NET_ONLY, res);
    }
    if (!st.magic_good || st.copy_done != 0x01u) { /* interrupted test swap: resume, no validation */
        rc = pcd_rb_swap(port, &env->slots, PCD_SWAP_TEST, rec.swap_size, &res->swap_resumed);
        rc = rc == 0 ? mark_secondary_done(env, port) : rc;
        res->swapped = rc == 0;
        return rc;
    }
    if (st.image_ok == 0x01u) { /* RB-CONFIRM */
        rc = record_release(port, env->rb);
        res->confirmed = rc == 0;
        if (rc == 0) {
            pcd_log(port, PCD_LOG_INF, "Test batch confirmed: backup released (RB-CONFIRM)");
        }
        return rc;
    }
    return start_revert(env, port, &rec, PCD_RB_REVERT_SWAP, res);
}
