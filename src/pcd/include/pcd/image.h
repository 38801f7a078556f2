/**
 * @file
 * @brief MCUboot image handling: header, TLV areas, hash, key selection, signature, routing.
 *
 * Implements the app-side checks APP-VALIDATE, APP-ROUTE and APP-SIZE of
 * shared/spec/reference-behaviour.md §3 over an image stored in a slot of a memory, read
 * through the port (pcd_flash_read()) in small bounded chunks: the image is never copied into
 * RAM as a whole.
 *
 * Format facts (all little-endian; facts file §5.1 and §5.3, MCUboot
 * `boot/bootutil/include/bootutil/image.h`):
 *
 * | Offset | Field                | Size |
 * |--------|----------------------|------|
 * | 0      | ih_magic 0x96f3b83d  | 4    |
 * | 4      | ih_load_addr         | 4    |
 * | 8      | ih_hdr_size          | 2    |
 * | 10     | ih_protect_tlv_size  | 2    |
 * | 12     | ih_img_size          | 4    |
 * | 16     | ih_flags             | 4    |
 * | 20     | ih_ver (u8,u8,u16,u32) | 8  |
 * | 28     | _pad1                | 4    |
 *
 * The image is `[header + padding (hdr_size)] [body (img_size)] [protected TLV area
 * (protect_tlv_size, info magic 0x6908)] [unprotected TLV area (info magic 0x6907)]`. Each TLV
 * area starts with a 4-byte info header {u16 magic, u16 total length including the info header}
 * and holds TLVs {u16 type, u16 len, len bytes}, without padding. The SHA256 TLV covers
 * `[0, hdr_size + img_size + protect_tlv_size)`; the signature covers that 32-byte digest.
 *
 * Validation order (matches shared/fixtures/MANIFEST.md §1 "Verdicts"; docs/IMAGES.md):
 *  1. header: magic (PCD_E_IMG_MAGIC), then hdr_size / flags (PCD_E_IMG_HEADER);
 *  2. layout and TLVs: size arithmetic (PCD_E_IMG_OVERFLOW), TLV info headers, every TLV entry,
 *     protected-area rule, duplicates, lengths, presence of a SHA256 TLV;
 *  3. SHA-256 of the hashed region against the SHA256 TLV (PCD_E_IMG_HASH);
 *  4. KEYHASH -> configured key, signature (PCD_E_IMG_NO_SIG, PCD_E_IMG_KEY_UNKNOWN, PCD_E_IMG_SIG);
 *  5. APP-SIZE for an image that targets the network core (PCD_E_IMG_TOO_LARGE).
 *
 * TLV rule (a design choice of pcdsim, documented in docs/IMAGES.md): in the protected area only
 * DEPENDENCY (0x40), SEC_CNT (0x50) and BOOT_RECORD (0x60) are understood; any other type there
 * is critical (it is covered by the signature and may carry a constraint this code does not
 * enforce) and fails with PCD_E_IMG_TLV_CRITICAL. In the unprotected area only SHA256, KEYHASH
 * and the three supported signature TLVs are interpreted; every other type is skipped
 * (its structure is still checked).
 */
#ifndef PCD_IMAGE_H
#define PCD_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ih_magic of an MCUboot image (IMAGE_MAGIC; facts §5.1). */
#define PCD_IMAGE_MAGIC 0x96f3b83du
/** Size of the fixed image header, bytes (IMAGE_HEADER_SIZE; facts §5.1). */
#define PCD_IMAGE_HEADER_SIZE 32u
/** it_magic of the unprotected TLV info header (IMAGE_TLV_INFO_MAGIC; facts §5.3). */
#define PCD_IMAGE_TLV_INFO_MAGIC 0x6907u
/** it_magic of the protected TLV info header (IMAGE_TLV_PROT_INFO_MAGIC; facts §5.3). */
#define PCD_IMAGE_TLV_PROT_INFO_MAGIC 0x6908u
/** Size of a TLV info header {u16 magic, u16 total}, bytes (facts §5.3). */
#define PCD_IMAGE_TLV_INFO_SIZE 4u
/** Size of a TLV entry header {u16 type, u16 len}, bytes (facts §5.3). */
#define PCD_IMAGE_TLV_HDR_SIZE 4u
/** Payload size of a DEPENDENCY TLV, bytes (facts §5.3). */
#define PCD_IMAGE_DEP_LEN 12u
/** Payload size of a SEC_CNT TLV, bytes (facts §5.3). */
#define PCD_IMAGE_SEC_CNT_LEN 4u
/** Largest signature TLV this code reads (RSA-2048: 256 bytes). */
#define PCD_IMAGE_SIG_MAX 256u
/** Largest DER ECDSA P-256 signature (SEQUENCE of two 33-byte INTEGERs: 72 bytes). */
#define PCD_IMAGE_ECDSA_SIG_MAX 72u
/** Smallest DER ECDSA signature accepted (SEQUENCE of two 1-byte INTEGERs: 8 bytes). */
#define PCD_IMAGE_ECDSA_SIG_MIN 8u
/** Most DEPENDENCY TLVs kept in a result; more fail with PCD_E_UNSUPPORTED. */
#define PCD_IMAGE_MAX_DEPS 8u

