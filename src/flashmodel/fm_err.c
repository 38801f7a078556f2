/* Names of the flash-model error codes. */
#include "flashmodel/fm_err.h"

const char *fm_strerror(int err)
{
    switch (err) {
    case FM_OK: return "FM_OK";
    case FM_E_RANGE: return "FM_E_RANGE";
    case FM_E_ALIGN: return "FM_E_ALIGN";
    case FM_E_NWRITE: return "FM_E_NWRITE";
    case FM_E_NOT_ERASED: return "FM_E_NOT_ERASED";
    case FM_E_BUS_FAULT: return "FM_E_BUS_FAULT";
    case FM_E_POWER_LOSS: return "FM_E_POWER_LOSS";
    case FM_E_POWERED_OFF: return "FM_E_POWERED_OFF";
    case FM_E_NOT_SUPPORTED: return "FM_E_NOT_SUPPORTED";
    case FM_E_INVAL: return "FM_E_INVAL";
    case FM_E_NOMEM: return "FM_E_NOMEM";
    case FM_E_IO: return "FM_E_IO";
    case FM_E_WEAR: return "FM_E_WEAR";
    case FM_E_ACL: return "FM_E_ACL";
    case FM_E_PAGE_ORDER: return "FM_E_PAGE_ORDER";
    case FM_E_PROGRAM_FAIL: return "FM_E_PROGRAM_FAIL";
    case FM_E_ERASE_FAIL: return "FM_E_ERASE_FAIL";
    case FM_E_ECC: return "FM_E_ECC";
    case FM_E_BAD_BLOCK: return "FM_E_BAD_BLOCK";
    default: return "FM_E_?";
    }
}
