/*
 * MCUboot image validation (APP-VALIDATE, APP-ROUTE, APP-SIZE; reference-behaviour.md §3).
 *
 * Written from the format facts in shared/spec/nrf53-netcore-dfu-facts.md §5.1-§5.3 (MCUboot
 * image.h field layout) and the verdict order of shared/fixtures/MANIFEST.md §1. Every image byte
 * is read through the port in chunks of at most IMG_CHUNK bytes into stack buffers; every length
 * is range-checked with explicit overflow tests before use.
 */
#include "pcd/image.h"
#include "hash.h"

#include <stddef.h>
#include <string.h>

/* Header field offsets (facts §5.1). */
#define HDR_OFF_MAGIC 0u
#define HDR_OFF_LOAD_ADDR 4u
#define HDR_OFF_HDR_SIZE 8u
#define HDR_OFF_PROT_TLV_SIZE 10u
#define HDR_OFF_IMG_SIZE 12u
#define HDR_OFF_FLAGS 16u
#define HDR_OFF_VER_MAJOR 20u
#define HDR_OFF_VER_MINOR 21u
#define HDR_OFF_VER_REV 22u
#define HDR_OFF_VER_BUILD 24u
#define HDR_OFF_PAD1 28u

_Static_assert(HDR_OFF_PAD1 + 4u == PCD_IMAGE_HEADER_SIZE, "image header is 32 bytes (facts 5.1)");
_Static_assert(HDR_OFF_VER_BUILD + 4u == HDR_OFF_PAD1, "ih_ver is 8 bytes at offset 20");
_Static_assert(PCD_IMAGE_TLV_INFO_SIZE == 4u && PCD_IMAGE_TLV_HDR_SIZE == 4u, "TLV headers are 4 bytes");

/* DEPENDENCY payload offsets (facts §5.3: u8 image_id, u8 pad, u16 pad, image_version). */
#define DEP_OFF_IMAGE_ID 0u
#define DEP_OFF_VER 4u
_Static_assert(DEP_OFF_VER + 8u == PCD_IMAGE_DEP_LEN, "DEPENDENCY TLV is 12 bytes");

/* Vector table words read for routing (reset vector = word 1; reference-behaviour APP-ROUTE). */
#define VT_WORDS_LEN 8u

/* Chunk size for hashing; a stack buffer of this size is the largest read besides signatures. */
#define IMG_CHUNK 1024u
_Static_assert(PCD_IMAGE_SIG_MAX >= 256u, "RSA-2048 signatures are 256 bytes");

/* Payload lengths of the fixed-size TLVs (facts §5.3). */
#define TLV_LEN_SHA256 32u
#define TLV_LEN_KEYHASH 32u
#define TLV_LEN_ED25519 64u
#define TLV_LEN_RSA2048 256u
_Static_assert(TLV_LEN_SHA256 == PCD_SHA256_LEN, "SHA256 TLV holds one digest");

static uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] | ((unsigned)p[1] << 8));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* *out = a + b; false on 32-bit overflow. */
static bool add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    if (a > UINT32_MAX - b) {
        return false;
    }
    *out = a + b;
    return true;
}

/* Read @p len bytes at image-relative offset @p off of the image at (@p mem, @p slot_off). */
static int img_read(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t off,
                    void *buf, uint32_t len)
{
    uint32_t abs;
    if (!add_u32(slot_off, off, &abs)) {
        return PCD_E_RANGE;
    }
    return pcd_flash_read(port, mem, abs, buf, len);
}

/* Constant-time comparison of two digests: true if equal. */
static bool digest_eq(const uint8_t *a, const uint8_t *b)
{
    uint8_t diff = 0;
    for (uint32_t i = 0; i < PCD_SHA256_LEN; i++) {
        diff |= (uint8_t)(a[i] ^ b[i]);
    }
    return diff == 0;
}

