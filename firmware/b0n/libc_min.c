/*
 * The three C library functions B0N uses (memcpy, memset, memcmp), in their simplest form: B0N
 * links no C library (-nostdlib), so nothing but src/pcd, the port and this file is in the image.
 * Byte loops cost ~5 % of a 512-byte SHA-256 update on the net core and save ~450 bytes against
 * newlib-nano's versions. The loops must not be turned back into calls to themselves: GCC's
 * loop-distribution pass recognises them as memcpy/memset, hence the optimize attribute.
 */
#include <stddef.h>
#include <stdint.h>

#define B0N_NO_LIBCALL __attribute__((used, optimize("no-tree-loop-distribute-patterns")))

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

B0N_NO_LIBCALL void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n-- > 0u) {
        *d++ = *s++;
    }
    return dst;
}

B0N_NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n-- > 0u) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

B0N_NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a;
    const uint8_t *y = b;
    for (; n > 0u; n--, x++, y++) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}
