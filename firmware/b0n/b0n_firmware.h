/*
 * B0N firmware body, shared by the image for the network core (main.c) and the QEMU test that
 * runs it against the register-level model (test/target/). Not a public API of src/pcd.
 */
#ifndef PCD_B0N_FIRMWARE_H
#define PCD_B0N_FIRMWARE_H

#include "pcd/b0n.h"

/** ACL region B0N uses for its own container (B0N + provision). */
#define PCD_B0N_FW_ACL_REGION 0u

/**
 * What the network core does from reset, after the C runtime is set up: lock the B0N container
 * with the ACL (B0N-SELF-PROTECT; facts §2.3 step 2), run pcd_b0n_run() over the nRF5340 network
 * core port, and park the core if B0N neither booted nor stopped (no valid image).
 * On silicon it does not return (boot jumps, stop and park wait for Force-OFF); against a model
 * it returns what happened.
 * @param[out] res      what pcd_b0n_run() did
 * @param[out] acl_rc   result of the ACL lock (0, or PCD_E_* when the lock did not take)
 * @return the return value of pcd_b0n_run()
 */
int pcd_b0n_firmware_main(struct pcd_b0n_result *res, int *acl_rc);

#endif /* PCD_B0N_FIRMWARE_H */