int pcd_image_header_decode(const uint8_t raw[PCD_IMAGE_HEADER_SIZE], struct pcd_image_header *out)
{
    if (raw == NULL || out == NULL) {
        return PCD_E_INVAL;
    }
    out->magic = get_le32(raw + HDR_OFF_MAGIC);
    out->load_addr = get_le32(raw + HDR_OFF_LOAD_ADDR);
    out->hdr_size = get_le16(raw + HDR_OFF_HDR_SIZE);
    out->protect_tlv_size = get_le16(raw + HDR_OFF_PROT_TLV_SIZE);
    out->img_size = get_le32(raw + HDR_OFF_IMG_SIZE);
    out->flags = get_le32(raw + HDR_OFF_FLAGS);
    out->ver.major = raw[HDR_OFF_VER_MAJOR];
    out->ver.minor = raw[HDR_OFF_VER_MINOR];
    out->ver.revision = get_le16(raw + HDR_OFF_VER_REV);
    out->ver.build = get_le32(raw + HDR_OFF_VER_BUILD);

    if (out->magic != PCD_IMAGE_MAGIC) {
        return PCD_E_IMG_MAGIC;
    }
    if (out->hdr_size < PCD_IMAGE_HEADER_SIZE) {
        return PCD_E_IMG_HEADER;
    }
    if ((out->flags & PCD_IMAGE_F_UNSUPPORTED) != 0u) {
        return PCD_E_IMG_HEADER;
    }
    return 0;
}

int pcd_image_tlv_begin(struct pcd_image_tlv_iter *it, const struct pcd_port *port, enum pcd_mem mem,
                        uint32_t slot_off, const struct pcd_image_layout *layout)
{
    if (it == NULL || port == NULL || layout == NULL) {
        return PCD_E_INVAL;
    }
    if (layout->tlv_size < PCD_IMAGE_TLV_INFO_SIZE ||
        (layout->prot_size != 0u && layout->prot_size < PCD_IMAGE_TLV_INFO_SIZE) ||
        layout->end < layout->tlv_off || layout->end - layout->tlv_off != layout->tlv_size ||
        layout->tlv_off < layout->prot_size ||
        (layout->prot_size != 0u && layout->tlv_off - layout->prot_size != layout->prot_off)) {
        return PCD_E_INVAL;
    }
    it->port = port;
    it->mem = mem;
    it->slot_off = slot_off;
    it->prot_end = layout->tlv_off;
    it->tlv_first = layout->tlv_off + PCD_IMAGE_TLV_INFO_SIZE;
    it->end = layout->end;
    it->in_prot = layout->prot_size != 0u;
    it->off = it->in_prot ? layout->prot_off + PCD_IMAGE_TLV_INFO_SIZE : it->tlv_first;
    return 0;
}

int pcd_image_tlv_next(struct pcd_image_tlv_iter *it, struct pcd_image_tlv *tlv, bool *found)
{
    if (it == NULL || tlv == NULL || found == NULL) {
        return PCD_E_INVAL;
    }
    *found = false;
    if (it->in_prot && it->off >= it->prot_end) {
        /* Entries must fill the protected area exactly; the caller checked off == prot_end. */
        it->in_prot = false;
        it->off = it->tlv_first;
    }
    uint32_t area_end = it->in_prot ? it->prot_end : it->end;
    if (it->off >= area_end) {
        return 0;
    }
    if (area_end - it->off < PCD_IMAGE_TLV_HDR_SIZE) {
        return PCD_E_IMG_TLV_TRUNC;
    }
    uint8_t th[PCD_IMAGE_TLV_HDR_SIZE];
    int rc = img_read(it->port, it->mem, it->slot_off, it->off, th, sizeof(th));
    if (rc != 0) {
        return rc;
    }
    uint16_t len = get_le16(th + 2);
    uint32_t val_off = it->off + PCD_IMAGE_TLV_HDR_SIZE; /* <= area_end: checked above */
    if (area_end - val_off < len) {
        return PCD_E_IMG_TLV_TRUNC;
    }
    tlv->type = get_le16(th);
    tlv->len = len;
    tlv->off = it->off;
    tlv->val_off = val_off;
    tlv->prot = it->in_prot;
    it->off = val_off + len;
    *found = true;
    return 0;
}

/* Read a TLV info header at image offset @p off: magic and total length. */
static int read_info(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t off,
                     uint16_t *magic, uint16_t *tot)
{
    uint8_t b[PCD_IMAGE_TLV_INFO_SIZE];
    int rc = img_read(port, mem, slot_off, off, b, sizeof(b));
    if (rc != 0) {
        return rc;
    }
    *magic = get_le16(b);
    *tot = get_le16(b + 2);
    return 0;
}

