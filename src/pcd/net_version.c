/* READ_VERSION round trip to the network core: see net_version.h. */
#include "net_version.h"

#include "pcd/cmd.h"

/* Poll the magic until DONE or FAIL (0, @p magic the answer), PCD_E_NET_SILENT after the
 * timeout, or a port error. One budget for the whole wait: a value seen mid-wait neither
 * restarts it nor adds a poll period (as the updater's APP-TIMEOUT). */
static int wait_answer(const struct pcd_port *port, const struct pcd_updater_config *net, uint32_t *magic)
{
    uint32_t seen = PCD_CMD_MAGIC_READ_VERSION;
    uint64_t left = net->timeout_us;
    while (left > 0u) {
        uint64_t w = 0;
        const int rc = pcd_poll_word(port, net->pcd_sram_addr + PCD_CMD_OFF_MAGIC, seen, net->poll_us, left, magic,
                                     &w);
        left -= w < left ? w : left; /* a port never reports more than it was given (port.h) */
        if (rc != 0) {
            return rc == PCD_E_TIMEOUT ? PCD_E_NET_SILENT : rc;
        }
        if (*magic == PCD_CMD_MAGIC_DONE || *magic == PCD_CMD_MAGIC_FAIL) {
            return 0;
        }
        seen = *magic;
    }
    return PCD_E_NET_SILENT;
}

int pcd_net_read_version(const struct pcd_port *port, const struct pcd_updater_config *net, uint32_t *version)
{
    const uint32_t sram = net->pcd_sram_addr, buf = sram + PCD_UPDATER_VERSION_BUF_OFF;
    struct pcd_cmd cmd;
    uint32_t magic = 0;
    uint8_t le[4];
    pcd_cmd_make_read_version(&cmd, buf, sizeof(le), 0u);
    int rc = pcd_cmd_store_request(port, sram, &cmd);
    if (rc == 0) {
        rc = pcd_netcore_force_off(port, false);
    }
    if (rc == 0) {
        rc = wait_answer(port, net, &magic);
    }
    if (rc == 0 || rc == PCD_E_NET_SILENT) {
        /* Hold again whatever the outcome: B0N stops after answering, a silent one is stopped here. */
        const int hold = pcd_netcore_force_off(port, true);
        rc = hold != 0 ? hold : rc;
    }
    if (rc == 0 && magic == PCD_CMD_MAGIC_DONE) {
        rc = pcd_bus_read(port, buf, le, sizeof(le));
        if (rc == 0) {
            *version = (uint32_t)le[0] | ((uint32_t)le[1] << 8) | ((uint32_t)le[2] << 16) | ((uint32_t)le[3] << 24);
        }
    } else if (rc == 0) {
        rc = pcd_cmd_load(port, sram, &cmd);
        rc = rc == 0 ? pcd_cmd_err_of(cmd.reason) : rc;
    }
    if (rc == PCD_E_NET_SILENT) {
        const int w = pcd_cmd_withdraw(port, sram);
        rc = w != 0 ? w : rc;
    }
    return rc;
}