/** ih_flags bits (facts §5.2). */
enum pcd_image_flag {
    PCD_IMAGE_F_PIC = 0x00000001u,              /**< Position independent (unsupported by MCUboot). */
    PCD_IMAGE_F_ENCRYPTED_AES128 = 0x00000004u, /**< Body encrypted (AES-128). */
    PCD_IMAGE_F_ENCRYPTED_AES256 = 0x00000008u, /**< Body encrypted (AES-256). */
    PCD_IMAGE_F_NON_BOOTABLE = 0x00000010u,     /**< Not bootable (e.g. a data image). */
    PCD_IMAGE_F_RAM_LOAD = 0x00000020u,         /**< Loaded to RAM at ih_load_addr. */
    PCD_IMAGE_F_ROM_FIXED = 0x00000100u,        /**< Linked for a fixed slot at ih_load_addr. */
    PCD_IMAGE_F_COMPRESSED_LZMA1 = 0x00000200u, /**< Body compressed (LZMA1). */
    PCD_IMAGE_F_COMPRESSED_LZMA2 = 0x00000400u, /**< Body compressed (LZMA2). */
    PCD_IMAGE_F_COMPRESSED_ARM_THUMB = 0x00000800u, /**< ARM Thumb filter on the compressed body. */
};

/**
 * Flags this code refuses with PCD_E_IMG_HEADER: the hash would not be over the bytes that
 * are copied (encryption, compression) or the image cannot run where it is copied (PIC).
 */
#define PCD_IMAGE_F_UNSUPPORTED                                                                    \
    (PCD_IMAGE_F_PIC | PCD_IMAGE_F_ENCRYPTED_AES128 | PCD_IMAGE_F_ENCRYPTED_AES256 |              \
     PCD_IMAGE_F_COMPRESSED_LZMA1 | PCD_IMAGE_F_COMPRESSED_LZMA2 | PCD_IMAGE_F_COMPRESSED_ARM_THUMB)

/** TLV types (facts §5.3; MCUboot image.h IMAGE_TLV_*). */
enum pcd_image_tlv_type {
    PCD_TLV_KEYHASH = 0x01,      /**< SHA-256 of the signing key's DER (SPKI; RSAPublicKey for RSA) (32 B). */
    PCD_TLV_PUBKEY = 0x02,       /**< Full public key (not used here: skipped). */
    PCD_TLV_SHA256 = 0x10,       /**< SHA-256 of the hashed region (32 B). */
    PCD_TLV_SHA384 = 0x11,       /**< SHA-384 (not used here: skipped). */
    PCD_TLV_SHA512 = 0x12,       /**< SHA-512 (not used here: skipped). */
    PCD_TLV_RSA2048_PSS = 0x20,  /**< RSA-2048 PSS signature (256 B). */
    PCD_TLV_ECDSA224 = 0x21,     /**< Obsolete ECDSA P-224 (skipped). */
    PCD_TLV_ECDSA_SIG = 0x22,    /**< ECDSA P-256 signature, DER (8..72 B). */
    PCD_TLV_RSA3072_PSS = 0x23,  /**< RSA-3072 PSS (skipped). */
    PCD_TLV_ED25519 = 0x24,      /**< Ed25519 signature over the 32-byte digest (64 B). */
    PCD_TLV_SIG_PURE = 0x25,     /**< Marker: signature over the image itself (unsupported). */
    PCD_TLV_DEPENDENCY = 0x40,   /**< Dependency on another image (12 B, protected). */
    PCD_TLV_SEC_CNT = 0x50,      /**< Security counter (4 B, protected). */
    PCD_TLV_BOOT_RECORD = 0x60,  /**< Measured-boot record (protected; informational). */
};