int pcd_image_layout_read(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                          uint32_t slot_size, const struct pcd_image_header *hdr,
                          struct pcd_image_layout *out)
{
    if (port == NULL || hdr == NULL || out == NULL) {
        return PCD_E_INVAL;
    }
    if (slot_size > UINT32_MAX - slot_off) {
        return PCD_E_INVAL;
    }
    memset(out, 0, sizeof(*out));
    out->slot_size = slot_size;
    out->body_off = hdr->hdr_size;

    uint32_t body_end;
    uint32_t hashed_len;
    if (!add_u32(hdr->hdr_size, hdr->img_size, &body_end) ||
        !add_u32(body_end, hdr->protect_tlv_size, &hashed_len)) {
        return PCD_E_IMG_OVERFLOW;
    }
    /* The first info header must lie inside the slot (a file cut short fails here). */
    if (body_end > slot_size || slot_size - body_end < PCD_IMAGE_TLV_INFO_SIZE) {
        return PCD_E_IMG_TLV_OVERRUN;
    }
    uint16_t magic;
    uint16_t tot;
    int rc = read_info(port, mem, slot_off, body_end, &magic, &tot);
    if (rc != 0) {
        return rc;
    }
    if (hdr->protect_tlv_size != 0u) {
        /* Protected area: info 0x6908 whose it_tlv_tot equals ih_protect_tlv_size (facts §5.3). */
        if (hdr->protect_tlv_size < PCD_IMAGE_TLV_INFO_SIZE || magic != PCD_IMAGE_TLV_PROT_INFO_MAGIC ||
            tot != hdr->protect_tlv_size) {
            return PCD_E_IMG_PROT_SIZE;
        }
        if (hashed_len > slot_size || slot_size - hashed_len < PCD_IMAGE_TLV_INFO_SIZE) {
            return PCD_E_IMG_TLV_OVERRUN;
        }
        rc = read_info(port, mem, slot_off, hashed_len, &magic, &tot);
        if (rc != 0) {
            return rc;
        }
    } else if (magic == PCD_IMAGE_TLV_PROT_INFO_MAGIC) {
        /* A protected area the header does not count: the hash would not cover it. */
        return PCD_E_IMG_PROT_SIZE;
    }
    if (magic != PCD_IMAGE_TLV_INFO_MAGIC) {
        return PCD_E_IMG_TLV_MISSING;
    }
    if (tot < PCD_IMAGE_TLV_INFO_SIZE) {
        return PCD_E_IMG_TLV_TRUNC;
    }
    uint32_t end;
    if (!add_u32(hashed_len, tot, &end)) {
        return PCD_E_IMG_OVERFLOW;
    }
    if (end > slot_size) {
        return PCD_E_IMG_TLV_OVERRUN;
    }
    out->body_end = body_end;
    out->prot_off = body_end;
    out->prot_size = hdr->protect_tlv_size;
    out->tlv_off = hashed_len;
    out->tlv_size = tot;
    out->hashed_len = hashed_len;
    out->end = end;

    /* Walk every entry once: each must lie inside its area and the areas must be filled. */
    struct pcd_image_tlv_iter it;
    rc = pcd_image_tlv_begin(&it, port, mem, slot_off, out);
    if (rc != 0) {
        return rc;
    }
    for (;;) {
        struct pcd_image_tlv tlv;
        bool found;
        rc = pcd_image_tlv_next(&it, &tlv, &found);
        if (rc != 0) {
            return rc;
        }
        if (!found) {
            break;
        }
    }
    return 0;
}

int pcd_image_keyhash(const struct pcd_key *key, uint8_t out[PCD_SHA256_LEN])
{
    if (key == NULL || out == NULL || key->der == NULL || key->der_len == 0u) {
        return PCD_E_INVAL;
    }
    struct pcd_sha256 sha;
    int rc = pcd_sha256_init(&sha);
    if (rc != 0) {
        return rc;
    }
    rc = pcd_sha256_update(&sha, key->der, key->der_len);
    if (rc != 0) {
        pcd_sha256_drop(&sha);
        return rc;
    }
    return pcd_sha256_final(&sha, out);
}

bool pcd_image_targets_net(uint32_t reset_vector, uint32_t net_app_start, uint32_t net_app_end)
{
    return reset_vector >= net_app_start && reset_vector < net_app_end;
}

