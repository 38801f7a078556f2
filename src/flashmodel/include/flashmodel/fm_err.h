/**
 * @file
 * @brief Error codes of the flash model (src/flashmodel/), range -100..-199.
 *
 * Values are fixed; they appear in traces and verdicts. A rule violation is never a host crash:
 * the operation returns one of these codes and the violation is recorded (fm_records()).
 */
#ifndef FM_ERR_H
#define FM_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

/** Flash-model error codes; 0 is success. */
enum fm_err {
    FM_OK = 0,
    FM_E_RANGE = -101,       /**< Offset/length outside the device. */
    FM_E_ALIGN = -102,       /**< Program not aligned to the write unit, or erase not page-aligned. */
    FM_E_NWRITE = -103,      /**< A write unit programmed more than nWRITE times since its last erase. */
    FM_E_NOT_ERASED = -104,  /**< A program asked for a 1 where the cell holds 0 (strict devices: QSPI NOR). */
    FM_E_BUS_FAULT = -105,   /**< A core accessed an address outside its bus map or without the permission. */
    FM_E_POWER_LOSS = -106,  /**< Power was cut during (or right after) this operation. */
    FM_E_POWERED_OFF = -107, /**< The system is powered off; call fm_power_on() first. */
    FM_E_NOT_SUPPORTED = -108, /**< The operation does not exist for this device kind (erase on RAM, ...). */
    FM_E_INVAL = -109,       /**< Bad argument or inconsistent description. */
    FM_E_NOMEM = -110,       /**< Host allocation failed. */
    FM_E_IO = -111,          /**< Host file I/O failed (load/dump helpers). */
    FM_E_WEAR = -112,        /**< A page was erased more often than its endurance (recorded, never returned). */
    /* FM_E_ACL: the err of an ACL bus-fault record; the call itself returns FM_E_BUS_FAULT, a
     * BusFault on silicon (nRF5340 PS, ACL). */
    FM_E_ACL = -113,         /**< A program or erase was blocked by the network core's ACL. */
    FM_E_PAGE_ORDER = -114,  /**< NAND: a page programmed below a higher page already programmed in its block. */
    FM_E_PROGRAM_FAIL = -115,/**< NAND: the program reported P-FAIL (the block went bad). */
    FM_E_ERASE_FAIL = -116,  /**< NAND: the erase reported E-FAIL (the block went bad). */
    FM_E_ECC = -117,         /**< NAND: a read found more bit errors than the on-die ECC corrects. */
    FM_E_BAD_BLOCK = -118,   /**< NAND: a program or erase of a factory-marked bad block (recorded). */
};

/**
 * @brief Name of a flash-model error code ("FM_E_NWRITE"), or "FM_E_?" if unknown.
 * @param err a value of enum fm_err
 * @return a static string
 */
const char *fm_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* FM_ERR_H */
