/* The init packet: nanopb decode, the signed Command's bytes, ECDSA P-256 over the host backend,
 * and the image's size and SHA-256 against the packet. */
#include "pcdsim/n52_init.h"

#include <pb_decode.h>
#include <stdio.h>
#include <string.h>

#include "dfu-cc.pb.h"
#include "pcd/port.h"

/* The bytes of the LEN field @p field of the message in [*p, *p + *n) (replaced by them). */
static bool find_len_field(const uint8_t **p, uint32_t *n, uint32_t field)
{
    pb_istream_t s = pb_istream_from_buffer(*p, *n);
    pb_wire_type_t wt;
    uint32_t tag;
    bool eof = false;
    while (pb_decode_tag(&s, &wt, &tag, &eof)) {
        if (tag == field && wt == PB_WT_STRING) {
            uint32_t len;
            if (!pb_decode_varint32(&s, &len) || len > s.bytes_left) {
                return false;
            }
            *p = (const uint8_t *)s.state;
            *n = len;
            return true;
        }
        if (!pb_skip_field(&s, wt)) {
            return false;
        }
    }
    return false;
}

int n52_init_decode(const uint8_t *pkt, uint32_t len, struct n52_init_info *info, const uint8_t **cmd,
                    uint32_t *cmd_len)
{
    dfu_Packet p = dfu_Packet_init_zero;
    pb_istream_t s = pb_istream_from_buffer(pkt, len);
    memset(info, 0, sizeof(*info));
    *cmd = NULL;
    *cmd_len = 0;
    if (len == 0 || !pb_decode(&s, dfu_Packet_fields, &p) || (!p.has_signed_command && !p.has_command)) {
        return N5_E_INIT;
    }
    const dfu_Command *c = p.has_signed_command ? &p.signed_command.command : &p.command;
    info->is_signed = p.has_signed_command;
    if (p.has_signed_command) {
        info->signature_type = (unsigned)p.signed_command.signature_type;
        const uint8_t *q = pkt;
        uint32_t n = len;
        if (!find_len_field(&q, &n, 2) || !find_len_field(&q, &n, 1)) {
            return N5_E_INIT;
        }
        *cmd = q;
        *cmd_len = n;
    }
    info->op_code = c->has_op_code ? (unsigned)c->op_code : 0;
    if (c->has_init) {
        info->fw_type = (unsigned)c->init.type;
        info->fw_version = c->init.fw_version;
        info->app_size = c->init.has_app_size ? c->init.app_size : 0;
        if (c->init.has_hash && c->init.hash.hash.size == 32) {
            info->hash_type = (unsigned)c->init.hash.hash_type;
            memcpy(info->hash, c->init.hash.hash.bytes, 32);
        }
    }
    return 0;
}

/* DER INTEGER of a 32-byte big-endian value. */
static size_t der_int(uint8_t *out, const uint8_t be[32])
{
    unsigned i = 0;
    while (i < 31 && be[i] == 0) {
        i++;
    }
    const size_t n = 32 - i, pad = (be[i] & 0x80) != 0;
    out[0] = 0x02;
    out[1] = (uint8_t)(n + pad);
    out[2] = 0;
    memcpy(out + 2 + pad, be + i, n);
    return 2 + pad + n;
}

/* r, s little-endian (nrfutil) -> DER ECDSA-Sig-Value. */
static size_t sig_to_der(const uint8_t sig[64], uint8_t der[72])
{
    uint8_t r[32], s[32];
    for (unsigned i = 0; i < 32; i++) {
        r[i] = sig[31 - i];
        s[i] = sig[63 - i];
    }
    size_t n = 2;
    n += der_int(der + n, r);
    n += der_int(der + n, s);
    der[0] = 0x30;
    der[1] = (uint8_t)(n - 2);
    return n;
}

static int sha256_buf(const uint8_t *p, uint32_t n, uint8_t out[32])
{
    struct pcd_sha256 h;
    if (pcd_sha256_init(&h) != 0) {
        return N5_E_PORT;
    }
    if (pcd_sha256_update(&h, p, n) != 0) {
        pcd_sha256_drop(&h);
        return N5_E_PORT;
    }
    return pcd_sha256_final(&h, out) == 0 ? 0 : N5_E_PORT;
}

