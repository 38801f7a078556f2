/* The requirement ids of shared/spec/reference-behaviour.md, sections 3 and 5-10, in the spec's
 * order. Ids of sections 5-10 carry the issue that will implement them (planned) until it lands.
 * test/unit/scenario/test_requirements.c reads the spec and checks this table against it both
 * ways, so an id added to or removed from the spec fails the build's tests until it is mirrored
 * here. */
#include <string.h>

#include "pcdsim/scenario.h"

static const struct pcdsim_requirement requirements[] = {
    /* App-side updater */
    {"APP-VALIDATE", PCDSIM_REQ_APP, "candidate passes MCUboot validation before any PCD command", NULL},
    {"APP-ROUTE", PCDSIM_REQ_APP, "net-core target iff the reset vector is in the net-core app partition", NULL},
    {"APP-SIZE", PCDSIM_REQ_APP, "an image larger than the net-core app partition is refused", NULL},
    {"APP-STAGE", PCDSIM_REQ_APP, "PCD src is readable by the net core (QSPI staged into RAM)", NULL},
    {"APP-HASH", PCDSIM_REQ_APP, "command extension carries the SHA-256 of the bytes to copy", NULL},
    {"APP-TIMEOUT", PCDSIM_REQ_APP, "each attempt waits for DONE/FAIL with a bounded timeout", NULL},
    {"APP-RETRY", PCDSIM_REQ_APP, "up to N attempts per boot, counter in RAM only", NULL},
    {"APP-MARK-DONE", PCDSIM_REQ_APP, "after DONE the slot is marked so the copy is not repeated", NULL},
    {"APP-MARK-NACK", PCDSIM_REQ_APP, "after N failed attempts the update is marked rejected and reported", NULL},
    {"APP-FORCEOFF", PCDSIM_REQ_APP, "net core held while the command is written, released, held again", NULL},
    {"APP-LOCK", PCDSIM_REQ_APP, "PCD RAM region made read-only before the application runs", NULL},
    /* B0N */
    {"B0N-CHECK-CMD", PCDSIM_REQ_B0N, "a command with a bad destination, length or source is refused", NULL},
    {"B0N-SRC-SHA", PCDSIM_REQ_B0N, "the source is hashed and checked before anything is erased", NULL},
    {"B0N-SRC-BOOTABLE", PCDSIM_REQ_B0N, "an update the net core could never boot is refused before erasing", NULL},
    {"B0N-COPY", PCDSIM_REQ_B0N, "pages erased on first touch, whole aligned words, nothing outside the range", NULL},
    {"B0N-DST-SHA", PCDSIM_REQ_B0N, "the destination is read back and its SHA-256 compared", NULL},
    {"B0N-REPORT", PCDSIM_REQ_B0N, "the outcome is written last, then B0N stops", NULL},
    {"B0N-BOOT-VALID", PCDSIM_REQ_B0N, "the net-core application is validated before it is booted", NULL},
    {"B0N-SELF-PROTECT", PCDSIM_REQ_B0N, "B0N and the provision area are never written or erased", NULL},
    /* System properties */
    {"SYS-POWER-SAFE", PCDSIM_REQ_SYS, "a power loss at any operation ends with a valid net-core image", NULL},
    {"SYS-CONVERGE", PCDSIM_REQ_SYS, "the procedure finishes in bounded boots and virtual time", NULL},
    {"SYS-IDEMPOTENT", PCDSIM_REQ_SYS, "after a successful update, further boots do no PCD copy", NULL},
    {"SYS-FLASH-RULES", PCDSIM_REQ_SYS, "nWRITE, alignment and endurance rules of the flash are kept", NULL},
    {"SYS-NO-STRAY-WRITE", PCDSIM_REQ_SYS, "no byte outside the regions a step may change is modified", NULL},
    {"SYS-REPORT", PCDSIM_REQ_SYS, "every outcome a user must act on is reported", NULL},
    /* §5 Simultaneous multi-image update: app + net */
    {"MI-VALIDATE-ALL", PCDSIM_REQ_MI, "every candidate of a batch validated before any is applied", NULL},
    {"MI-DEPENDENCY", PCDSIM_REQ_MI, "dependency TLVs honoured against the batch or the running image", NULL},
    {"MI-DOWNGRADE", PCDSIM_REQ_MI, "with downgrade prevention, an older candidate is refused", NULL},
    {"MI-RAMSIM", PCDSIM_REQ_MI, "the net candidate fits the RAM flash simulator window", NULL},
    {"MI-ORDER", PCDSIM_REQ_MI, "fixed order; never a mixed pair of images in the idle state", NULL},
    {"MI-MARK", PCDSIM_REQ_MI, "each candidate's slot marked done or rejected on its own", NULL},
    /* §6 Coordinated rollback of both cores */
    {"RB-TEST", PCDSIM_REQ_RB, "a test batch swaps the app in; it must confirm itself", NULL},
    {"RB-BACKUP", PCDSIM_REQ_RB, "the running net image is backed up and verified before a test batch", NULL},
    {"RB-REVERT", PCDSIM_REQ_RB, "an unconfirmed test batch is reverted to the old pair", NULL},
    {"RB-CONFIRM", PCDSIM_REQ_RB, "after confirmation the backup is released, nothing copied again", NULL},
    {"RB-POWER-SAFE", PCDSIM_REQ_RB, "any power loss ends in a consistent pair, never a mix", NULL},
    /* §7 External NAND secondary slots */
    {"NAND-BBM", PCDSIM_REQ_NAND, "NAND slots reached through a power-safe bad-block-skipping layer", NULL},
    {"NAND-ECC", PCDSIM_REQ_NAND, "corrected reads used; an uncorrectable read fails validation", NULL},
    {"NAND-ORDER", PCDSIM_REQ_NAND, "NAND page order and program-once rules checked on every run", NULL},
    {"NAND-STAGE", PCDSIM_REQ_NAND, "net images in NAND staged through RAM", NULL},
    /* §8 Download into the secondary slots */
    {"DL-STREAM", PCDSIM_REQ_DL, "chunks written through a stream buffer into each image's slot", NULL},
    {"DL-RESUME", PCDSIM_REQ_DL, "a download interrupted by power loss or reset resumes", NULL},
    {"DL-REQUEST", PCDSIM_REQ_DL, "the upgrade is requested only when every image is complete and checked", NULL},
    {"DL-REJECT", PCDSIM_REQ_DL, "a malformed package is refused before it damages a candidate", NULL},
    /* §9 Release packages */
    {"PKG-INPUT", PCDSIM_REQ_PKG, "build directories, zips, HEX and partition files are read", NULL},
    {"PKG-ROUTE", PCDSIM_REQ_PKG, "each package entry agrees with the slot it goes to", NULL},
    {"PKG-KEY", PCDSIM_REQ_PKG, "net B0 signature against a provisioned key hash; MCUboot key", NULL},
    {"PKG-VERSION", PCDSIM_REQ_PKG, "no downgrade against the previous release where forbidden", NULL},
    {"PKG-LAYOUT", PCDSIM_REQ_PKG, "a layout change against the previous release is reported", NULL},
    /* §10 nRF52 dual-bank background update */
    {"N52-WRITE", PCDSIM_REQ_N52, "bank 1 and the settings written only through allowed fields", NULL},
    {"N52-ACTIVATE", PCDSIM_REQ_N52, "bank 1 copied over bank 0 in page steps, CRC checked", NULL},
    {"N52-POWER-SAFE", PCDSIM_REQ_N52, "any power loss ends with a valid application running", NULL},
};

size_t pcdsim_requirement_count(void)
{
    return sizeof(requirements) / sizeof(requirements[0]);
}

const struct pcdsim_requirement *pcdsim_requirement_at(size_t i)
{
    return i < pcdsim_requirement_count() ? &requirements[i] : NULL;
}

const struct pcdsim_requirement *pcdsim_requirement_find(const char *id)
{
    if (id == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < pcdsim_requirement_count(); i++) {
        if (strcmp(requirements[i].id, id) == 0) {
            return &requirements[i];
        }
    }
    return NULL;
}
