/* Link check of src/nrf5dfu on the Cortex-M4: the bootloader's and the application's entry
 * points called through a port that touches nothing. Not meant to run. */
#include "nrf5dfu/dfu.h"

static int nop_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    (void)ctx;
    (void)addr;
    (void)buf;
    (void)len;
    return 0;
}

static int nop_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    (void)ctx;
    (void)addr;
    (void)buf;
    (void)len;
    return 0;
}

static int nop_erase(void *ctx, uint32_t addr)
{
    (void)ctx;
    (void)addr;
    return 0;
}

void n52_reset_handler(void);

void n52_reset_handler(void)
{
    static const struct n5_port port = {0, nop_read, nop_write, nop_erase};
    static const struct n5_layout lay = {0x27000u, 0x68000u, 0x8F000u, 0x68000u, 0xFF000u, 0xFE000u};
    static const uint8_t image[4] = {1, 2, 3, 4};
    struct n5_boot_result r;
    (void)n5_boot(&port, &lay, 0, &r);
    (void)n5_app_stage(&port, &lay, image, sizeof(image), 0, 0);
    for (;;) {
    }
}
