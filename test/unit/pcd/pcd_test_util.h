/* Shared set-up of the PCD / B0N / updater tests: one emulated nRF5340 with the fixture layout
 * (shared/fixtures/README.md), the trusted key, and helpers to place images and check results. */
#ifndef PCD_TEST_UTIL_H
#define PCD_TEST_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/b0n.h"
#include "pcd/cmd.h"
#include "pcd/updater.h"
#include "pcdsim/keys.h"
#include "testsupport/testport.h"

/* Layout of shared/fixtures (README.md table; pm/handmade-*.yml, pm/borus-cpunet-*.yml). */
#define PT_NET_FLASH_BASE 0x01000000u
#define PT_NET_APP_OFF 0x8800u        /* net app partition offset in net flash */
#define PT_NET_APP_SIZE 0x37800u
#define PT_NET_PAGE 0x800u
#define PT_INT_SLOT_OFF 0x80000u      /* internal layout: mcuboot_secondary */
#define PT_INT_SLOT_SIZE 0x74000u
#define PT_QSPI_SLOT_OFF 0x74000u     /* external layout: mcuboot_secondary_1 */
#define PT_QSPI_SLOT_SIZE 0x40000u
#define PT_PCD 0x20000000u            /* pcd_sram */
#define PT_RAM_FLASH 0x20010000u      /* FM_NRF5340_OPTS_DEFAULT ram_flash_addr */
#define PT_HDR 0x200u                 /* ih_hdr_size of every fixture image */

/* Fixture files. */
#define FX_NET_V1 "signed/net-v1-32k_ecdsa-p256.bin"
#define FX_NET_V1_ED "signed/net-v1-32k_ed25519.bin"
#define FX_NET_V2 "signed/net-v2-150k_ecdsa-p256.bin"
#define FX_NET_MAX "signed/net-v2-max_ecdsa-p256.bin"
#define FX_NET_OVERSIZE "signed/net-v2-oversize_ecdsa-p256.bin"
#define FX_NET_ROGUE "signed/net-v2-150k_ecdsa-p256-rogue.bin"
#define FX_NET_CORRUPT "signed/net-v2-150k_ecdsa-p256_CORRUPT-body.bin"
#define FX_NET_TRUNC "signed/net-v2-150k_ecdsa-p256_TRUNC-tlv.bin"
#define FX_NET_BADMAGIC "signed/net-v1-32k_ecdsa-p256_BADMAGIC.bin"
#define FX_APP_V2 "signed/app-v2-200k_ecdsa-p256.bin"
#define FX_RAW_NET_V1 "raw/net-v1-32k-ncs.bin"
#define FX_RAW_NET_V2 "raw/net-v2-150k-ncs.bin"
#define FX_RAW_NET_MAX "raw/net-v2-max-ncs.bin"
#define FX_RAW_NET_OVERSIZE "raw/net-v2-oversize-ncs.bin"

/* A test environment: system, keys, updater configuration. Heap-allocated (the system is large). */
struct pt_env {
    struct tp_sys tp;
    struct pcdsim_key ecdsa;
    struct pcdsim_key ed25519;
    struct pcd_key keys[2];
    struct pcd_updater_config ucfg;
    uint8_t container_sha[PCD_SHA256_LEN]; /* B0N container content at set-up */
};

/* Secondary-slot placement. */
enum pt_slot { PT_SLOT_INTERNAL, PT_SLOT_QSPI };

/* Build an environment: fresh system, old image (raw net v1) in the net app partition, a
 * B0N-like pattern in the container, keys loaded, updater configured for @p slot. */
struct pt_env *pt_env_new(enum pt_slot slot);
void pt_env_free(struct pt_env *e);

/* Absolute path of a fixture file (static buffer per call site is not needed: caller buffer). */
const char *pt_fixture(char *buf, unsigned size, const char *rel);

/* Load a fixture into a device at an offset; returns its length (fails the test on error). */
uint32_t pt_load(struct pt_env *e, int dev, uint32_t off, const char *rel);

/* Read a fixture into a heap buffer (fails the test on error). */
uint8_t *pt_read(const char *rel, uint32_t *len);

/* Put a signed image into the configured secondary slot and request the upgrade (test). */
uint32_t pt_put_candidate(struct pt_env *e, const char *rel, bool permanent);

/* Copy the body (after the 0x200 header) of a signed fixture into app RAM / app flash at a bus
 * address (setup write) and return its length (ih_img_size). */
uint32_t pt_put_body(struct pt_env *e, uint32_t bus_addr, const char *signed_rel);

/* SHA-256 of a buffer / of a device range. */
void pt_sha(const void *buf, uint32_t len, uint8_t out[PCD_SHA256_LEN]);
void pt_sha_dev(struct pt_env *e, int dev, uint32_t off, uint32_t len, uint8_t out[PCD_SHA256_LEN]);

/* Write a command block directly into app SRAM (what an app core would have left there). */
void pt_poke_cmd(struct pt_env *e, const struct pcd_cmd *cmd);
/* Read the command block from app SRAM without going through a core. */
void pt_peek_cmd(struct pt_env *e, struct pcd_cmd *cmd);

/* Net flash content equals the raw v1 body (the "old image" is intact). */
bool pt_old_image_intact(struct pt_env *e);
/* Net flash holds @p len bytes equal to the body of @p signed_rel at the app partition. */
bool pt_net_has_body(struct pt_env *e, const char *signed_rel);
/* The B0N container is unchanged since pt_env_new(). */
bool pt_container_intact(struct pt_env *e);

/* Number of recorded flash-rule violations and bus faults. */
unsigned pt_violations(struct pt_env *e);
unsigned pt_bus_faults(struct pt_env *e);

/* Print both cores' logs when a test needs it (env PCDSIM_TEST_LOG=1 prints as it goes). */
void pt_dump_logs(struct pt_env *e);

#endif /* PCD_TEST_UTIL_H */

/* A port that forwards to another one (the test port) and records the order of the events the
 * wire protocol cares about: shared-RAM writes, flash programs/erases, signal, boot, stop. */
#define PT_REC_MAX 1024
struct pt_rec_event {
    char kind;     /* 'W' shared write, 'P' program, 'E' erase, 'S' signal, 'B' boot, 'T' stop, 'H' hold, 'R' release */
    uint32_t addr; /* address / offset */
    uint32_t val;  /* value / length */
};
struct pt_rec_port {
    struct pcd_port port;          /* use this one */
    const struct pcd_port *inner;  /* forwarded to */
    unsigned n;                    /* events seen (may exceed PT_REC_MAX) */
    struct pt_rec_event ev[PT_REC_MAX];
    /* Device time really delayed in each wait: from a COPY magic written at PT_PCD to the next
     * Hold (the updater's own waited_us is not trusted). */
    uint64_t waits[8];
    unsigned n_waits;
    bool in_wait;
    /* If glitch_us > 0: once per wait, as soon as glitch_us have been delayed in it, write
     * glitch_val into the magic word (a value that is neither the command nor an answer). */
    uint64_t glitch_us;
    uint32_t glitch_val;
    bool glitched;
};
void pt_rec_init(struct pt_rec_port *r, const struct pcd_port *inner);
