/* B0N firmware body: protect, run, park. See b0n_firmware.h. */
#include "b0n_firmware.h"

#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/nrf5340.h"

int pcd_b0n_firmware_main(struct pcd_b0n_result *res, int *acl_rc)
{
    struct pcd_nrf5340_net net;
    struct pcd_b0n_config cfg;
    pcd_nrf5340_net_init(&net);
    pcd_b0n_config_default(&cfg);

    /* B0N-SELF-PROTECT in hardware: no write or erase of B0N + provision until the next reset,
     * whatever runs later. If the lock does not take, B0N still never writes there (its own
     * guard, pcd/b0n.h); refusing to boot would brick the device for a protection failure, so
     * the result is reported and the run goes on (NCS instead stops: facts §2.3 step 2). */
    *acl_rc = pcd_nrf5340_acl_protect(PCD_B0N_FW_ACL_REGION, cfg.container_addr, cfg.container_size);

    /* Ends with pcd_boot() (jump) or pcd_stop() (wait for Force-OFF) on silicon. */
    const int rc = pcd_b0n_run(&cfg, &net.port, res);

    /* No valid image, or the answer could not be written: nothing to run. Wait for the
     * application core to force this core off (it times out and decides; APP-TIMEOUT). */
    pcd_nrf5340_hw_idle();
    return rc;
}
