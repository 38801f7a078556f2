/* What depends on the NCS release in the models (pcdsim/ncs.h): each boundary is cited from the
 * facts file (shared/spec/nrf53-netcore-dfu-facts.md, "Errata and additions" first). */
#include <string.h>

#include "ncs_internal.h"

bool ncs_lock_needs_fprotect(uint32_t v)
{
    /* facts errata "H12 range": pcd_lock_ram() moved inside the FPROTECT block in v1.10.0-ncs1 (NCS 2.4). */
    return v >= NCS_VERSION(2, 4, 0);
}

bool ncs_keeps_candidate(uint32_t v)
{
    /* facts errata "H4/H5": present in every sdk-mcuboot tag up to ncs-v3.4.0, fixed at HEAD (2026-07). */
    return v < NCS_VERSION(3, 5, 0);
}

bool ncs_has_read_version(uint32_t v)
{
    /* facts §1.3, §1.8: READ_VERSION, pcd_network_core_app_version() and MCUboot's net-core
     * downgrade prevention (pcd_version_cmp_net) arrived in NCS 2.5.0. */
    return v >= NCS_VERSION(2, 5, 0);
}

bool ncs_read_version_fail_then_done(uint32_t v)
{
    /* facts §2.3 step 4, H16: the 2.5-2.9 netboot writes FAIL and then DONE; the newest takes the
     * failure path. The first release with the newest code is taken to be 3.0.0 [inferred from
     * H16's range "NCS 2.5-2.9"]. */
    return v >= NCS_VERSION(2, 5, 0) && v < NCS_VERSION(3, 0, 0);
}

bool ncs_stream_rest_of_device(uint32_t v)
{
    /* facts §1.6 ("available size = 0 ... in NCS <= 2.9"), §1.8 (NCS 3.x: the app partition size). */
    return v < NCS_VERSION(3, 0, 0);
}

uint32_t ncs_fwinfo_offsets(uint32_t v, const uint32_t **offsets)
{
    /* facts §6.1: seven offsets in the NCS v2.9.0 snapshot, five in the older fw_info_bare.h. */
    static const uint32_t seven[] = {0x0u, 0x200u, 0x400u, 0x600u, 0x800u, 0xE00u, 0x1000u};
    static const uint32_t five[] = {0x0u, 0x200u, 0x400u, 0x800u, 0x1000u};
    if (v >= NCS_VERSION(2, 9, 0)) {
        *offsets = seven;
        return (uint32_t)(sizeof(seven) / sizeof(seven[0]));
    }
    *offsets = five;
    return (uint32_t)(sizeof(five) / sizeof(five[0]));
}

int ncs_fwinfo_find(const struct pcd_port *port, uint32_t v, uint32_t src, uint32_t len, struct pcd_fw_info *out)
{
    if (port == NULL || out == NULL || src > UINT32_MAX - len) {
        return PCD_E_INVAL;
    }
    const uint32_t *offs;
    const uint32_t n = ncs_fwinfo_offsets(v, &offs);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t raw[PCD_FWINFO_SIZE];
        if (offs[i] > len || len - offs[i] < PCD_FWINFO_SIZE) {
            continue;
        }
        int rc = pcd_bus_read(port, src + offs[i], raw, sizeof(raw));
        if (rc != 0) {
            return rc;
        }
        if (pcd_fwinfo_decode(raw, out) == 0) {
            out->offset = offs[i];
            return 0;
        }
    }
    return PCD_E_FWINFO_MISSING;
}

enum ncs_pcd_placement ncs_pcd_sram_placement(uint32_t v)
{
    /* facts errata "PCD block address is version-dependent"; release boundaries from the dates of
     * sdk-nrf PR #6988 (2022-02) and PR #24081 / #24218 (v3.1-branch, 2025-08-27) [inferred]. */
    if (v < NCS_VERSION(2, 0, 0)) {
        return NCS_PCD_BEFORE_RPMSG;
    }
    if (v < NCS_VERSION(3, 1, 1)) {
        return NCS_PCD_AFTER_START;
    }
    return NCS_PCD_BEFORE_END;
}

const char *ncs_pcd_placement_name(enum ncs_pcd_placement p)
{
    switch (p) {
    case NCS_PCD_BEFORE_RPMSG: return "before: [rpmsg_nrf53_sram, end]";
    case NCS_PCD_AFTER_START: return "after: start";
    case NCS_PCD_BEFORE_END:
    default: return "before: end";
    }
}
