/* MCUboot's image 0 in NCS's simultaneous update (NRF53_MULTI_IMAGE_UPDATE, upgrade-only), as the
 * shipped code runs it (facts §3.4, §3.6; release-packages.md §5): images in index order, so the
 * application is replaced before image 1 (the network core) is even looked at; an application's
 * dependency on image 1 is compared with image 1's candidate header when it is pending, else with
 * the primary_1 header nrf53_hooks.c fakes as 0.0.0. Written from the facts, not from MCUboot. */
#include <string.h>

#include "pcdsim/ncs.h"

#define IMG0_BUF 1024u

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Header magic and a TEST/PERM request in the trailer (facts §5.4). */
static int pending(const struct ncs_image0_config *cfg, const struct pcd_port *port, bool *yes)
{
    static const uint8_t magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                      0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    uint8_t h[4], t[16];
    int rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off, h, sizeof(h));
    if (rc == 0) {
        rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 16u, t, sizeof(t));
    }
    *yes = rc == 0 && le32(h) == PCD_IMAGE_MAGIC && memcmp(t, magic, sizeof(t)) == 0;
    return rc;
}

/* Erase the sectors covering [off, off + len) of @p mem. */
static int erase_span(const struct pcd_port *port, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct pcd_mem_info mi;
    int rc = pcd_mem_info(port, mem, &mi);
    if (rc != 0 || mi.page_size == 0u) {
        return rc != 0 ? rc : PCD_E_INVAL;
    }
    const uint32_t a = off - off % mi.page_size, b = (off + len + mi.page_size - 1u) / mi.page_size * mi.page_size;
    return pcd_flash_erase(port, mem, a, b - a);
}

/* boot_copy_image() in upgrade-only: erase the primary under the image, copy it, then scramble the
 * secondary's header and trailer sectors. */
static int overwrite(const struct ncs_image0_config *cfg, const struct pcd_port *port, uint32_t end)
{
    uint8_t buf[IMG0_BUF];
    int rc = erase_span(port, PCD_MEM_APP_FLASH, cfg->primary_off, end);
    for (uint32_t done = 0; done < end && rc == 0;) {
        const uint32_t n = end - done < IMG0_BUF ? end - done : IMG0_BUF, padded = (n + 3u) & ~3u;
        rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off + done, buf, n);
        if (rc == 0) {
            memset(buf + n, 0xFF, padded - n);
            rc = pcd_flash_program(port, PCD_MEM_APP_FLASH, cfg->primary_off + done, buf, padded);
        }
        done += n;
    }
    if (rc == 0) {
        rc = erase_span(port, cfg->slot_mem, cfg->slot_off, 1u);
    }
    return rc == 0 ? erase_span(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 1u, 1u) : rc;
}

static bool dep_met(const struct pcd_image_dep *d, const struct pcd_image_version *v)
{
    if (v->major != d->version.major) {
        return v->major > d->version.major;
    }
    if (v->minor != d->version.minor) {
        return v->minor > d->version.minor;
    }
    return v->revision >= d->version.revision;
}

int ncs_mcuboot_image0(const struct ncs_image0_config *cfg, const struct pcd_port *port, enum ncs_image0_outcome *out)
{
    struct pcd_image_result ir;
    bool req = false;
    *out = NCS_IMG0_NONE;
    int rc = pending(cfg, port, &req);
    pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): Image index: 0, Swap type: %s", req ? "perm" : "none");
    if (rc != 0 || !req) {
        return rc;
    }
    const struct pcd_image_config ic = {cfg->keys, cfg->key_count, cfg->net_app_addr, cfg->net_app_size};
    rc = pcd_image_validate(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, &ic, &ir);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    if (rc != 0 || ir.targets_net || ir.layout.end > cfg->primary_size) {
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): Image in the secondary slot is not valid!");
        *out = NCS_IMG0_INVALID;
        return erase_span(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size); /* boot_scramble_slot() */
    }
    for (uint32_t k = 0; k < ir.dep_count; k++) {
        if (ir.deps[k].image_id == 1u && !dep_met(&ir.deps[k], &cfg->image1)) {
            pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): image 0 depends on image 1 >= %u.%u.%u, image 1 is %u.%u.%u: "
                    "swap type none", ir.deps[k].version.major, ir.deps[k].version.minor, ir.deps[k].version.revision,
                    cfg->image1.major, cfg->image1.minor, cfg->image1.revision);
            *out = NCS_IMG0_DEP_UNMET;
            return 0;
        }
    }
    pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): Image 0 upgrade secondary slot -> primary slot");
    rc = overwrite(cfg, port, ir.layout.end);
    *out = rc == 0 ? NCS_IMG0_APPLIED : *out;
    return rc;
}