/** Image version (struct image_version; facts §5.1 offsets 20..27). */
struct pcd_image_version {
    uint8_t major;     /**< iv_major */
    uint8_t minor;     /**< iv_minor */
    uint16_t revision; /**< iv_revision */
    uint32_t build;    /**< iv_build_num */
};

/** Decoded image header (struct image_header; facts §5.1). */
struct pcd_image_header {
    uint32_t magic;            /**< ih_magic (offset 0). */
    uint32_t load_addr;        /**< ih_load_addr (offset 4). */
    uint16_t hdr_size;         /**< ih_hdr_size (offset 8): header + padding, bytes = body offset. */
    uint16_t protect_tlv_size; /**< ih_protect_tlv_size (offset 10): protected TLV area incl. info header, 0 if none. */
    uint32_t img_size;         /**< ih_img_size (offset 12): body bytes. */
    uint32_t flags;            /**< ih_flags (offset 16), enum pcd_image_flag. */
    struct pcd_image_version ver; /**< ih_ver (offset 20). */
};

/**
 * Where the parts of a well-formed image are, as byte offsets from the start of the image
 * (the slot offset). Filled by pcd_image_layout_read().
 */
struct pcd_image_layout {
    uint32_t slot_size;  /**< Bytes of the slot the image must fit in. */
    uint32_t body_off;   /**< = hdr_size: first body byte (vector table). */
    uint32_t body_end;   /**< = hdr_size + img_size: first TLV info header. */
    uint32_t prot_off;   /**< Protected info header offset (= body_end); meaningful if prot_size != 0. */
    uint32_t prot_size;  /**< Protected area incl. its info header (= ih_protect_tlv_size), 0 if none. */
    uint32_t tlv_off;    /**< Unprotected info header offset (= body_end + prot_size). */
    uint32_t tlv_size;   /**< Unprotected area incl. its info header (it_tlv_tot). */
    uint32_t hashed_len; /**< = body_end + prot_size: length of the hashed region from offset 0. */
    uint32_t end;        /**< = tlv_off + tlv_size: one past the last TLV byte (<= slot_size). */
};

/** One TLV entry as returned by pcd_image_tlv_next(). */
struct pcd_image_tlv {
    uint16_t type;     /**< it_type. */
    uint16_t len;      /**< it_len: payload bytes. */
    uint32_t off;      /**< Offset of the TLV entry header from the start of the image. */
    uint32_t val_off;  /**< Offset of the payload (= off + 4). */
    bool prot;         /**< true if the entry is in the protected area. */
};

/**
 * TLV iterator over both areas (protected first, then unprotected). Plain data: no pointers
 * into the image. Initialise with pcd_image_tlv_begin().
 */
struct pcd_image_tlv_iter {
    const struct pcd_port *port; /**< Port used to read entry headers. */
    enum pcd_mem mem;            /**< Memory holding the slot. */
    uint32_t slot_off;           /**< Offset of the slot (image start) in @ref mem. */
    uint32_t off;                /**< Next entry header, image-relative. */
    uint32_t prot_end;           /**< End of the protected entries (= tlv_off), image-relative. */
    uint32_t tlv_first;          /**< First unprotected entry (= tlv_off + 4). */
    uint32_t end;                /**< End of the unprotected entries. */
    bool in_prot;                /**< @ref off is inside the protected area. */
};

/** MCUboot image numbers of an nRF5340 NCS build (facts §3.4; release-packages.md §2: image_index
 *  "0" = application, "1" = network core). A DEPENDENCY TLV names the other core by these numbers
 *  whatever slot the update itself sits in (a single-pair layout stages a net update in image 0's
 *  mcuboot_secondary). */
#define PCD_IMAGE_ID_APP 0u
#define PCD_IMAGE_ID_NET 1u

/** One dependency (DEPENDENCY TLV, facts §5.3: u8 image_id, u8 pad, u16 pad, image_version). */
struct pcd_image_dep {
    uint8_t image_id;                 /**< Index of the image depended on (1 = network core on nRF53). */
    struct pcd_image_version version; /**< Minimum version required. */
};

