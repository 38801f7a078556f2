/* Section "b0n": the B0N firmware body (firmware/b0n/b0n_firmware.c: ACL lock, pcd_b0n_run()
 * over the nRF5340 network-core port) against the register-level model, with the fixture images:
 * command handling (B0N-CHECK-CMD), the copy and its checks (B0N-SRC-SHA, B0N-SRC-BOOTABLE,
 * B0N-COPY, B0N-DST-SHA, B0N-REPORT), normal boot (B0N-BOOT-VALID) and B0N-SELF-PROTECT. */
#include <stdio.h>
#include <string.h>

#include "b0n_firmware.h"
#include "hwmodel.h"
#include "pcd/cmd.h"
#include "pcd/nrf5340/regs.h"
#include "tt.h"

#define PCD_ADDR 0x20000000u      /* pcd_sram (facts §1.1) */
#define SLOT_ADDR 0x80000u        /* internal secondary slot */
#define RAM_SRC 0x20010000u       /* MCUboot's RAM flash simulator (fixtures layout) */
#define RV_BUF 0x20001000u        /* READ_VERSION buffer */
#define CONTAINER 0x01000000u
#define CONTAINER_SIZE 0x8800u
#define NET_APP 0x01008800u
#define NET_APP_SIZE 0x37800u
#define DST_OFF 0x8800u
#define HDR 0x200u                /* ih_hdr_size of every fixture image */

struct run {
    int rc;
    int acl_rc;
    struct pcd_b0n_result res;
};

static void net_body(void *user)
{
    struct run *r = user;
    r->rc = pcd_b0n_firmware_main(&r->res, &r->acl_rc);
}

static uint8_t container_sha[32];

/* Fresh device: a B0N-like pattern in the container, the old image (raw v1) in the net app
 * partition, RAM garbage in the PCD block (no command). */
static bool setup(void)
{
    if (hwm_init() != 0) {
        return false;
    }
    uint8_t *c = hwm_mem(CONTAINER, CONTAINER_SIZE);
    for (uint32_t i = 0; i < CONTAINER_SIZE; i++) {
        c[i] = (uint8_t)(i * 7u + 3u);
    }
    tt_sha256(c, CONTAINER_SIZE, container_sha);
    return tt_fixture_read("raw/net-v1-32k-ncs.bin", hwm_mem(NET_APP, NET_APP_SIZE), NET_APP_SIZE) > 0;
}

static void put_cmd(const struct pcd_cmd *cmd)
{
    pcd_cmd_encode(cmd, hwm_mem(PCD_ADDR, PCD_CMD_BLOCK_SIZE));
}

static void get_cmd(struct pcd_cmd *cmd)
{
    pcd_cmd_decode(hwm_mem(PCD_ADDR, PCD_CMD_BLOCK_SIZE), cmd);
}

