/*
 * Link check of the application-side archive (libpcd_app_nrf5340.a) as an MCUboot port would use
 * it: the port initialised over the silicon seam, the updater run once. It is built, sized and
 * stack-analysed in CI, never run: MCUboot itself is not part of this tree. The two crypto
 * entry points an MCUboot port provides over its own backends (docs/PORTING.md) are stand-ins
 * here: SHA-256 from pcd_crypto_builtin, and a signature check that refuses everything.
 */
#include <stddef.h>

#include "pcd/nrf5340/nrf5340.h"
#include "pcd/updater.h"

int main(void);
void app_reset_handler(void);

/* MCUboot's signature backend would go here (bootutil's ECDSA / Ed25519 verification). */
int pcd_sig_verify(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                   const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len)
{
    (void)alg;
    (void)key;
    (void)key_len;
    (void)digest;
    (void)sig;
    (void)sig_len;
    return PCD_E_IMG_SIG;
}

int main(void)
{
    static struct pcd_nrf5340_app app;
    static struct pcd_updater_result res;
    struct pcd_updater_config cfg;
    pcd_nrf5340_app_init(&app, NULL);
    pcd_updater_config_default(&cfg);
    return pcd_updater_run(&cfg, &app.port, &res);
}

void app_reset_handler(void)
{
    (void)main();
    for (;;) {
    }
}

__attribute__((section(".isr_vector"), used)) void (*const app_vectors[2])(void) = {
    (void (*)(void))0x20040000u, app_reset_handler};