/**
 * A signature verification key, in the DER form MCUboot embeds in the bootloader and the
 * KEYHASH TLV hashes (imgtool's get_public_bytes(); MANIFEST §2): SubjectPublicKeyInfo for
 * ECDSA P-256 and Ed25519, PKCS#1 RSAPublicKey (SEQUENCE {n, e}) for RSA-2048.
 */
struct pcd_key {
    enum pcd_sig_alg alg; /**< Algorithm of the key; must match the signature TLV type. */
    const uint8_t *der;   /**< DER key: SubjectPublicKeyInfo, or RSAPublicKey for RSA. */
    uint32_t der_len;     /**< Bytes of @ref der. */
};

/** Configuration of pcd_image_validate(). */
struct pcd_image_config {
    const struct pcd_key *keys; /**< Trusted keys; KEYHASH selects one. May be NULL if key_count is 0. */
    uint32_t key_count;         /**< Number of entries in @ref keys. */
    uint32_t net_app_start;     /**< Network-core application partition start address (e.g. 0x01008800). */
    uint32_t net_app_size;      /**< Its size in bytes (e.g. 0x37800); 0 = no network core: nothing routes there. */
};

/**
 * Everything pcd_image_validate() learned, also on failure (see the *_valid flags: a field is
 * meaningful only when its flag is set).
 */
struct pcd_image_result {
    int verdict;                        /**< Same as the return value. */
    bool hdr_valid;                     /**< @ref hdr decoded (also set for a bad magic). */
    struct pcd_image_header hdr;        /**< Decoded header. */
    bool layout_valid;                  /**< @ref layout and TLV offsets are meaningful. */
    struct pcd_image_layout layout;     /**< Layout; layout.hashed_len is the hashed-region length. */
    uint32_t sha_tlv_off;               /**< Offset of the SHA256 TLV entry header, 0 if none. */
    uint32_t keyhash_tlv_off;           /**< Offset of the KEYHASH entry that selected @ref key_index, else of the first KEYHASH, 0 if none. */
    uint32_t sig_tlv_off;               /**< Offset of the signature entry that verified, else of the first one, 0 if none. */
    uint16_t sig_tlv_type;              /**< Type of that signature TLV, 0 if none. */
    uint16_t sig_len;                   /**< Its length. */
    bool stored_hash_valid;             /**< @ref stored_hash read from the SHA256 TLV. */
    uint8_t stored_hash[PCD_SHA256_LEN];   /**< SHA256 TLV value. */
    bool computed_hash_valid;           /**< @ref computed_hash computed. */
    uint8_t computed_hash[PCD_SHA256_LEN]; /**< SHA-256 of [0, layout.hashed_len). */
    bool hash_ok;                       /**< stored == computed. */
    bool sig_checked;                   /**< @ref sig_rc is meaningful. */
    int sig_rc;                         /**< 0 verified; PCD_E_IMG_NO_SIG / _KEY_UNKNOWN / _SIG otherwise. */
    int key_index;                      /**< Configured key that verified the signature (or was selected by KEYHASH), -1 if none. */
    bool reset_vector_valid;            /**< @ref reset_vector / @ref initial_sp read (img_size >= 8). */
    uint32_t initial_sp;                /**< Word at hdr_size + 0. */
    uint32_t reset_vector;              /**< Word at hdr_size + 4 (APP-ROUTE). */
    bool targets_net;                   /**< pcd_image_targets_net() of the reset vector and the config. */
    uint32_t dep_count;                 /**< Number of protected DEPENDENCY TLVs (<= PCD_IMAGE_MAX_DEPS). */
    struct pcd_image_dep deps[PCD_IMAGE_MAX_DEPS]; /**< The dependencies, in TLV order. */
    bool sec_cnt_valid;                 /**< A protected SEC_CNT TLV was present. */
    uint32_t sec_cnt;                   /**< Its value. */
};

/**
 * @brief Decode the 32-byte image header (facts §5.1) and check magic, hdr_size and flags.
 *
 * All fields are decoded into @p out before anything is checked, so a header with a bad magic
 * can still be shown.
 *
 * @param raw      the first PCD_IMAGE_HEADER_SIZE bytes of the image
 * @param[out] out decoded header
 * @retval 0 well-formed
 * @retval PCD_E_INVAL a NULL argument
 * @retval PCD_E_IMG_MAGIC ih_magic is not PCD_IMAGE_MAGIC
 * @retval PCD_E_IMG_HEADER hdr_size < 32, or a flag in PCD_IMAGE_F_UNSUPPORTED is set
 */
