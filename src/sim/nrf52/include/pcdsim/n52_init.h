/**
 * @file
 * @brief The init-packet checker of the nRF52 update: the dfu-cc protobuf (dfu-cc.proto, decoded
 *        with nanopb) and its ECDSA P-256 signature, checked through the host crypto backend
 *        (pcd_sig_verify(), OpenSSL).
 *
 * As nrfutil writes it (nRF5 SDK 17.0.x): a `Packet` holding a `SignedCommand`; the signature is
 * over the serialized `Command` bytes exactly as they stand in the packet, ECDSA P-256 with
 * SHA-256, 64 bytes: r then s, each little-endian; the image hash in `InitCommand.hash` is the
 * SHA-256 digest with its bytes reversed.
 */
#ifndef PCDSIM_N52_INIT_H
#define PCDSIM_N52_INIT_H

#include <stdint.h>

#include "nrf5dfu/port.h"
#include "pcd/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/** State of one checker. */
struct n52_init_ctx {
    const struct pcd_key *key; /**< the trusted ECDSA P-256 key (NULL: every signature fails) */
    char why[128];             /**< after a failure: what was wrong */
};

/** The fields of a decoded init packet the tools print. */
struct n52_init_info {
    bool is_signed;          /**< a SignedCommand */
    unsigned signature_type; /**< 0 ECDSA_P256_SHA256, 1 ED25519 */
    unsigned op_code;        /**< 1 INIT */
    unsigned fw_type;        /**< 0 APPLICATION ... */
    uint32_t fw_version;     /**< InitCommand.fw_version */
    uint32_t app_size;       /**< InitCommand.app_size (0 if absent) */
    unsigned hash_type;      /**< 3 SHA256 */
    uint8_t hash[32];        /**< the digest in the packet's (reversed) order */
};

/**
 * @brief Decode an init packet.
 * @param pkt bytes @param len bytes
 * @param[out] info its fields
 * @param[out] cmd the signed Command bytes inside @p pkt (NULL if unsigned) @param[out] cmd_len their length
 * @return 0 or N5_E_INIT (not a dfu-cc Packet with a Command)
 */
int n52_init_decode(const uint8_t *pkt, uint32_t len, struct n52_init_info *info, const uint8_t **cmd,
                    uint32_t *cmd_len);

/**
 * @brief Bind @p out to @p ctx (n5_init_checker for n5_boot()).
 * @param out the checker @param ctx its state (key set by the caller)
 */
void n52_init_checker(struct n5_init_checker *out, struct n52_init_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_N52_INIT_H */
