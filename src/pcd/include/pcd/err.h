/**
 * @file
 * @brief Error codes of the PCD / B0N / app-side update code (src/pcd/).
 *
 * Every function of src/pcd/ returns 0 on success or one of these negative codes. The values are
 * fixed: they are part of the wire format (B0N writes the absolute value of the code as the
 * FAIL reason word of the PCD command block, see docs/SPEC.md), appear in traces and test
 * expectations, and never change meaning. Foreign conventions (errno, OpenSSL 1/0, flash-model
 * codes) are converted at the port boundary; raw errno numbers never cross it (glibc and newlib
 * disagree on them).
 *
 * Ranges: -1..-19 port and generic, -20..-39 MCUboot image, -40..-49 NCS fw_info /
 * fw_validation_info, -50..-69 PCD command and B0N, -70..-89 app-side updater, -90..-95 the
 * application's download of a dfu_multi_image package (pcd/download.h), -96..-99 NAND area
 * (pcd/nand_area.h).
 * (The flash model uses -100..-199 and the host tools -300..-399; see docs/DESIGN.md.)
 */
#ifndef PCD_ERR_H
#define PCD_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes; 0 (PCD_OK) is success. */
enum pcd_err {
    PCD_OK = 0,

    /* --- port and generic (-1..-19) --- */
    PCD_E_INVAL = -1,       /**< An argument or configuration value is out of its documented range. */
    PCD_E_IO = -2,          /**< The port could not perform a memory or flash access. */
    PCD_E_HALTED = -3,      /**< The core lost power or was reset mid-operation: unwind at once, do nothing else. */
    PCD_E_BUS_FAULT = -4,   /**< A CPU access hit an address outside this core's bus map. */
    PCD_E_FLASH_RULE = -5,  /**< A flash rule was violated (alignment, nWRITE, programming a 0 bit to 1). */
    PCD_E_TIMEOUT = -6,     /**< A bounded wait expired. */
    PCD_E_CRYPTO = -7,      /**< The crypto backend failed (not a verification mismatch). */
    PCD_E_UNSUPPORTED = -8, /**< A feature the build or the port does not provide. */
    PCD_E_RANGE = -9,       /**< An offset or length is outside the memory it refers to. */

    /* --- MCUboot image (-20..-39) --- */
    PCD_E_IMG_MAGIC = -20,        /**< ih_magic is not IMAGE_MAGIC (0x96f3b83d). */
    PCD_E_IMG_HEADER = -21,       /**< Header fields are inconsistent (hdr_size < 32, unsupported flags, ...). */
    PCD_E_IMG_OVERFLOW = -22,     /**< hdr_size + img_size (+ TLV sizes) overflows 32 bits. */
    PCD_E_IMG_TLV_MISSING = -23,  /**< No TLV info header at hdr_size + img_size (+ protect_tlv_size). */
    PCD_E_IMG_TLV_OVERRUN = -24,  /**< The TLV area runs past the end of the slot or file. */
    PCD_E_IMG_TLV_TRUNC = -25,    /**< A TLV entry is cut short or its length runs past the TLV area. */
    PCD_E_IMG_TLV_CRITICAL = -26, /**< An unknown TLV type in the protected area (critical: covered by the signature). */
    PCD_E_IMG_PROT_SIZE = -27,    /**< ih_protect_tlv_size disagrees with the protected TLV info header. */
    PCD_E_IMG_NO_HASH = -28,      /**< No SHA256 TLV. */
    PCD_E_IMG_HASH = -29,         /**< The SHA256 TLV does not match the hashed region. */
    PCD_E_IMG_NO_SIG = -30,       /**< No signature TLV. */
    PCD_E_IMG_KEY_UNKNOWN = -31,  /**< The KEYHASH TLV names no configured key. */
    PCD_E_IMG_SIG = -32,          /**< The signature does not verify with the selected key. */
    PCD_E_IMG_TOO_LARGE = -33,    /**< img_size exceeds the network-core application partition (APP-SIZE). */
    PCD_E_IMG_TLV_DUP = -34,      /**< A TLV that must appear once appears twice. */
    PCD_E_IMG_TLV_LEN = -35,      /**< A known TLV has the wrong payload length (e.g. SHA256 not 32 bytes). */
    PCD_E_IMG_DEPENDENCY = -36,   /**< A DEPENDENCY TLV is not met by the running version of the image it names (MI-DEPENDENCY). */
    PCD_E_IMG_DOWNGRADE = -37,    /**< The candidate is older than the running image and downgrades are refused (MI-DOWNGRADE). */
    PCD_E_IMG_SLOT = -38,         /**< The candidate targets the other core than the image index of its slot. */