/* Run the net core from reset once; report one line; check outcome and reason. */
static void run_case(const char *name, enum pcd_b0n_outcome outcome, int reason)
{
    static struct run r;
    char net_hex[65];
    uint8_t net_sha[32];
    uint8_t c_sha[32];
    struct pcd_cmd cmd;
    memset(&r, 0, sizeof(r));
    const unsigned boots0 = hwm_stats()->boots;
    const unsigned erases0 = hwm_stats()->page_erases[HWM_NET];
    const unsigned writes0 = hwm_stats()->word_writes[HWM_NET];
    hwm_set_net_body(net_body, &r);
    hwm_run_net();
    get_cmd(&cmd);
    tt_sha256(hwm_mem(NET_APP, NET_APP_SIZE), NET_APP_SIZE, net_sha);
    tt_sha256(hwm_mem(CONTAINER, CONTAINER_SIZE), CONTAINER_SIZE, c_sha);
    tt_hex(net_sha, 32, net_hex);
    const bool booted = hwm_stats()->boots != boots0;
    tt_line("%s rc=%s outcome=%d reason=%s detail=%s checks=0x%02lx ext=%d pages=%lu bytes=%lu dst_mod=%d "
            "magic=0x%08lx word_reason=%lu flags=0x%lx boot=0x%08lx version=%lu net_app=%s",
            name, pcd_strerror(r.rc), (int)r.res.outcome, pcd_strerror(r.res.reason), pcd_strerror(r.res.detail),
            (unsigned long)r.res.checks, r.res.ext ? 1 : 0, (unsigned long)r.res.pages_erased,
            (unsigned long)r.res.bytes_programmed, r.res.dst_modified ? 1 : 0, (unsigned long)cmd.magic,
            (unsigned long)cmd.reason, (unsigned long)cmd.flags, booted ? (unsigned long)hwm_stats()->boot_vtor : 0ul,
            (unsigned long)r.res.version, net_hex);
    tt_check(r.res.outcome == outcome && r.res.reason == reason, "%s: outcome %s / %s, expected %s / %s", name,
             pcd_b0n_outcome_name(r.res.outcome), pcd_strerror(r.res.reason), pcd_b0n_outcome_name(outcome),
             pcd_strerror(reason));
    /* The port's own counters agree with the model's NVMC operations. */
    tt_check(hwm_stats()->page_erases[HWM_NET] - erases0 == r.res.pages_erased &&
                 (hwm_stats()->word_writes[HWM_NET] - writes0) * 4u == r.res.bytes_programmed,
             "%s: NVMC operations differ from B0N's counts", name);
    /* B0N-SELF-PROTECT: the container is locked by the ACL and never changes. */
    tt_check(r.acl_rc == 0 && hwm_reg(NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(0)) == CONTAINER &&
                 hwm_reg(NRF53_NET_ACL_BASE + NRF53_ACL_SIZE(0)) == CONTAINER_SIZE &&
                 hwm_reg(NRF53_NET_ACL_BASE + NRF53_ACL_PERM(0)) == NRF53_ACL_PERM_WRITE_DISABLE,
             "%s: ACL lock of the container", name);
    tt_check(memcmp(c_sha, container_sha, 32) == 0, "%s: the B0N container changed", name);
    tt_check(hwm_stats()->violations == 0u, "%s: model violation: %s", name, hwm_stats()->first);
    /* Boot and stop are the only ways out, and the net NVMC is left read-only. */
    tt_check(hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG) == NRF53_NVMC_CONFIG_REN, "%s: NVMC left in %lu",
             name, (unsigned long)hwm_reg(NRF53_NET_NVMC_BASE + NRF53_NVMC_CONFIG));
}

/* A COPY of the body of a signed image placed in the internal secondary slot. */
static bool copy_from_slot(const char *rel, bool ext, struct pcd_cmd *cmd)
{
    uint8_t *slot = hwm_mem(SLOT_ADDR, 0x74000u);
    if (tt_fixture_read(rel, slot, 0x74000u) <= (long)HDR) {
        return false;
    }
    const uint32_t len = tt_le32(slot + 12); /* ih_img_size */
    uint8_t sha[32];
    if (len > 0x74000u - HDR || !tt_sha256(slot + HDR, len, sha)) {
        return false;
    }
    pcd_cmd_make_copy(cmd, SLOT_ADDR + HDR, len, DST_OFF, sha);
    if (!ext) {
        cmd->ext_marker = 0;
        memset(cmd->sha256, 0, sizeof(cmd->sha256));
    }
    put_cmd(cmd);
    return true;
}

/* Each signed network-core image as a COPY from app flash, then the next start (boot). */
static const struct {
    const char *rel;
    enum pcd_b0n_outcome outcome;
    int reason;
    uint32_t version; /* booted afterwards */
} copies[] = {
    {"signed/net-v1-32k_ecdsa-p256.bin", PCD_B0N_CMD_DONE, 0, 1},
    {"signed/net-v1-32k_ed25519.bin", PCD_B0N_CMD_DONE, 0, 1},
    {"signed/net-v2-150k_ecdsa-p256.bin", PCD_B0N_CMD_DONE, 0, 2},
    {"signed/net-v2-max_ecdsa-p256.bin", PCD_B0N_CMD_DONE, 0, 2},
    {"signed/net-v2-150k_ecdsa-p256-rogue.bin", PCD_B0N_CMD_DONE, 0, 2},   /* MCUboot would refuse it; B0N checks hashes only */
    {"signed/net-v2-150k_ecdsa-p256_TRUNC-tlv.bin", PCD_B0N_CMD_DONE, 0, 2}, /* the body is intact */
    {"signed/net-v2-150k_ecdsa-p256_CORRUPT-body.bin", PCD_B0N_CMD_FAIL, PCD_E_NOT_BOOTABLE, 1},
    {"signed/net-v2-oversize_ecdsa-p256.bin", PCD_B0N_CMD_FAIL, PCD_E_CMD_LEN, 1},
};

