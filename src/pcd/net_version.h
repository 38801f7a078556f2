/* The network core's running version over PCD READ_VERSION (private header of src/pcd).
 * One exchange for every app-side caller that needs it: the single-image updater's MI-DEPENDENCY
 * check (updater.c) and the batch's MI-DEPENDENCY / MI-DOWNGRADE checks (batch.c). The request
 * and its answer: pcd/cmd.h; what B0N answers (fw_info.version of a bootable image): docs/SPEC.md. */
#ifndef PCD_NET_VERSION_H
#define PCD_NET_VERSION_H

#include <stdint.h>

#include "pcd/port.h"
#include "pcd/updater.h"

/*
 * One READ_VERSION round trip. The caller holds the network core (APP-FORCEOFF); the request is
 * written to net->pcd_sram_addr, the core released, the magic polled every net->poll_us for at
 * most net->timeout_us in total (device µs; a value other than DONE / FAIL means "not yet"), the
 * core held again, then the answer read from net->pcd_sram_addr + PCD_UPDATER_VERSION_BUF_OFF.
 * Returns 0 with @p version set (little-endian word B0N wrote), the FAIL answer's reason (e.g.
 * PCD_E_NO_VALID_IMAGE), PCD_E_NET_SILENT when no answer came in time (the request withdrawn),
 * or a port error (PCD_E_HALTED, ...). @p version is written only on 0.
 */
int pcd_net_read_version(const struct pcd_port *port, const struct pcd_updater_config *net, uint32_t *version);

#endif
