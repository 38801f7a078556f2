/* One place that names every error code of every layer, for messages and traces. */
#include "pcdsim/host_err.h"

#include "flashmodel/fm_err.h"
#include "pcd/err.h"

#include <stddef.h>

const char *pcdsim_strerror(int err)
{
    switch (err) {
    case PCDSIM_E_USAGE: return "PCDSIM_E_USAGE";
    case PCDSIM_E_FILE: return "PCDSIM_E_FILE";
    case PCDSIM_E_YAML: return "PCDSIM_E_YAML";
    case PCDSIM_E_SCHEMA: return "PCDSIM_E_SCHEMA";
    case PCDSIM_E_LAYOUT: return "PCDSIM_E_LAYOUT";
    case PCDSIM_E_NOMEM: return "PCDSIM_E_NOMEM";
    case PCDSIM_E_KEY: return "PCDSIM_E_KEY";
    case PCDSIM_E_THREAD: return "PCDSIM_E_THREAD";
    case PCDSIM_E_INTERNAL: return "PCDSIM_E_INTERNAL";
    default: break;
    }
    if (err <= -100 && err > -200) {
        return fm_strerror(err);
    }
    return pcd_strerror(err);
}

struct err_text {
    int code;
    const char *text;
};

/* The doc comments of host_err.h and fm_err.h (test_errors checks they stay equal). */
static const struct err_text host_texts[] = {
    {PCDSIM_E_USAGE, "Bad command line."},
    {PCDSIM_E_FILE, "A file could not be read or written."},
    {PCDSIM_E_YAML, "YAML syntax error."},
    {PCDSIM_E_SCHEMA, "Unknown key, wrong type, missing key, bad value."},
    {PCDSIM_E_LAYOUT, "Partitions overlap or are inconsistent."},
    {PCDSIM_E_NOMEM, "Host allocation failed."},
    {PCDSIM_E_KEY, "A key file is unusable (not a PEM public key of a supported type)."},
    {PCDSIM_E_THREAD, "A pthread call failed."},
    {PCDSIM_E_INTERNAL, "A bug in pcdsim itself."},
    {FM_E_RANGE, "Offset/length outside the device."},
    {FM_E_ALIGN, "Program not aligned to the write unit, or erase not page-aligned."},
    {FM_E_NWRITE, "A write unit programmed more than nWRITE times since its last erase."},
    {FM_E_NOT_ERASED, "A program asked for a 1 where the cell holds 0 (strict devices: QSPI NOR)."},
    {FM_E_BUS_FAULT, "A core accessed an address outside its bus map or without the permission."},
    {FM_E_POWER_LOSS, "Power was cut during (or right after) this operation."},
    {FM_E_POWERED_OFF, "The system is powered off; call fm_power_on() first."},
    {FM_E_NOT_SUPPORTED, "The operation does not exist for this device kind (erase on RAM, ...)."},
    {FM_E_INVAL, "Bad argument or inconsistent description."},
    {FM_E_NOMEM, "Host allocation failed."},
    {FM_E_IO, "Host file I/O failed (load/dump helpers)."},
    {FM_E_WEAR, "A page was erased more often than its endurance (recorded, never returned)."},
    {FM_E_ACL, "A program or erase was blocked by the network core's ACL."},
    {FM_E_PAGE_ORDER, "NAND: a page programmed below a higher page already programmed in its block."},
    {FM_E_PROGRAM_FAIL, "NAND: the program reported P-FAIL (the block went bad)."},
    {FM_E_ERASE_FAIL, "NAND: the erase reported E-FAIL (the block went bad)."},
    {FM_E_ECC, "NAND: a read found more bit errors than the on-die ECC corrects."},
    {FM_E_BAD_BLOCK, "NAND: a program or erase of a factory-marked bad block (recorded)."},
};

const char *pcdsim_describe(int err)
{
    for (size_t i = 0; i < sizeof(host_texts) / sizeof(host_texts[0]); i++) {
        if (host_texts[i].code == err) {
            return host_texts[i].text;
        }
    }
    return pcd_describe(err);
}

int pcdsim_pcd_err_from_fm(int fm_err)
{
    switch (fm_err) {
    case 0: return 0;
    case FM_E_POWER_LOSS:
    case FM_E_POWERED_OFF: return PCD_E_HALTED;
    case FM_E_BUS_FAULT:
    case FM_E_ACL: return PCD_E_BUS_FAULT; /* an ACL violation is a BusFault (nRF5340 PS, ACL) */
    case FM_E_RANGE: return PCD_E_RANGE;
    case FM_E_ALIGN:
    case FM_E_NWRITE:
    case FM_E_PAGE_ORDER:
    case FM_E_NOT_ERASED: return PCD_E_FLASH_RULE;
    case FM_E_NOT_SUPPORTED: return PCD_E_UNSUPPORTED;
    case FM_E_INVAL: return PCD_E_INVAL;
    case FM_E_PROGRAM_FAIL:
    case FM_E_ERASE_FAIL:
    case FM_E_BAD_BLOCK: return PCD_E_NAND_FAIL; /* NAND status P-FAIL / E-FAIL */
    case FM_E_ECC: return PCD_E_ECC;
    default: return PCD_E_IO;
    }
}
