/* The requirement ids of shared/spec/reference-behaviour.md, section 3, in the spec's order.
 * test/unit/scenario/test_requirements.c reads the spec and checks this table against it both
 * ways, so an id added to or removed from the spec fails the build's tests until it is mirrored
 * here. */
#include <string.h>

#include "pcdsim/scenario.h"

static const struct pcdsim_requirement requirements[] = {
    /* App-side updater */
    {"APP-VALIDATE", PCDSIM_REQ_APP, "candidate passes MCUboot validation before any PCD command"},
    {"APP-ROUTE", PCDSIM_REQ_APP, "net-core target iff the reset vector is in the net-core app partition"},
    {"APP-SIZE", PCDSIM_REQ_APP, "an image larger than the net-core app partition is refused"},
    {"APP-STAGE", PCDSIM_REQ_APP, "PCD src is readable by the net core (QSPI staged into RAM)"},
    {"APP-HASH", PCDSIM_REQ_APP, "command extension carries the SHA-256 of the bytes to copy"},
    {"APP-TIMEOUT", PCDSIM_REQ_APP, "each attempt waits for DONE/FAIL with a bounded timeout"},
    {"APP-RETRY", PCDSIM_REQ_APP, "up to N attempts per boot, counter in RAM only"},
    {"APP-MARK-DONE", PCDSIM_REQ_APP, "after DONE the slot is marked so the copy is not repeated"},
    {"APP-MARK-NACK", PCDSIM_REQ_APP, "after N failed attempts the update is marked rejected and reported"},
    {"APP-FORCEOFF", PCDSIM_REQ_APP, "net core held while the command is written, released, held again"},
    {"APP-LOCK", PCDSIM_REQ_APP, "PCD RAM region made read-only before the application runs"},
    /* B0N */
    {"B0N-CHECK-CMD", PCDSIM_REQ_B0N, "a command with a bad destination, length or source is refused"},
    {"B0N-SRC-SHA", PCDSIM_REQ_B0N, "the source is hashed and checked before anything is erased"},
    {"B0N-SRC-BOOTABLE", PCDSIM_REQ_B0N, "an update the net core could never boot is refused before erasing"},
    {"B0N-COPY", PCDSIM_REQ_B0N, "pages erased on first touch, whole aligned words, nothing outside the range"},
    {"B0N-DST-SHA", PCDSIM_REQ_B0N, "the destination is read back and its SHA-256 compared"},
    {"B0N-REPORT", PCDSIM_REQ_B0N, "the outcome is written last, then B0N stops"},
    {"B0N-BOOT-VALID", PCDSIM_REQ_B0N, "the net-core application is validated before it is booted"},
    {"B0N-SELF-PROTECT", PCDSIM_REQ_B0N, "B0N and the provision area are never written or erased"},
    /* System properties */
    {"SYS-POWER-SAFE", PCDSIM_REQ_SYS, "a power loss at any operation ends with a valid net-core image"},
    {"SYS-CONVERGE", PCDSIM_REQ_SYS, "the procedure finishes in bounded boots and virtual time"},
    {"SYS-IDEMPOTENT", PCDSIM_REQ_SYS, "after a successful update, further boots do no PCD copy"},
    {"SYS-FLASH-RULES", PCDSIM_REQ_SYS, "nWRITE, alignment and endurance rules of the flash are kept"},
    {"SYS-NO-STRAY-WRITE", PCDSIM_REQ_SYS, "no byte outside the regions a step may change is modified"},
    {"SYS-REPORT", PCDSIM_REQ_SYS, "every outcome a user must act on is reported"},
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