int pcd_image_header_decode(const uint8_t raw[PCD_IMAGE_HEADER_SIZE], struct pcd_image_header *out);

/**
 * @brief Locate the TLV areas of an image whose header is @p hdr and check their structure.
 *
 * Reads the info headers and walks every TLV entry of both areas through the port. Checks, in
 * order: size arithmetic; protected info header (0x6908, it_tlv_tot == protect_tlv_size);
 * unprotected info header (0x6907) at hdr_size + img_size + protect_tlv_size; the area inside
 * the slot; every entry inside its area, which it must fill exactly.
 *
 * @param port     port to read through
 * @param mem      memory holding the slot
 * @param slot_off offset of the image (slot start) in @p mem
 * @param slot_size bytes of the slot (or of the file) the image must fit in
 * @param hdr      a header accepted by pcd_image_header_decode()
 * @param[out] out layout
 * @retval 0 well-formed
 * @retval PCD_E_INVAL NULL argument, or slot_off + slot_size overflows
 * @retval PCD_E_IMG_OVERFLOW hdr_size + img_size (+ protect_tlv_size, + it_tlv_tot) overflows 32 bits
 * @retval PCD_E_IMG_TLV_OVERRUN an info header or the TLV area lies (partly) beyond the slot
 * @retval PCD_E_IMG_PROT_SIZE protect_tlv_size is 1..3, is non-zero without a 0x6908 info header,
 *         is 0 with one, or differs from its it_tlv_tot
 * @retval PCD_E_IMG_TLV_MISSING no 0x6907 info header where it must be
 * @retval PCD_E_IMG_TLV_TRUNC it_tlv_tot < 4, or an entry header or payload runs past its area
 * @retval other a port error of pcd_flash_read() (PCD_E_RANGE, PCD_E_BUS_FAULT, PCD_E_HALTED, ...)
 */
int pcd_image_layout_read(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                          uint32_t slot_size, const struct pcd_image_header *hdr,
                          struct pcd_image_layout *out);

/**
 * @brief Start iterating the TLV entries of an image with a layout from pcd_image_layout_read().
 * @param[out] it  iterator
 * @param port     port to read through
 * @param mem      memory holding the slot
 * @param slot_off offset of the image in @p mem
 * @param layout   the image's layout
 * @retval 0 ok
 * @retval PCD_E_INVAL a NULL argument
 */
int pcd_image_tlv_begin(struct pcd_image_tlv_iter *it, const struct pcd_port *port, enum pcd_mem mem,
                        uint32_t slot_off, const struct pcd_image_layout *layout);

/**
 * @brief Next TLV entry (protected area first, then unprotected).
 * @param it       iterator from pcd_image_tlv_begin()
 * @param[out] tlv the entry (only when *@p found)
 * @param[out] found false once the areas are exhausted
 * @retval 0 ok (see *@p found)
 * @retval PCD_E_INVAL a NULL argument
 * @retval PCD_E_IMG_TLV_TRUNC an entry header or payload runs past its area
 * @retval other a port error of pcd_flash_read()
 */
int pcd_image_tlv_next(struct pcd_image_tlv_iter *it, struct pcd_image_tlv *tlv, bool *found);

/**
 * @brief KEYHASH of a key: SHA-256 of its DER form in struct pcd_key (SubjectPublicKeyInfo;
 *        PKCS#1 RSAPublicKey for RSA) (facts §5.3; MANIFEST §2).
 * @param key      the key
 * @param[out] out 32-byte hash
 * @retval 0 ok
 * @retval PCD_E_INVAL NULL argument or empty key
 * @retval PCD_E_CRYPTO backend failure
 */
int pcd_image_keyhash(const struct pcd_key *key, uint8_t out[PCD_SHA256_LEN]);

/**
 * @brief APP-ROUTE: does an image with this reset vector target the network core?
 *
 * True iff @p reset_vector lies in [@p net_app_start, @p net_app_end), the network-core
 * application partition (reference-behaviour.md APP-ROUTE). Not "anything above 0x01000000":
 * QSPI XIP addresses are above it too.
 *
 * @param reset_vector  word at hdr_size + 4 of the image (Thumb bit included)
 * @param net_app_start first address of the net-core application partition (e.g. 0x01008800)
 * @param net_app_end   one past its last address (e.g. 0x01040000)
 * @return true if the image targets the network core
 */