    /* --- NCS fw_info / fw_validation_info (-40..-49) --- */
    PCD_E_FWINFO_MISSING = -40, /**< No fw_info at any of the search offsets. */
    PCD_E_FWINFO_ADDR = -41,    /**< fw_info.address differs from the destination. */
    PCD_E_FWINFO_INVALID = -42, /**< fw_info.valid is not 0x9102FFFF (invalidated image). */
    PCD_E_FWINFO_RANGE = -43,   /**< fw_info size, boot address or reset vector outside the partition. */
    PCD_E_VALINFO_MISSING = -44,/**< No fw_validation_info after fw_info.size. */
    PCD_E_VALINFO_ADDR = -45,   /**< fw_validation_info.address differs from fw_info.address. */
    PCD_E_VALINFO_HASH = -46,   /**< The validation hash does not match the firmware bytes. */
    PCD_E_FWINFO_COUNTER = -47, /**< fw_info.version is below the network core's monotonic version counter (downgrade). */

    /* --- PCD command block and B0N (-50..-69) --- */
    PCD_E_CMD_NONE = -50,       /**< The block holds no command (magic is not COPY / READ_VERSION). */
    PCD_E_CMD_DST = -51,        /**< Destination overlaps the B0N container or runs past net flash. */
    PCD_E_CMD_ALIGN = -52,      /**< Destination offset is not word-aligned. */
    PCD_E_CMD_LEN = -53,        /**< len is 0 or larger than the network-core application partition. */
    PCD_E_CMD_SRC = -54,        /**< Source range is not wholly inside memory the network core may read. */
    PCD_E_SRC_HASH = -55,       /**< The source does not hash to the expected SHA-256. */
    PCD_E_DST_HASH = -56,       /**< The destination read back does not hash to the expected SHA-256. */
    PCD_E_NOT_BOOTABLE = -57,   /**< The update could never boot at its destination (B0N-SRC-BOOTABLE). */
    PCD_E_NO_VALID_IMAGE = -58, /**< No valid network-core application to boot. */
    PCD_E_CMD_EXT = -59,        /**< The command extension is malformed (bad marker or version). */

    /* --- app-side updater (-70..-89) --- */
    PCD_E_ATTEMPTS = -70,       /**< All attempts of this boot failed; the update was marked rejected (NACK). */
    PCD_E_NET_FAIL = -71,       /**< The network core answered FAIL. */
    PCD_E_NET_SILENT = -72,     /**< The network core did not answer within the timeout. */
    PCD_E_SLOT_STATE = -73,     /**< The slot's update state is unreadable or inconsistent. */
    PCD_E_NOT_NET_IMAGE = -74,  /**< The candidate does not target the network core. */
    PCD_E_STAGE = -75,          /**< The copy staged in RAM does not hash like the slot it was read from (APP-STAGE). */
    PCD_E_BATCH_PARTNER = -76,  /**< Not applied: another image of the same batch was rejected or failed (MI-VALIDATE-ALL). */
    PCD_E_RAMSIM = -77,         /**< The network-core image does not fit the RAM flash simulator window (MI-RAMSIM). */
    PCD_E_APP_COPY = -78,       /**< The application image copied into the primary slot does not hash as the candidate. */
    PCD_E_RB_NO_SPACE = -85,    /**< Test batch refused: no backup partition, too small for the running net image, or no room to swap image 0 (RB-BACKUP). */
    PCD_E_RB_BACKUP = -86,      /**< Test batch refused: the net-core backup failed (B0N failed or silent, or a hash differs; RB-BACKUP). */
    PCD_E_RB_RESTORE = -87,     /**< The revert could not restore the network core from the backup this boot (RB-REVERT). */

    /* --- download of a dfu_multi_image package (-90..-95; pcd/dfu_pkg.h, pcd/download.h) --- */
    PCD_E_PKG_TRUNC = -90,      /**< The package is shorter than its header, or than the images its header announces. */
    PCD_E_PKG_CBOR = -91,       /**< The header is not the CBOR map {"img": [{"id", "size"}, ...]} (malformed, wrong type, key missing). */
    PCD_E_PKG_ID = -92,         /**< An image id other than 0 (application) or 1 (network core), or one id twice. */
    PCD_E_PKG_SIZE = -93,       /**< Sizes that do not add up: an empty image, bytes after the last image, or an image larger than its slot. */
    PCD_E_DL_HASH = -94,        /**< A downloaded image is not a complete MCUboot image or does not match its SHA256 TLV. */
    PCD_E_DL_STATE = -95,       /**< The download was driven out of order (finish before every byte arrived, bytes after a refusal). */

    /* --- NAND flash area (-96..-99; pcd/nand_area.h) --- */
    PCD_E_ECC = -96,            /**< A NAND read had more bit errors than the on-die ECC corrects (NAND-ECC). */
    PCD_E_NAND_FAIL = -97,      /**< A NAND program or erase reported a failure: the block went bad (NAND-BBM). */
    PCD_E_NAND_FULL = -98,      /**< No good spare block left in the NAND area (NAND-BBM). */
};

/**
 * @brief Name of an error code, e.g. "PCD_E_SRC_HASH"; "PCD_OK" for 0, "PCD_E_?" if unknown.
 * @param err a value of enum pcd_err
 * @return a static string
 */
const char *pcd_strerror(int err);

/**
 * @brief One-line description of an error code a user can act on.
 * @param err a value of enum pcd_err
 * @return a static string
 */
const char *pcd_describe(int err);

#ifdef __cplusplus
}
#endif

#endif /* PCD_ERR_H */