bool pcd_image_dep_met_by(const struct pcd_image_dep *dep, uint32_t major, uint8_t minor, uint16_t revision)
{
    if (dep == NULL) {
        return false;
    }
    if (major != dep->version.major) {
        return major > dep->version.major;
    }
    if (minor != dep->version.minor) {
        return minor > dep->version.minor;
    }
    return revision >= dep->version.revision;
}

/* Signature algorithm of a signature TLV type; false if @p type is not a supported signature. */
static bool sig_alg_of(uint16_t type, enum pcd_sig_alg *alg)
{
    switch (type) {
    case PCD_TLV_ECDSA_SIG:
        *alg = PCD_SIG_ECDSA_P256;
        return true;
    case PCD_TLV_ED25519:
        *alg = PCD_SIG_ED25519;
        return true;
    case PCD_TLV_RSA2048_PSS:
        *alg = PCD_SIG_RSA2048_PSS;
        return true;
    default:
        return false;
    }
}

/* Index of the configured key whose KEYHASH is @p hash, or -1. */
static int find_key(const struct pcd_image_config *cfg, const uint8_t hash[PCD_SHA256_LEN], int *index)
{
    *index = -1;
    for (uint32_t i = 0; i < cfg->key_count; i++) {
        uint8_t h[PCD_SHA256_LEN];
        int rc = pcd_image_keyhash(&cfg->keys[i], h);
        if (rc != 0) {
            return rc;
        }
        if (digest_eq(h, hash)) {
            *index = (int)i;
            return 0;
        }
    }
    return 0;
}

/* A TLV of the protected area: dependencies and the security counter kept; an unknown type is
 * critical. 0 or a code. */
static int scan_protected_tlv(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                              const struct pcd_image_tlv *t, struct pcd_image_result *res)
{
    int rc;
    switch (t->type) {
    case PCD_TLV_DEPENDENCY: {
        uint8_t d[PCD_IMAGE_DEP_LEN];
        if (t->len != PCD_IMAGE_DEP_LEN) {
            return PCD_E_IMG_TLV_LEN;
        }
        if (res->dep_count >= PCD_IMAGE_MAX_DEPS) {
            return PCD_E_UNSUPPORTED;
        }
        rc = img_read(port, mem, slot_off, t->val_off, d, sizeof(d));
        if (rc != 0) {
            return rc;
        }
        struct pcd_image_dep *dep = &res->deps[res->dep_count++];
        dep->image_id = d[DEP_OFF_IMAGE_ID];
        dep->version.major = d[DEP_OFF_VER];
        dep->version.minor = d[DEP_OFF_VER + 1u];
        dep->version.revision = get_le16(d + DEP_OFF_VER + 2u);
        dep->version.build = get_le32(d + DEP_OFF_VER + 4u);
        break;
    }
    case PCD_TLV_SEC_CNT: {
        uint8_t v[PCD_IMAGE_SEC_CNT_LEN];
        if (t->len != PCD_IMAGE_SEC_CNT_LEN) {
            return PCD_E_IMG_TLV_LEN;
        }
        if (res->sec_cnt_valid) {
            return PCD_E_IMG_TLV_DUP;
        }
        rc = img_read(port, mem, slot_off, t->val_off, v, sizeof(v));
        if (rc != 0) {
            return rc;
        }
        res->sec_cnt = get_le32(v);
        res->sec_cnt_valid = true;
        break;
    }
    case PCD_TLV_BOOT_RECORD:
        break; /* informational (measured boot): no constraint to enforce */
    default:
        /* Unknown in the protected area: signed, so possibly a constraint we would
         * silently ignore. Critical by design (docs/IMAGES.md). */
        return PCD_E_IMG_TLV_CRITICAL;
    }
    return 0;
}

/* A TLV of the unprotected area: the hash kept, the first KEYHASH and signature located, lengths
 * checked; other types ignored. 0 or a code. */
