/* Input files pcdsim does not read, recognised so they are refused by name (see file_kind.h). */
#include "pcdsim/file_kind.h"

#include <stdio.h>

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* The byte written as two hex digits at @p p (both within @p end), or -1. */
static int hex_byte(const uint8_t *p, const uint8_t *end)
{
    if (end - p < 2) {
        return -1;
    }
    int hi = hex_digit(p[0]), lo = hex_digit(p[1]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

bool pcdsim_is_intel_hex(const uint8_t *data, size_t len)
{
    const uint8_t *p = data, *end = data + (len < PCDSIM_IHEX_PROBE ? len : PCDSIM_IHEX_PROBE);
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
    }
    if (p == end || *p++ != ':') {
        return false;
    }
    int count = hex_byte(p, end);
    if (count < 0) {
        return false;
    }
    // LL AAAA TT, the data bytes, CC: all of them sum to 0 modulo 256.
    unsigned sum = 0, type = 0;
    for (int i = 0; i < count + 5; i++, p += 2) {
        int b = hex_byte(p, end);
        if (b < 0) {
            return false;
        }
        if (i == 3) {
            type = (unsigned)b;
        }
        sum += (unsigned)b;
    }
    return type <= 5 && (sum & 0xffu) == 0 && (p == end || *p == '\r' || *p == '\n');
}

bool pcdsim_file_is_intel_hex(const char *path)
{
    uint8_t buf[PCDSIM_IHEX_PROBE];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return false;
    }
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return pcdsim_is_intel_hex(buf, n);
}

const char *pcdsim_intel_hex_hint(void)
{
    return "pcdsim reads binary images: use the .bin that the build writes next to the .hex, or convert it "
           "with 'objcopy -I ihex -O binary FILE.hex FILE.bin'";
}
