/* dfu_multi_image.bin through libcbor (see pcdsim/dfu_multi.h). */
#include "pcdsim/dfu_multi.h"

#include <cbor.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "release_util.h"

static int bad(struct pcdsim_diag *diag, const char *name, long long off, const char *msg)
{
    pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "%s", msg);
    if (diag != NULL) {
        diag->byte_offset = off;
    }
    return PCDSIM_E_SCHEMA;
}

/* The value of text key @p key in CBOR map @p map, or NULL. */
static cbor_item_t *map_get(const cbor_item_t *map, const char *key)
{
    struct cbor_pair *pairs = cbor_map_handle(map);
    size_t klen = strlen(key);
    for (size_t i = 0; i < cbor_map_size(map); i++) {
        cbor_item_t *k = pairs[i].key;
        if (cbor_isa_string(k) && cbor_string_is_definite(k) && cbor_string_length(k) == klen &&
            memcmp(cbor_string_handle(k), key, klen) == 0) {
            return pairs[i].value;
        }
    }
    return NULL;
}

static int get_int(const cbor_item_t *v, int64_t *out)
{
    if (v == NULL || !cbor_is_int(v)) {
        return -1;
    }
    uint64_t u = cbor_get_int(v);
    if (u > INT64_MAX) {
        return -1;
    }
    *out = cbor_isa_negint(v) ? -1 - (int64_t)u : (int64_t)u;
    return 0;
}

static cbor_item_t *load_header(const uint8_t *data, size_t len, uint16_t *hlen)
{
    if (len < 2) {
        return NULL;
    }
    *hlen = rel_le16(data);
    if ((size_t)*hlen + 2 > len) {
        return NULL;
    }
    struct cbor_load_result res;
    cbor_item_t *root = cbor_load(data + 2, *hlen, &res);
    if (root != NULL && (res.error.code != CBOR_ERR_NONE || res.read != *hlen || !cbor_isa_map(root) ||
                         !cbor_map_is_definite(root))) {
        cbor_decref(&root);
        return NULL;
    }
    return root;
}

int pcdsim_dfu_multi_probe(const uint8_t *data, size_t len)
{
    uint16_t hlen;
    cbor_item_t *root = load_header(data, len, &hlen);
    int ok = root != NULL && map_get(root, "img") != NULL;
    if (root != NULL) {
        cbor_decref(&root);
    }
    return ok;
}

static int parse_images(const char *name, const cbor_item_t *img, const uint8_t *data, size_t len,
                        struct pcdsim_dfu_multi *out, struct pcdsim_diag *diag)
{
    if (img == NULL || !cbor_isa_array(img) || cbor_array_size(img) == 0) {
        return bad(diag, name, 2, "dfu_multi_image header: 'img' must be a non-empty array");
    }
    if (cbor_array_size(img) > PCDSIM_DFU_MULTI_MAX) {
        return bad(diag, name, 2, "dfu_multi_image header: more than 8 images");
    }
    uint64_t off = 2u + out->header_len;
    for (size_t i = 0; i < cbor_array_size(img); i++) {
        cbor_item_t *e = cbor_array_get(img, i);
        int64_t id = 0, size = 0;
        int ok = cbor_isa_map(e) && get_int(map_get(e, "id"), &id) == 0 && get_int(map_get(e, "size"), &size) == 0 &&
                 size >= 0 && size <= UINT32_MAX;
        cbor_decref(&e);
        if (!ok) {
            return bad(diag, name, 2, "dfu_multi_image header: every 'img' element needs integer 'id' and 'size'");
        }
        if (id != 0 && id != 1) {
            pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                            "image %zu has id %lld: a dfu_multi_image package knows id 0 (application core) and "
                            "1 (network core) only",
                            i, (long long)id);
            if (diag != NULL) {
                diag->byte_offset = 2;
            }
            return PCDSIM_E_SCHEMA;
        }
        if (off + (uint64_t)size > len) {
            pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                            "image %zu (id %lld, %lld bytes at byte offset %llu) runs past the end of the file (%zu bytes)",
                            i, (long long)id, (long long)size, (unsigned long long)off, len);
            if (diag != NULL) {
                diag->byte_offset = (long long)off;
            }
            return PCDSIM_E_SCHEMA;
        }
        out->images[i] = (struct pcdsim_dfu_multi_image){id, (uint32_t)size, (uint32_t)off, data + off};
        out->count = i + 1;
        off += (uint64_t)size;
    }
    if (off != len) {
        pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                        "%zu bytes after the last image (the header's sizes add up to %llu of %zu bytes)",
                        len - (size_t)off, (unsigned long long)off, len);
        if (diag != NULL) {
            diag->byte_offset = (long long)off;
        }
        return PCDSIM_E_SCHEMA;
    }
    return 0;
}

int pcdsim_dfu_multi_parse(const char *name, const uint8_t *data, size_t len, struct pcdsim_dfu_multi *out,
                           struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    cbor_item_t *root = load_header(data, len, &out->header_len);
    if (root == NULL) {
        return bad(diag, name, 0, "not a dfu_multi_image file: no u16 length and CBOR map at the start");
    }
    int rc = parse_images(name, map_get(root, "img"), data, len, out, diag);
    cbor_decref(&root);
    return rc;
}