static int scan_unprotected_tlv(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                                const struct pcd_image_tlv *t, struct pcd_image_result *res)
{
    int rc;
    switch (t->type) {
    case PCD_TLV_SHA256:
        if (t->len != TLV_LEN_SHA256) {
            return PCD_E_IMG_TLV_LEN;
        }
        if (res->stored_hash_valid) {
            return PCD_E_IMG_TLV_DUP;
        }
        rc = img_read(port, mem, slot_off, t->val_off, res->stored_hash, TLV_LEN_SHA256);
        if (rc != 0) {
            return rc;
        }
        res->stored_hash_valid = true;
        res->sha_tlv_off = t->off;
        break;
    case PCD_TLV_KEYHASH:
        if (t->len != TLV_LEN_KEYHASH) {
            return PCD_E_IMG_TLV_LEN;
        }
        if (res->keyhash_tlv_off == 0u) {
            res->keyhash_tlv_off = t->off;
        }
        break;
    case PCD_TLV_ED25519:
    case PCD_TLV_RSA2048_PSS:
    case PCD_TLV_ECDSA_SIG:
        if ((t->type == PCD_TLV_ED25519 && t->len != TLV_LEN_ED25519) ||
            (t->type == PCD_TLV_RSA2048_PSS && t->len != TLV_LEN_RSA2048) ||
            (t->type == PCD_TLV_ECDSA_SIG &&
             (t->len < PCD_IMAGE_ECDSA_SIG_MIN || t->len > PCD_IMAGE_ECDSA_SIG_MAX))) {
            return PCD_E_IMG_TLV_LEN;
        }
        if (res->sig_tlv_off == 0u) {
            res->sig_tlv_off = t->off;
            res->sig_tlv_type = t->type;
            res->sig_len = t->len;
        }
        break;
    default:
        break; /* unknown or unused type in the unprotected area: ignored by design */
    }
    return 0;
}

/* Pass 1 over the TLVs: the protected-area rule, lengths, duplicates, and the values kept. */
static int scan_tlvs(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                     struct pcd_image_result *res)
{
    struct pcd_image_tlv_iter it;
    int rc = pcd_image_tlv_begin(&it, port, mem, slot_off, &res->layout);
    if (rc != 0) {
        return rc;
    }
    for (;;) {
        struct pcd_image_tlv t;
        bool found;
        rc = pcd_image_tlv_next(&it, &t, &found);
        if (rc != 0) {
            return rc;
        }
        if (!found) {
            return 0;
        }
        rc = t.prot ? scan_protected_tlv(port, mem, slot_off, &t, res)
                    : scan_unprotected_tlv(port, mem, slot_off, &t, res);
        if (rc != 0) {
            return rc;
        }
    }
}

/*
 * Pass 2: KEYHASH/signature pairs (facts §5.3). A signature is checked with the key chosen by
 * the KEYHASH TLV before it; one verifying pair suffices. Sets res->sig_rc.
 * Returns 0 when a verdict was reached (in res->sig_rc), else a backend or port error.
 */
static int check_signatures(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                            const struct pcd_image_config *cfg, struct pcd_image_result *res)
{
    struct pcd_image_tlv_iter it;
    int rc = pcd_image_tlv_begin(&it, port, mem, slot_off, &res->layout);
    if (rc != 0) {
        return rc;
    }
    int selected = -1;
    uint32_t selected_off = 0;
    bool saw_sig = false;
    bool tried = false;
    for (;;) {
        struct pcd_image_tlv t;
        bool found;
        rc = pcd_image_tlv_next(&it, &t, &found);
        if (rc != 0) {
            return rc;
        }
        if (!found) {
            break;
        }
        if (t.prot) {
            continue;
        }
        if (t.type == PCD_TLV_KEYHASH) {
            uint8_t kh[TLV_LEN_KEYHASH];
            rc = img_read(port, mem, slot_off, t.val_off, kh, sizeof(kh));
            if (rc == 0) {
                rc = find_key(cfg, kh, &selected);
            }
            if (rc != 0) {
                return rc;
            }
            selected_off = t.off;
            continue;
        }
        enum pcd_sig_alg alg;
        if (!sig_alg_of(t.type, &alg)) {
            continue;
        }
        saw_sig = true;
        if (selected < 0) {
            continue; /* no configured key named for this signature */
        }
        const struct pcd_key *key = &cfg->keys[selected];
        tried = true;
        res->key_index = selected;
        res->keyhash_tlv_off = selected_off;
        res->sig_tlv_off = t.off;
        res->sig_tlv_type = t.type;
        res->sig_len = t.len;
        if (key->alg != alg) {
            rc = PCD_E_IMG_SIG; /* the key selected by KEYHASH is of another algorithm */
        } else {
            uint8_t sig[PCD_IMAGE_SIG_MAX];
            /* t.len <= PCD_IMAGE_SIG_MAX: checked by scan_tlvs() for these three types. */
            rc = img_read(port, mem, slot_off, t.val_off, sig, t.len);
            if (rc != 0) {
                return rc;
            }
            rc = pcd_sig_verify(alg, key->der, key->der_len, res->computed_hash, sig, t.len);
        }
        if (rc == 0) {
            res->sig_checked = true;
            res->sig_rc = 0;
            return 0;
        }
        if (rc != PCD_E_IMG_SIG) {
            return rc; /* backend failure, not a verdict */
        }
        selected = -1; /* a KEYHASH selects the key for the next signature only */
    }
    res->sig_checked = true;
    res->sig_rc = tried ? PCD_E_IMG_SIG : saw_sig ? PCD_E_IMG_KEY_UNKNOWN : PCD_E_IMG_NO_SIG;
    if (!tried) {
        res->key_index = -1;
    }
    return 0;
}