static int sha256_flash(const struct n5_port *port, uint32_t addr, uint32_t size, uint8_t out[32])
{
    struct pcd_sha256 h;
    uint8_t buf[512];
    if (pcd_sha256_init(&h) != 0) {
        return N5_E_PORT;
    }
    for (uint32_t done = 0; done < size;) {
        const uint32_t k = size - done < sizeof(buf) ? size - done : (uint32_t)sizeof(buf);
        if (port->read(port->ctx, addr + done, buf, k) != 0 || pcd_sha256_update(&h, buf, k) != 0) {
            pcd_sha256_drop(&h);
            return N5_E_PORT;
        }
        done += k;
    }
    return pcd_sha256_final(&h, out) == 0 ? 0 : N5_E_PORT;
}

static int fail(struct n52_init_ctx *c, int err, const char *why)
{
    snprintf(c->why, sizeof(c->why), "%s", why);
    return err;
}

static int verify_sig(struct n52_init_ctx *c, const uint8_t *pkt, uint32_t len, const uint8_t *cmd,
                      uint32_t cmd_len)
{
    dfu_Packet p = dfu_Packet_init_zero;
    pb_istream_t s = pb_istream_from_buffer(pkt, len);
    if (!pb_decode(&s, dfu_Packet_fields, &p) || !p.has_signed_command) {
        return fail(c, N5_E_SIG, "the init packet is not signed");
    }
    if (p.signed_command.signature_type != dfu_SignatureType_ECDSA_P256_SHA256 ||
        p.signed_command.signature.size != 64) {
        return fail(c, N5_E_SIG, "not a 64-byte ECDSA_P256_SHA256 signature");
    }
    uint8_t digest[32], der[72];
    if (sha256_buf(cmd, cmd_len, digest) != 0) {
        return fail(c, N5_E_PORT, "SHA-256 failed");
    }
    const size_t n = sig_to_der(p.signed_command.signature.bytes, der);
    if (c->key == NULL || c->key->alg != PCD_SIG_ECDSA_P256 ||
        pcd_sig_verify(PCD_SIG_ECDSA_P256, c->key->der, c->key->der_len, digest, der, (uint32_t)n) != 0) {
        return fail(c, N5_E_SIG, "the init packet's signature does not verify with the trusted key");
    }
    return 0;
}

static int check(void *ctx, const struct n5_port *port, const uint8_t *pkt, uint32_t len, uint32_t image,
                 uint32_t size)
{
    struct n52_init_ctx *c = ctx;
    struct n52_init_info info;
    const uint8_t *cmd;
    uint32_t cmd_len;
    if (n52_init_decode(pkt, len, &info, &cmd, &cmd_len) != 0) {
        return fail(c, N5_E_INIT, "the init command is not a dfu-cc packet");
    }
    int rc = verify_sig(c, pkt, len, cmd, cmd_len);
    if (rc != 0) {
        return rc;
    }
    if (info.op_code != dfu_OpCode_INIT || info.fw_type != dfu_FwType_APPLICATION || info.app_size != size) {
        return fail(c, N5_E_INIT, "the init command is not an INIT of an application of this size");
    }
    uint8_t digest[32];
    if (info.hash_type != dfu_HashType_SHA256) {
        return fail(c, N5_E_INIT, "the init command has no SHA-256 hash");
    }
    if ((rc = sha256_flash(port, image, size, digest)) != 0) {
        return fail(c, rc, "reading bank 1 failed");
    }
    for (unsigned i = 0; i < 32; i++) {
        if (digest[i] != info.hash[31 - i]) {
            return fail(c, N5_E_HASH, "the SHA-256 of bank 1 differs from the init command's hash");
        }
    }
    c->why[0] = '\0';
    return 0;
}

void n52_init_checker(struct n5_init_checker *out, struct n52_init_ctx *ctx)
{
    ctx->why[0] = '\0';
    out->ctx = ctx;
    out->check = check;
}
