/* merged_CPUNET.hex: B0N, provision area, net application (see pcdsim/netcore_hex.h). */
#include "pcdsim/netcore_hex.h"

#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "release_util.h"

static int bad_at(struct pcdsim_diag *diag, const char *name, uint32_t address, const char *msg, uint32_t v)
{
    pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "provision area at 0x%08X: %s (0x%08X)", address, msg, v);
    return PCDSIM_E_SCHEMA;
}

/* The counter collection after the keys: find the version counter. */
static int decode_counters(const char *name, const uint8_t *raw, uint32_t off, uint32_t address,
                           struct pcdsim_provision *out, struct pcdsim_diag *diag)
{
    if (off + 4 > PCDSIM_PROVISION_SIZE || rel_le16(raw + off) != 1) {
        return 0; /* no counter collection (type 0xFFFF: not provisioned with counters) */
    }
    unsigned n = rel_le16(raw + off + 2);
    off += 4;
    for (unsigned c = 0; c < n; c++) {
        if (off + 4 > PCDSIM_PROVISION_SIZE) {
            return bad_at(diag, name, address, "counter collection runs past the area at offset", off);
        }
        uint16_t desc = rel_le16(raw + off), slots = rel_le16(raw + off + 2);
        if (slots == 0xFFFF || off + 4 + 2u * slots > PCDSIM_PROVISION_SIZE) {
            return bad_at(diag, name, address, "counter with a bad slot count at offset", off);
        }
        if (desc == PCDSIM_COUNTER_DESC_VERSION && !out->has_counter) {
            out->has_counter = true;
            out->counter_slots = slots;
            for (unsigned s = 0; s < slots; s++) {
                uint16_t v = rel_le16(raw + off + 4 + 2 * s);
                uint16_t value = (uint16_t)(0xFFFFu ^ v);
                if (v != 0xFFFF && value > out->counter) {
                    out->counter = value;
                }
            }
        }
        off += 4 + 2u * slots;
    }
    return 0;
}

int pcdsim_provision_decode(const char *name, const uint8_t raw[PCDSIM_PROVISION_SIZE], uint32_t address,
                            struct pcdsim_provision *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    out->address = address;
    out->s0_address = rel_le32(raw + 40);
    out->s1_address = rel_le32(raw + 44);
    out->num_keys = rel_le32(raw + 48);
    if (out->num_keys == 0xFFFFFFFFu) {
        return bad_at(diag, name, address, "erased: num_public_keys is unwritten", out->num_keys);
    }
    if (out->num_keys > PCDSIM_PROVISION_MAX_KEYS) {
        return bad_at(diag, name, address, "num_public_keys above 16", out->num_keys);
    }
    for (uint32_t i = 0; i < out->num_keys; i++) {
        const uint8_t *k = raw + 52 + 20 * i;
        struct pcdsim_provision_key *d = &out->keys[i];
        d->token = rel_le32(k);
        d->valid = d->token == PCDSIM_KEY_VALID(i);
        if (!d->valid && d->token != PCDSIM_KEY_INVALID(i)) {
            return bad_at(diag, name, address, "key token neither valid nor invalidated (NSIB panics)", d->token);
        }
        memcpy(d->hash, k + 4, PCDSIM_KEY_HASH_LEN);
    }
    return decode_counters(name, raw, 52 + 20 * out->num_keys, address, out, diag);
}

/* Highest address + 1 of the bytes @p hex gives in [lo, hi), or lo when none. */
static uint32_t data_end(const struct pcdsim_ihex *hex, uint32_t lo, uint32_t hi)
{
    uint32_t end = lo;
    for (size_t i = 0; i < hex->count; i++) {
        const struct pcdsim_ihex_segment *s = &hex->segments[i];
        uint64_t a = s->address, b = a + s->size;
        if (b > lo && a < hi) {
            uint32_t e = (uint32_t)(b < hi ? b : hi);
            end = e > end ? e : end;
        }
    }
    return end;
}

static int check_inside(const char *name, const struct pcdsim_ihex *hex, uint32_t lo, uint32_t hi,
                        struct pcdsim_diag *diag)
{
    for (size_t i = 0; i < hex->count; i++) {
        const struct pcdsim_ihex_segment *s = &hex->segments[i];
        if (s->address < lo || (uint64_t)s->address + s->size > hi) {
            return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                                   "data at 0x%08X..0x%08llX lies outside the network-core flash 0x%08X..0x%08X: "
                                   "not a merged_CPUNET.hex", s->address,
                                   (unsigned long long)s->address + s->size, lo, hi);
        }
    }
    return 0;
}

int pcdsim_netcore_hex_split(const char *name, const struct pcdsim_ihex *hex, uint32_t container,
                             uint32_t container_size, uint32_t app_address, uint32_t app_size,
                             struct pcdsim_netcore_hex *out, struct pcdsim_diag *diag)
{
    memset(out, 0, sizeof(*out));
    pcdsim_diag_clear(diag);
    if (container_size < PCDSIM_PROVISION_SIZE) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "b0n_container smaller than the provision area");
    }
    int rc = check_inside(name, hex, container, app_address + app_size, diag);
    if (rc != 0) {
        return rc;
    }
    const uint32_t prov = container + container_size - PCDSIM_PROVISION_SIZE;
    uint8_t raw[PCDSIM_PROVISION_SIZE], probe[4];
    out->b0n_address = container;
    out->b0n_size = data_end(hex, container, prov) - container;
    if (out->b0n_size == 0 || pcdsim_ihex_read(hex, container, 4, probe, 0xFF) != 4) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "no B0N at 0x%08X (the b0n_container start)",
                               container);
    }
    if (pcdsim_ihex_read(hex, prov, 52, raw, 0xFF) != 52) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0,
                               "no provision area at 0x%08X (the last 0x%X bytes of b0n_container)", prov,
                               PCDSIM_PROVISION_SIZE);
    }
    pcdsim_ihex_read(hex, prov, PCDSIM_PROVISION_SIZE, raw, 0xFF);
    rc = pcdsim_provision_decode(name, raw, prov, &out->provision, diag);
    if (rc != 0) {
        return rc;
    }
    uint32_t end = data_end(hex, app_address, app_address + app_size);
    if (end == app_address) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, name, 0, 0, "no network-core application at 0x%08X",
                               app_address);
    }
    out->app_address = app_address;
    out->app_len = end - app_address;
    out->app = malloc(out->app_len);
    if (out->app == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, name, 0, 0, "out of memory");
    }
    pcdsim_ihex_read(hex, app_address, (uint32_t)out->app_len, out->app, 0xFF);
    return 0;
}

void pcdsim_netcore_hex_free(struct pcdsim_netcore_hex *n)
{
    if (n != NULL) {
        free(n->app);
        memset(n, 0, sizeof(*n));
    }
}