static int validate(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                    const struct pcd_image_config *cfg, struct pcd_image_result *res)
{
    if (port == NULL || cfg == NULL || (cfg->key_count != 0u && cfg->keys == NULL)) {
        return PCD_E_INVAL;
    }
    if (slot_size < PCD_IMAGE_HEADER_SIZE || slot_size > UINT32_MAX - slot_off) {
        return PCD_E_INVAL;
    }
    uint32_t net_end;
    if (!add_u32(cfg->net_app_start, cfg->net_app_size, &net_end)) {
        return PCD_E_INVAL;
    }

    /* 1. Header. */
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    int rc = img_read(port, mem, slot_off, 0, raw, sizeof(raw));
    if (rc != 0) {
        return rc;
    }
    rc = pcd_image_header_decode(raw, &res->hdr);
    res->hdr_valid = true;
    if (rc != 0) {
        return rc;
    }

    /* Routing needs only the vector table (APP-ROUTE); read it when the slot holds it. */
    if (res->hdr.img_size >= VT_WORDS_LEN && res->hdr.hdr_size <= slot_size &&
        slot_size - res->hdr.hdr_size >= VT_WORDS_LEN) {
        uint8_t vt[VT_WORDS_LEN];
        rc = img_read(port, mem, slot_off, res->hdr.hdr_size, vt, sizeof(vt));
        if (rc != 0) {
            return rc;
        }
        res->initial_sp = get_le32(vt);
        res->reset_vector = get_le32(vt + 4);
        res->reset_vector_valid = true;
        res->targets_net = cfg->net_app_size != 0u &&
                           pcd_image_targets_net(res->reset_vector, cfg->net_app_start, net_end);
    }

    /* 2. Layout, TLV structure, TLV semantics. */
    rc = pcd_image_layout_read(port, mem, slot_off, slot_size, &res->hdr, &res->layout);
    if (rc != 0) {
        return rc;
    }
    res->layout_valid = true;
    rc = scan_tlvs(port, mem, slot_off, res);
    if (rc != 0) {
        return rc;
    }
    if (!res->stored_hash_valid) {
        return PCD_E_IMG_NO_HASH;
    }

    /* 3. Hash of [0, hdr_size + img_size + protect_tlv_size) (facts §5.3). */
    uint8_t buf[IMG_CHUNK];
    rc = pcd_hash_range(port, (unsigned)mem, slot_off, res->layout.hashed_len, buf, IMG_CHUNK, 0, res->computed_hash, NULL);
    if (rc != 0) {
        return rc;
    }
    res->computed_hash_valid = true;
    res->hash_ok = digest_eq(res->computed_hash, res->stored_hash);
    if (!res->hash_ok) {
        return PCD_E_IMG_HASH;
    }

    /* 4. Key and signature. */
    rc = check_signatures(port, mem, slot_off, cfg, res);
    if (rc != 0) {
        return rc;
    }
    if (res->sig_rc != 0) {
        return res->sig_rc;
    }

    /* 5. APP-SIZE: a network-core image must fit the network-core application partition. */
    if (res->targets_net && res->hdr.img_size > cfg->net_app_size) {
        return PCD_E_IMG_TOO_LARGE;
    }
    return 0;
}

int pcd_image_validate(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                       uint32_t slot_size, const struct pcd_image_config *cfg,
                       struct pcd_image_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->key_index = -1;
    res->verdict = validate(port, mem, slot_off, slot_size, cfg, res);
    return res->verdict;
}
