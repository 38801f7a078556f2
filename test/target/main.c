/*
 * pcd_target_tests: src/pcd and the nRF5340 port on the fixture images, the same program on the
 * host and on the Cortex-M33 under QEMU (docs/TARGET.md).
 *   pcd_target_tests [section...]     sections: sha256 fixtures image fwinfo b0n port updater
 *                                     (default: all)
 * Prints the report (tt.h) and exits 0 if every check passed, 1 otherwise, 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>

#include "hwmodel.h"
#include "tt.h"

static const struct {
    const char *name;
    void (*run)(void);
} sections[] = {
    {"sha256", tt_run_sha256}, {"fixtures", tt_run_fixtures}, {"image", tt_run_image}, {"fwinfo", tt_run_fwinfo},
    {"b0n", tt_run_b0n},       {"port", tt_run_port},         {"updater", tt_run_updater},
};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))

/* Does the linked backend verify signatures? PCD_E_UNSUPPORTED says it does not. */
static bool probe_sig(void)
{
    static const uint8_t digest[PCD_SHA256_LEN] = {0};
    static const uint8_t junk[8] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    return pcd_sig_verify(PCD_SIG_ECDSA_P256, junk, sizeof(junk), digest, junk, sizeof(junk)) != PCD_E_UNSUPPORTED;
}

int main(int argc, char **argv)
{
    tt_have_sig = probe_sig();
    printf("sig backend %s\n", tt_have_sig ? "verifies signatures" : "none (PCD_E_UNSUPPORTED)");
    bool any = false;
    for (int a = 1; a < argc; a++) {
        size_t i = 0;
        while (i < SECTION_COUNT && strcmp(argv[a], sections[i].name) != 0) {
            i++;
        }
        if (i == SECTION_COUNT) {
            fprintf(stderr, "pcd_target_tests: unknown section '%s'\n", argv[a]);
            return 2;
        }
        sections[i].run();
        any = true;
    }
    if (!any) {
        for (size_t i = 0; i < SECTION_COUNT; i++) {
            sections[i].run();
        }
    }
    const unsigned failed = tt_failures();
    printf("result %s (%u failed)\n", failed == 0u ? "PASS" : "FAIL", failed);
    fflush(stdout);
    return failed == 0u ? 0 : 1;
}
