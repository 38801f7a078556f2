/* B0N for the nRF5340 network core: the entry point called by startup.c. */
#include "b0n_firmware.h"

int main(void);

int main(void)
{
    /* Static: B0N's stack budget goes to pcd_b0n_run() (512-byte stream buffer and locals). */
    static struct pcd_b0n_result res;
    int acl_rc;
    return pcd_b0n_firmware_main(&res, &acl_rc);
}
