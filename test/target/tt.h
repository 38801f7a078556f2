/*
 * Support of the target conformance program (pcd_target_tests): the report it prints, checks,
 * fixture files and small helpers. The same sources build for the host (gcc/clang) and for the
 * Cortex-M33 under QEMU (newlib + semihosting), so nothing here may depend on the platform:
 * stdio for files and output, fixed-width integers printed through unsigned long.
 *
 * Report format (docs/TARGET.md "Differential check"): one line per result, "<section> <case>
 * key=value ...". Lines starting with "sig " depend on signature verification, which the
 * target's crypto backend does not provide; the differential check compares every other line
 * byte for byte between the host (OpenSSL) and the target (builtin SHA-256 under QEMU).
 */
#ifndef PCD_TEST_TT_H
#define PCD_TEST_TT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcd/image.h"
#include "pcd/port.h"

#if defined(__GNUC__)
#define TT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TT_PRINTF(a, b)
#endif

/** Does this binary's crypto backend verify signatures? (probed once at start) */
extern bool tt_have_sig;

/** @brief Start a section: resets its counters. */
void tt_section(const char *name);
/** @brief End the section: prints "summary <section> checks=N failed=M" (and the sig summary). */
void tt_section_end(void);
/** @brief A report line (compared between host and target). */
void tt_line(const char *fmt, ...) TT_PRINTF(1, 2);
/** @brief A report line that depends on signature verification ("sig " + line; not compared). */
void tt_sig_line(const char *fmt, ...) TT_PRINTF(1, 2);
/** @brief A check; a failure prints "FAIL <section>: <message>" and is counted. */
bool tt_check(bool ok, const char *fmt, ...) TT_PRINTF(2, 3);
/** @brief A check on a signature-dependent result (counted in the sig summary). */
bool tt_sig_check(bool ok, const char *fmt, ...) TT_PRINTF(2, 3);
/** @brief Failures over all sections so far. */
unsigned tt_failures(void);

/** @brief Lower-case hex of @p n bytes into @p out (2n + 1 bytes). */
void tt_hex(const uint8_t *b, size_t n, char *out);
/** @brief Parse 64 hex digits into 32 bytes; false if malformed. */
bool tt_unhex32(const char *hex, uint8_t out[32]);
/** @brief SHA-256 of a buffer with the linked backend (pcd_sha256_*); false on a backend error. */
bool tt_sha256(const void *data, size_t len, uint8_t out[PCD_SHA256_LEN]);

/** @brief "<shared>/fixtures/<rel>" */
const char *tt_fixture_path(const char *rel, char *buf, size_t size);
/** @brief Size of a fixture file, or -1. */
long tt_fixture_size(const char *rel);
/** @brief Read up to @p cap bytes of a fixture into @p dst; returns the bytes read or -1. */
long tt_fixture_read(const char *rel, void *dst, size_t cap);
/**
 * @brief Read a PEM public key ("-----BEGIN PUBLIC KEY-----", base64 DER SubjectPublicKeyInfo)
 *        from fixtures/<rel>; returns the DER length or -1.
 */
long tt_fixture_pem(const char *rel, uint8_t *der, size_t cap);

/** @brief Little-endian 16/32-bit loads. */
uint16_t tt_le16(const uint8_t *p);
uint32_t tt_le32(const uint8_t *p);

/**
 * @brief The trusted MCUboot keys of the fixtures (keys/ecdsa-p256.pub.pem, keys/ed25519.pub.pem,
 *        keys/rsa-2048.pub.pem) in KEYHASH form (DER SubjectPublicKeyInfo; PKCS#1 RSAPublicKey
 *        for RSA), loaded once.
 * @param[out] keys TT_TRUSTED_KEYS entries (storage owned by the program)
 * @return true if all loaded
 */
#define TT_TRUSTED_KEYS 3u
bool tt_trusted_keys(struct pcd_key keys[TT_TRUSTED_KEYS]);

/* Sections (each one returns after tt_section_end()). */
void tt_run_sha256(void);
void tt_run_fixtures(void);
void tt_run_image(void);
void tt_run_fwinfo(void);
void tt_run_b0n(void);
void tt_run_port(void);
void tt_run_updater(void);

#endif /* PCD_TEST_TT_H */
