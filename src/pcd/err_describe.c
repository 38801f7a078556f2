/* One-line descriptions of enum pcd_err (keep in step with pcd/err.h; test_errors checks it).
 * Separate from the names (err.c) so that code which only names errors does not link them. */
#include "pcd/err.h"

#include <stddef.h>

struct pcd_err_text {
    int code;
    const char *text;
};

static const struct pcd_err_text pcd_err_texts[] = {
    {PCD_OK, "success"},
    {PCD_E_INVAL, "An argument or configuration value is out of its documented range."},
    {PCD_E_IO, "The port could not perform a memory or flash access."},
    {PCD_E_HALTED, "The core lost power or was reset mid-operation: unwind at once, do nothing else."},
    {PCD_E_BUS_FAULT, "A CPU access hit an address outside this core's bus map."},
    {PCD_E_FLASH_RULE, "A flash rule was violated (alignment, nWRITE, programming a 0 bit to 1)."},
    {PCD_E_TIMEOUT, "A bounded wait expired."},
    {PCD_E_CRYPTO, "The crypto backend failed (not a verification mismatch)."},
    {PCD_E_UNSUPPORTED, "A feature the build or the port does not provide."},
    {PCD_E_RANGE, "An offset or length is outside the memory it refers to."},
    {PCD_E_IMG_MAGIC, "ih_magic is not IMAGE_MAGIC (0x96f3b83d)."},
    {PCD_E_IMG_HEADER, "Header fields are inconsistent (hdr_size < 32, unsupported flags, ...)."},
    {PCD_E_IMG_OVERFLOW, "hdr_size + img_size (+ TLV sizes) overflows 32 bits."},
    {PCD_E_IMG_TLV_MISSING, "No TLV info header at hdr_size + img_size (+ protect_tlv_size)."},
    {PCD_E_IMG_TLV_OVERRUN, "The TLV area runs past the end of the slot or file."},
    {PCD_E_IMG_TLV_TRUNC, "A TLV entry is cut short or its length runs past the TLV area."},
    {PCD_E_IMG_TLV_CRITICAL,
     "An unknown TLV type in the protected area (critical: covered by the signature)."},
    {PCD_E_IMG_PROT_SIZE, "ih_protect_tlv_size disagrees with the protected TLV info header."},
    {PCD_E_IMG_NO_HASH, "No SHA256 TLV."},
    {PCD_E_IMG_HASH, "The SHA256 TLV does not match the hashed region."},
    {PCD_E_IMG_NO_SIG, "No signature TLV."},
    {PCD_E_IMG_KEY_UNKNOWN, "The KEYHASH TLV names no configured key."},
    {PCD_E_IMG_SIG, "The signature does not verify with the selected key."},
    {PCD_E_IMG_TOO_LARGE, "img_size exceeds the network-core application partition (APP-SIZE)."},
    {PCD_E_IMG_TLV_DUP, "A TLV that must appear once appears twice."},
    {PCD_E_IMG_TLV_LEN, "A known TLV has the wrong payload length (e.g. SHA256 not 32 bytes)."},
    {PCD_E_IMG_DEPENDENCY, "A DEPENDENCY TLV is not met by the running version of the image it names (MI-DEPENDENCY)."},
    {PCD_E_IMG_DOWNGRADE, "The candidate is older than the running image and downgrades are refused (MI-DOWNGRADE)."},
    {PCD_E_IMG_SLOT, "The candidate targets the other core than the image index of its slot."},
    {PCD_E_FWINFO_MISSING, "No fw_info at any of the search offsets."},
    {PCD_E_FWINFO_ADDR, "fw_info.address differs from the destination."},
    {PCD_E_FWINFO_INVALID, "fw_info.valid is not 0x9102FFFF (invalidated image)."},
    {PCD_E_FWINFO_RANGE, "fw_info size, boot address or reset vector outside the partition."},
    {PCD_E_VALINFO_MISSING, "No fw_validation_info after fw_info.size."},
    {PCD_E_VALINFO_ADDR, "fw_validation_info.address differs from fw_info.address."},
    {PCD_E_VALINFO_HASH, "The validation hash does not match the firmware bytes."},
    {PCD_E_FWINFO_COUNTER, "fw_info.version is below the network core's monotonic version counter (downgrade)."},
    {PCD_E_CMD_NONE, "The block holds no command (magic is not COPY / READ_VERSION)."},
    {PCD_E_CMD_DST, "Destination overlaps the B0N container or runs past net flash."},
    {PCD_E_CMD_ALIGN, "Destination offset is not word-aligned."},
    {PCD_E_CMD_LEN, "len is 0 or larger than the network-core application partition."},
    {PCD_E_CMD_SRC, "Source range is not wholly inside memory the network core may read."},
    {PCD_E_SRC_HASH, "The source does not hash to the expected SHA-256."},
    {PCD_E_DST_HASH, "The destination read back does not hash to the expected SHA-256."},
    {PCD_E_NOT_BOOTABLE, "The update could never boot at its destination (B0N-SRC-BOOTABLE)."},
    {PCD_E_NO_VALID_IMAGE, "No valid network-core application to boot."},
    {PCD_E_CMD_EXT, "The command extension is malformed (bad marker or version)."},
    {PCD_E_ATTEMPTS, "All attempts of this boot failed; the update was marked rejected (NACK)."},
    {PCD_E_NET_FAIL, "The network core answered FAIL."},
    {PCD_E_NET_SILENT, "The network core did not answer within the timeout."},
    {PCD_E_SLOT_STATE, "The slot's update state is unreadable or inconsistent."},
    {PCD_E_NOT_NET_IMAGE, "The candidate does not target the network core."},
    {PCD_E_STAGE, "The copy staged in RAM does not hash like the slot it was read from (APP-STAGE)."},
    {PCD_E_BATCH_PARTNER, "Not applied: another image of the same batch was rejected or failed (MI-VALIDATE-ALL)."},
    {PCD_E_RAMSIM, "The network-core image does not fit the RAM flash simulator window (MI-RAMSIM)."},
    {PCD_E_APP_COPY, "The application image copied into the primary slot does not hash as the candidate."},
    {PCD_E_RB_NO_SPACE, "Test batch refused: no backup partition, too small for the running net image, or no room to swap image 0 (RB-BACKUP)."},
    {PCD_E_RB_BACKUP, "Test batch refused: the net-core backup failed (B0N failed or silent, or a hash differs; RB-BACKUP)."},
    {PCD_E_RB_RESTORE, "The revert could not restore the network core from the backup this boot (RB-REVERT)."},
    {PCD_E_PKG_TRUNC, "The package is shorter than its header, or than the images its header announces."},
    {PCD_E_PKG_CBOR, "The header is not the CBOR map {\"img\": [{\"id\", \"size\"}, ...]} (malformed, wrong type, key missing)."},
    {PCD_E_PKG_ID, "An image id other than 0 (application) or 1 (network core), or one id twice."},
    {PCD_E_PKG_SIZE, "Sizes that do not add up: an empty image, bytes after the last image, or an image larger than its slot."},
    {PCD_E_DL_HASH, "A downloaded image is not a complete MCUboot image or does not match its SHA256 TLV."},
    {PCD_E_DL_STATE, "The download was driven out of order (finish before every byte arrived, bytes after a refusal)."},
    {PCD_E_ECC, "A NAND read had more bit errors than the on-die ECC corrects (NAND-ECC)."},
    {PCD_E_NAND_FAIL, "A NAND program or erase reported a failure: the block went bad (NAND-BBM)."},
    {PCD_E_NAND_FULL, "No good spare block left in the NAND area (NAND-BBM)."},
};

const char *pcd_describe(int err)
{
    for (size_t i = 0; i < sizeof(pcd_err_texts) / sizeof(pcd_err_texts[0]); i++) {
        if (pcd_err_texts[i].code == err) {
            return pcd_err_texts[i].text;
        }
    }
    return "unknown error code";
}
