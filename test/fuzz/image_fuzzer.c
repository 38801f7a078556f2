/* Fuzz harness: MCUboot image parsing and validation (src/pcd/image.c, docs/IMAGES.md), as
 * `pcdsim inspect` and the app-side updater run it.
 *
 * Input: an image file (header, body, TLV areas), presented through the buffer port
 * (src/sim/bufport) as a slot of exactly the input's size. The trusted keys are the fixtures'
 * ECDSA P-256 and Ed25519 public keys, the net-core partition the NCS default.
 *
 * Each input is validated twice: as it is, and, when a SHA256 TLV was found whose value differs
 * from the computed hash, again with that TLV patched to the computed hash, so that mutated
 * KEYHASH / signature TLVs reach the key selection and signature code (an input mutated by the
 * fuzzer almost never hashes right by itself).
 *
 * Requirements whose bad-input side this checks: APP-VALIDATE, APP-ROUTE, APP-SIZE.
 *
 * Oracles (abort() on violation): no crash, over-read or hang (sanitizers, libFuzzer);
 * res->verdict equals the return value; the same image in a slot at offset 0x1000 of a larger
 * memory gets the same verdict, layout and hashes (no slot-offset arithmetic slip); a valid layout lies inside the slot and its parts are in
 * order; every TLV the iterator returns lies inside its area; a verdict 0 has a matching hash and
 * a verified signature from a configured key; after the hash patch the verdict is never
 * PCD_E_IMG_HASH. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcdsim/bufport.h"
#include "pcdsim/keys.h"

#define NET_APP_START 0x01008800u
#define NET_APP_SIZE 0x37800u
#define SLOT_OFF 0x1000u /* a second placement of the slot */

static struct pcdsim_key g_keys[2];
static struct pcd_key g_pkeys[2];
static struct pcd_image_config g_cfg;