void tt_run_b0n(void)
{
    char name[128];
    struct pcd_cmd cmd;
    tt_section("b0n");
    if (!tt_check(setup(), "model memory or fixture")) {
        tt_section_end();
        return;
    }
    run_case("boot-old", PCD_B0N_BOOTED, 0);

    for (size_t i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
        setup();
        const char *base = strchr(copies[i].rel, '/') + 1;
        snprintf(name, sizeof(name), "copy-ext-flash %s", base);
        if (!tt_check(copy_from_slot(copies[i].rel, true, &cmd), "%s: set-up", name)) {
            continue;
        }
        run_case(name, copies[i].outcome, copies[i].reason);
        snprintf(name, sizeof(name), "then-boot %s", base);
        run_case(name, PCD_B0N_BOOTED, 0);
    }

    /* An NCS application side: no extension, source in MCUboot's RAM flash simulator. */
    setup();
    uint8_t *ram = hwm_mem(RAM_SRC, 0x40000u);
    const long n = tt_fixture_read("signed/net-v2-150k_ecdsa-p256.bin", ram, 0x40000u);
    if (tt_check(n > (long)HDR, "net-v2-150k: read")) {
        const uint32_t len = tt_le32(ram + 12);
        memmove(ram, ram + HDR, len); /* the body at the start of the RAM slot, as MCUboot stages it */
        const uint8_t no_sha[32] = {0};
        pcd_cmd_make_copy(&cmd, RAM_SRC, len, DST_OFF, no_sha);
        cmd.ext_marker = 0;
        put_cmd(&cmd);
        run_case("copy-ncs-ram net-v2-150k", PCD_B0N_CMD_DONE, 0);
        run_case("then-boot copy-ncs-ram", PCD_B0N_BOOTED, 0);
    }

    /* B0N-SRC-SHA: the expected hash differs; nothing is erased. */
    setup();
    if (copy_from_slot("signed/net-v2-150k_ecdsa-p256.bin", true, &cmd)) {
        cmd.sha256[0] ^= 0x01u;
        put_cmd(&cmd);
        run_case("src-sha-mismatch", PCD_B0N_CMD_FAIL, PCD_E_SRC_HASH);
    }

    /* B0N-CHECK-CMD: refused before anything is read or erased. */
    static const struct {
        const char *name;
        uint32_t src, len, dst, marker;
        int reason;
    } bad[] = {
        {"len-zero", SLOT_ADDR + HDR, 0u, DST_OFF, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_LEN},
        {"len-over-partition", SLOT_ADDR + HDR, NET_APP_SIZE + 4u, DST_OFF, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_LEN},
        {"dst-unaligned", SLOT_ADDR + HDR, 0x1000u, DST_OFF + 2u, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_ALIGN},
        {"dst-container", SLOT_ADDR + HDR, 0x1000u, 0x0u, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_DST},
        {"dst-past-flash", SLOT_ADDR + HDR, 0x1000u, 0x3F800u, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_DST},
        {"src-qspi-xip", 0x10000000u, 0x1000u, DST_OFF, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_SRC},
        {"src-net-flash", NET_APP, 0x1000u, DST_OFF, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_SRC},
        {"src-wraps", 0xFFFFF000u, 0x2000u, DST_OFF, PCD_CMD_EXT_MARKER_V1, PCD_E_CMD_SRC},
        {"ext-version-2", SLOT_ADDR + HDR, 0x1000u, DST_OFF, 0x02584350u, PCD_E_CMD_EXT},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setup();
        uint8_t zero[32] = {0};
        pcd_cmd_make_copy(&cmd, bad[i].src, bad[i].len, bad[i].dst, zero);
        cmd.ext_marker = bad[i].marker;
        put_cmd(&cmd);
        run_case(bad[i].name, PCD_B0N_CMD_FAIL, bad[i].reason);
    }

    /* READ_VERSION: the version of the application in place, little-endian, len set to 4. */
    setup();
    pcd_cmd_make_read_version(&cmd, RV_BUF, 16u, DST_OFF);
    put_cmd(&cmd);
    memset(hwm_mem(RV_BUF, 16), 0, 16);
    run_case("read-version", PCD_B0N_CMD_DONE, 0);
    get_cmd(&cmd);
    tt_check(tt_le32(hwm_mem(RV_BUF, 4)) == 1u && cmd.len == 4u, "read-version: buffer %lu len %lu",
             (unsigned long)tt_le32(hwm_mem(RV_BUF, 4)), (unsigned long)cmd.len);

    /* LOCK_DEBUG is answered (FAIL), never left unanswered (H15). */
    setup();
    memset(&cmd, 0, sizeof(cmd));
    cmd.magic = PCD_CMD_MAGIC_LOCK_DEBUG;
    put_cmd(&cmd);
    run_case("lock-debug", PCD_B0N_CMD_FAIL, PCD_E_UNSUPPORTED);

    /* BACKUP (RB-BACKUP, docs/SPEC.md 8.1): a chunk of the running image into the RAM window with its
     * SHA-256 and the image length (0x8008: up to the end of its fw_validation_info); at offset =
     * length the SHA-256 of the whole image; no flash written. */
    uint8_t sha[32];
    setup();
    pcd_cmd_make_backup(&cmd, RAM_SRC, 0x1000u, 0x2000u);
    put_cmd(&cmd);
    run_case("backup-chunk", PCD_B0N_CMD_DONE, 0);
    get_cmd(&cmd);
    tt_sha256(hwm_mem(NET_APP + 0x2000u, 0x1000u), 0x1000u, sha);
    tt_check(cmd.len == 0x1000u && cmd.reason == 0x8008u && memcmp(cmd.sha256, sha, 32) == 0 &&
                 memcmp(hwm_mem(RAM_SRC, 0x1000u), hwm_mem(NET_APP + 0x2000u, 0x1000u), 0x1000u) == 0,
             "backup-chunk: len %lu, image length %lu, chunk or hash differ", (unsigned long)cmd.len,
             (unsigned long)cmd.reason);
    setup();
    pcd_cmd_make_backup(&cmd, RAM_SRC, 0x1000u, 0x8008u);
    put_cmd(&cmd);
    run_case("backup-whole-hash", PCD_B0N_CMD_DONE, 0);
    get_cmd(&cmd);
    tt_sha256(hwm_mem(NET_APP, 0x8008u), 0x8008u, sha);
    tt_check(cmd.len == 0u && memcmp(cmd.sha256, sha, 32) == 0, "backup-whole-hash: len %lu or hash differs",
             (unsigned long)cmd.len);
    setup();
    pcd_cmd_make_backup(&cmd, RAM_SRC, 0x1000u, 0u);
    cmd.ext_marker = 0u;
    put_cmd(&cmd);
    run_case("backup-no-extension", PCD_B0N_CMD_FAIL, PCD_E_CMD_EXT);

    /* No valid application: not booted; the core parks (idle) instead of jumping. */
    setup();
    memset(hwm_mem(NET_APP, NET_APP_SIZE), 0xFF, NET_APP_SIZE);
    const unsigned idles = hwm_stats()->idles;
    run_case("erased-partition", PCD_B0N_NO_VALID_IMAGE, PCD_E_NO_VALID_IMAGE);
    tt_check(hwm_stats()->idles > idles && hwm_stats()->boots == 0u, "erased-partition: parked, not booted");
    tt_section_end();
}
