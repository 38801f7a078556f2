/* Report, checks, files and helpers of the target conformance program. See tt.h. */
#include "tt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PCDSIM_SHARED_DIR
#error "PCDSIM_SHARED_DIR must name the shared/ folder (CMake defines it)"
#endif

bool tt_have_sig;

static const char *sec_name = "?";
static unsigned sec_checks;
static unsigned sec_failed;
static unsigned sec_sig_checks;
static unsigned sec_sig_failed;
static unsigned all_failed;

void tt_section(const char *name)
{
    sec_name = name;
    sec_checks = sec_failed = sec_sig_checks = sec_sig_failed = 0;
}

void tt_section_end(void)
{
    printf("summary %s checks=%u failed=%u\n", sec_name, sec_checks, sec_failed);
    if (sec_sig_checks != 0u) {
        printf("sig summary %s checks=%u failed=%u\n", sec_name, sec_sig_checks, sec_sig_failed);
    }
    fflush(stdout);
}

void tt_line(const char *fmt, ...)
{
    va_list ap;
    printf("%s ", sec_name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

void tt_sig_line(const char *fmt, ...)
{
    va_list ap;
    printf("sig %s ", sec_name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static bool check(bool sig, bool ok, const char *fmt, va_list ap) TT_PRINTF(3, 0);

static bool check(bool sig, bool ok, const char *fmt, va_list ap)
{
    if (sig) {
        sec_sig_checks++;
    } else {
        sec_checks++;
    }
    if (!ok) {
        if (sig) {
            sec_sig_failed++;
        } else {
            sec_failed++;
        }
        all_failed++;
        printf("%sFAIL %s: ", sig ? "sig " : "", sec_name);
        vprintf(fmt, ap);
        putchar('\n');
        fflush(stdout);
    }
    return ok;
}

bool tt_check(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const bool r = check(false, ok, fmt, ap);
    va_end(ap);
    return r;
}

bool tt_sig_check(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const bool r = check(true, ok, fmt, ap);
    va_end(ap);
    return r;
}

unsigned tt_failures(void)
{
    return all_failed;
}

void tt_hex(const uint8_t *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 0xFu];
    }
    out[2 * n] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool tt_unhex32(const char *hex, uint8_t out[32])
{
    for (size_t i = 0; i < 32u; i++) {
        const int hi = hexval(hex[2 * i]);
        const int lo = hi < 0 ? -1 : hexval(hex[2 * i + 1]);
        if (lo < 0) {
            return false;
        }
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return hex[64] == '\0';
}

bool tt_sha256(const void *data, size_t len, uint8_t out[PCD_SHA256_LEN])
{
    struct pcd_sha256 h;
    if (len > UINT32_MAX || pcd_sha256_init(&h) != 0) {
        return false;
    }
    if (pcd_sha256_update(&h, data, (uint32_t)len) != 0) {
        pcd_sha256_drop(&h);
        return false;
    }
    return pcd_sha256_final(&h, out) == 0;
}

const char *tt_fixture_path(const char *rel, char *buf, size_t size)
{
    snprintf(buf, size, "%s/fixtures/%s", PCDSIM_SHARED_DIR, rel);
    return buf;
}

long tt_fixture_size(const char *rel)
{
    char path[512];
    FILE *f = fopen(tt_fixture_path(rel, path, sizeof(path)), "rb");
    if (f == NULL) {
        return -1;
    }
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) {
        n = ftell(f);
    }
    fclose(f);
    return n;
}

long tt_fixture_read(const char *rel, void *dst, size_t cap)
{
    char path[512];
    FILE *f = fopen(tt_fixture_path(rel, path, sizeof(path)), "rb");
    if (f == NULL) {
        return -1;
    }
    const size_t n = fread(dst, 1, cap, f);
    const bool err = ferror(f) != 0;
    fclose(f);
    return err ? -1 : (long)n;
}

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long tt_fixture_pem(const char *rel, uint8_t *der, size_t cap)
{
    char pem[2048];
    const long n = tt_fixture_read(rel, pem, sizeof(pem) - 1u);
    if (n < 0) {
        return -1;
    }
    pem[n] = '\0';
    const char *begin = strstr(pem, "-----BEGIN PUBLIC KEY-----");
    const char *end = strstr(pem, "-----END PUBLIC KEY-----");
    if (begin == NULL || end == NULL || end < begin) {
        return -1;
    }
    uint32_t acc = 0;
    int bits = 0;
    size_t out = 0;
    for (const char *p = begin + strlen("-----BEGIN PUBLIC KEY-----"); p < end; p++) {
        const int v = b64val(*p);
        if (v < 0) {
            continue; /* newlines, '=' padding */
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (out == cap) {
                return -1;
            }
            der[out++] = (uint8_t)(acc >> bits);
        }
    }
    return (long)out;
}

uint16_t tt_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t tt_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