static void load_key(struct pcdsim_key *k, const char *rel)
{
    char path[1024];
    fuzz_fixture_path(path, sizeof(path), rel);
    if (pcdsim_key_load_pem(path, k, NULL) != 0) {
        fprintf(stderr, "image_fuzzer: cannot load %s (set PCDSIM_SHARED_DIR)\n", path);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    load_key(&g_keys[0], "keys/ecdsa-p256.pub.pem");
    load_key(&g_keys[1], "keys/ed25519.pub.pem");
    g_pkeys[0] = g_keys[0].key;
    g_pkeys[1] = g_keys[1].key;
    g_cfg.keys = g_pkeys;
    g_cfg.key_count = 2;
    g_cfg.net_app_start = NET_APP_START;
    g_cfg.net_app_size = NET_APP_SIZE;
    return 0;
}

static void check_result(int rc, const struct pcd_image_result *r, uint32_t len)
{
    FUZZ_CHECK(rc <= 0, "positive return %d", rc);
    FUZZ_CHECK(r->verdict == rc, "verdict %d != rc %d", r->verdict, rc);
    if (r->layout_valid) {
        const struct pcd_image_layout *l = &r->layout;
        FUZZ_CHECK(l->body_off == r->hdr.hdr_size && l->body_off <= l->body_end, "body");
        FUZZ_CHECK(l->body_end <= l->hashed_len && l->hashed_len <= l->tlv_off, "hashed region");
        FUZZ_CHECK(l->tlv_off <= l->end && l->end <= len && l->end <= l->slot_size, "TLV area past the slot");
    }
    if (rc == 0) {
        FUZZ_CHECK(r->layout_valid && r->stored_hash_valid && r->computed_hash_valid && r->hash_ok, "valid without a hash");
        FUZZ_CHECK(memcmp(r->stored_hash, r->computed_hash, PCD_SHA256_LEN) == 0, "valid with a wrong hash");
        FUZZ_CHECK(r->sig_checked && r->sig_rc == 0 && r->key_index >= 0 && r->key_index < 2, "valid unsigned");
        if (r->targets_net) {
            FUZZ_CHECK(r->hdr.img_size <= NET_APP_SIZE, "oversize net image accepted");
        }
    }
    FUZZ_CHECK(r->dep_count <= PCD_IMAGE_MAX_DEPS, "dep_count %u", r->dep_count);
}

/* Walk the TLVs as `pcdsim inspect` prints them. */
static void walk_tlvs(const struct pcd_port *port, uint32_t len, const struct pcd_image_header *hdr)
{
    struct pcd_image_layout lay;
    if (pcd_image_layout_read(port, PCD_MEM_APP_FLASH, 0, len, hdr, &lay) != 0) {
        return;
    }
    struct pcd_image_tlv_iter it;
    FUZZ_CHECK(pcd_image_tlv_begin(&it, port, PCD_MEM_APP_FLASH, 0, &lay) == 0, "tlv_begin");
    for (unsigned n = 0;; n++) {
        FUZZ_CHECK(n <= len / PCD_IMAGE_TLV_HDR_SIZE, "TLV iterator does not end");
        struct pcd_image_tlv t;
        bool found = false;
        if (pcd_image_tlv_next(&it, &t, &found) != 0 || !found) {
            break;
        }
        FUZZ_CHECK(t.val_off == t.off + PCD_IMAGE_TLV_HDR_SIZE, "val_off");
        FUZZ_CHECK(t.off >= lay.body_end && (uint64_t)t.val_off + t.len <= lay.end, "TLV 0x%x at 0x%x outside", t.type, t.off);
        if (t.prot) {
            FUZZ_CHECK((uint64_t)t.val_off + t.len <= lay.tlv_off, "protected TLV past its area");
        } else {
            FUZZ_CHECK(t.off >= lay.tlv_off + PCD_IMAGE_TLV_INFO_SIZE, "unprotected TLV before its area");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0x400000u) {
        return 0; /* a slot is at most a few hundred KiB; keep the run bounded */
    }
    const uint32_t len = (uint32_t)size;
    struct pcdsim_bufport bp;
    FUZZ_CHECK(pcdsim_bufport_init(&bp, data, len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) == 0, "bufport");
    struct pcd_image_result r;
    memset(&r, 0xA5, sizeof(r));
    int rc = pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, len, &g_cfg, &r);
    check_result(rc, &r, len);
    if (r.hdr_valid && rc != PCD_E_IMG_MAGIC && rc != PCD_E_INVAL) {
        walk_tlvs(&bp.port, len, &r.hdr);
    }

    /* The same slot at offset SLOT_OFF of a larger memory (0xFF before it): same answer. */
    {
        uint8_t *mem = malloc(SLOT_OFF + size);
        FUZZ_CHECK(mem != NULL, "malloc");
        memset(mem, 0xFF, SLOT_OFF);
        memcpy(mem + SLOT_OFF, data, size);
        struct pcdsim_bufport bo;
        FUZZ_CHECK(pcdsim_bufport_init(&bo, mem, SLOT_OFF + len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR) == 0, "bufport");
        struct pcd_image_result ro;
        memset(&ro, 0x5A, sizeof(ro));
        int rco = pcd_image_validate(&bo.port, PCD_MEM_QSPI, SLOT_OFF, len, &g_cfg, &ro);
        FUZZ_CHECK(rco == rc, "verdict %d at slot offset 0x%x, %d at 0", rco, SLOT_OFF, rc);
        FUZZ_CHECK(ro.layout_valid == r.layout_valid && ro.hdr_valid == r.hdr_valid, "flags differ with a slot offset");
        if (r.layout_valid) {
            FUZZ_CHECK(memcmp(&ro.layout, &r.layout, sizeof(r.layout)) == 0, "layout differs with a slot offset");
        }
        FUZZ_CHECK(ro.computed_hash_valid == r.computed_hash_valid &&
                       (!r.computed_hash_valid || memcmp(ro.computed_hash, r.computed_hash, PCD_SHA256_LEN) == 0),
                   "hash differs with a slot offset");
        FUZZ_CHECK(ro.sha_tlv_off == r.sha_tlv_off && ro.sig_tlv_off == r.sig_tlv_off, "TLV offsets differ");
        free(mem);
    }

    /* B0N's view of a network-core body, as `pcdsim inspect` shows it */
    if (r.hdr_valid && r.targets_net && (uint64_t)r.hdr.hdr_size + r.hdr.img_size <= len) {
        struct pcdsim_bufport body;
        struct pcd_fwinfo_result fr;
        if (pcdsim_bufport_init(&body, data + r.hdr.hdr_size, r.hdr.img_size, PCD_MEM_APP_FLASH, 0) == 0) {
            int b = pcd_fwinfo_validate(&body.port, 0, r.hdr.img_size, NET_APP_START, NET_APP_START, NET_APP_SIZE, &fr);
            FUZZ_CHECK(b <= 0 && fr.verdict == b, "fw_info verdict");
        }
    }

    /* Second pass with the SHA256 TLV patched to the computed hash. */
    if (r.stored_hash_valid && r.computed_hash_valid && !r.hash_ok && r.sha_tlv_off != 0 &&
        (uint64_t)r.sha_tlv_off + PCD_IMAGE_TLV_HDR_SIZE + PCD_SHA256_LEN <= len) {
        uint8_t *copy = malloc(size);
        FUZZ_CHECK(copy != NULL, "malloc");
        memcpy(copy, data, size);
        memcpy(copy + r.sha_tlv_off + PCD_IMAGE_TLV_HDR_SIZE, r.computed_hash, PCD_SHA256_LEN);
        struct pcdsim_bufport bp2;
        FUZZ_CHECK(pcdsim_bufport_init(&bp2, copy, len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) == 0, "bufport");
        struct pcd_image_result r2;
        memset(&r2, 0x5A, sizeof(r2));
        int rc2 = pcd_image_validate(&bp2.port, PCD_MEM_APP_FLASH, 0, len, &g_cfg, &r2);
        check_result(rc2, &r2, len);
        FUZZ_CHECK(rc2 != PCD_E_IMG_HASH, "hash mismatch after patching the SHA256 TLV");
        free(copy);
    }
    return 0;
}