bool pcd_image_targets_net(uint32_t reset_vector, uint32_t net_app_start, uint32_t net_app_end);

/**
 * @brief MI-DEPENDENCY: is a dependency met by the version the named image runs?
 *
 * MCUboot's rule (boot_verify_slot_dependency() with boot_version_cmp(); facts §5.3): met iff the
 * running version is at least the required one, comparing major, minor, revision in that order.
 * The build number is not compared (MCUboot's default, CONFIG_BOOT_VERSION_CMP_USE_BUILD_NUMBER
 * off). @p major is 32 bits so that a network core's `fw_info.version` (a u32 counter) can be
 * given as the major of "version.0.0" (docs/SPEC.md, "Dependencies").
 *
 * @param dep      the dependency (its version is the minimum required)
 * @param major    running major (an MCUboot iv_major, or a fw_info.version)
 * @param minor    running minor
 * @param revision running revision
 * @return true if met
 */
bool pcd_image_dep_met_by(const struct pcd_image_dep *dep, uint32_t major, uint8_t minor, uint16_t revision);

/**
 * @brief APP-VALIDATE + APP-ROUTE + APP-SIZE: validate the MCUboot image in a slot.
 *
 * Reads the image at (@p mem, @p slot_off) through the port in bounded chunks. Order of the
 * checks and the TLV rule: see the file comment and docs/IMAGES.md. The SHA-256 covers
 * [0, hdr_size + img_size + protect_tlv_size). A signature TLV is checked with the configured
 * key whose KEYHASH matches the KEYHASH TLV preceding it (several KEYHASH/signature pairs are
 * allowed; one that verifies suffices). An image whose reset vector lies in the configured
 * network-core application partition and whose img_size exceeds that partition fails with
 * PCD_E_IMG_TOO_LARGE (APP-SIZE); app-core images are not size-checked here.
 *
 * @param port      port to read through
 * @param mem       memory holding the slot
 * @param slot_off  offset of the slot in @p mem
 * @param slot_size bytes of the slot (or of the image file)
 * @param cfg       keys and the network-core partition
 * @param[out] res  what was found (also on failure); res->verdict = the return value
 * @retval 0 valid
 * @retval PCD_E_INVAL a NULL argument, a slot smaller than 32 bytes or overflowing 32 bits,
 *         keys NULL with key_count > 0, or net_app_start + net_app_size overflowing
 * @retval PCD_E_IMG_MAGIC bad ih_magic
 * @retval PCD_E_IMG_HEADER hdr_size < 32 or unsupported flags
 * @retval PCD_E_IMG_OVERFLOW size arithmetic overflows
 * @retval PCD_E_IMG_TLV_OVERRUN the image (body or TLV area) runs past the slot: a truncated file
 * @retval PCD_E_IMG_PROT_SIZE protected size and protected info header disagree
 * @retval PCD_E_IMG_TLV_MISSING no unprotected TLV info header
 * @retval PCD_E_IMG_TLV_TRUNC an entry runs past its area
 * @retval PCD_E_IMG_TLV_CRITICAL an unknown TLV type in the protected area
 * @retval PCD_E_IMG_TLV_LEN a known TLV with the wrong payload length
 * @retval PCD_E_IMG_TLV_DUP two SHA256 TLVs, or two SEC_CNT TLVs
 * @retval PCD_E_UNSUPPORTED more than PCD_IMAGE_MAX_DEPS DEPENDENCY TLVs
 * @retval PCD_E_IMG_NO_HASH no SHA256 TLV
 * @retval PCD_E_IMG_HASH the SHA256 TLV differs from the hash of the hashed region
 * @retval PCD_E_IMG_NO_SIG no supported signature TLV
 * @retval PCD_E_IMG_KEY_UNKNOWN no signature TLV is preceded by a KEYHASH of a configured key
 * @retval PCD_E_IMG_SIG a key was selected but no signature verifies with it
 * @retval PCD_E_IMG_TOO_LARGE a network-core image larger than the net-core app partition
 * @retval PCD_E_CRYPTO / PCD_E_UNSUPPORTED crypto backend failure
 * @retval other a port error of pcd_flash_read()
 */
int pcd_image_validate(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off,
                       uint32_t slot_size, const struct pcd_image_config *cfg,
                       struct pcd_image_result *res);

#ifdef __cplusplus
}
#endif

#endif /* PCD_IMAGE_H */
