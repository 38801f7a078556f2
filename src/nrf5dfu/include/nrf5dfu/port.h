/**
 * @file
 * @brief The port of the nRF52 dual-bank update code (src/nrf5dfu/): flash access, SHA-256 and
 *        the ECDSA P-256 check, and the error codes of the library.
 *
 * The library is freestanding (string.h, stdint.h, stdbool.h, stddef.h only; no malloc, no
 * globals): every access to the chip goes through one struct n5_port. On the nRF52840 the flash
 * functions are NVMC word programs and page erases (nRF52840 PS, NVMC); on the host the
 * simulator binds them to the flash model (src/sim/nrf52/).
 */
#ifndef NRF5DFU_PORT_H
#define NRF5DFU_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes: every function returns 0 or one of these. */
enum n5_err {
    N5_OK = 0,
    N5_E_INVAL = -1,     /**< Bad argument or layout. */
    N5_E_FORBIDDEN = -2, /**< The application tried to change a settings field only the bootloader may change. */
    N5_E_CRC = -3,       /**< A CRC32 does not match (bank 1 against bank_1.image_crc, bank 0 after the copy). */
    N5_E_INIT = -4,      /**< The init command cannot be decoded or does not describe this image. */
    N5_E_SIG = -5,       /**< The init command's signature does not verify. */
    N5_E_HASH = -6,      /**< The image's SHA-256 differs from the init command's hash. */
    N5_E_SIZE = -7,      /**< The image does not fit its bank. */
    N5_E_PORT = -8,      /**< The port failed (on the simulator: power was lost). */
};

/** Page size of the nRF52 flash (PS NVMC; SDK CODE_PAGE_SIZE), bytes. */
#define N5_PAGE 0x1000u

/** Flash and crypto of one device. Addresses are CPU addresses of the internal flash. */
struct n5_port {
    void *ctx; /**< Passed to every function. */
    /** Read @p len bytes at @p addr. @return 0 or N5_E_PORT */
    int (*read)(void *ctx, uint32_t addr, void *buf, uint32_t len);
    /** Program @p len bytes (multiple of 4) at @p addr (word-aligned) through the NVMC. @return 0 or N5_E_PORT */
    int (*write)(void *ctx, uint32_t addr, const void *buf, uint32_t len);
    /** Erase the 4 KiB page at @p addr. @return 0 or N5_E_PORT */
    int (*erase_page)(void *ctx, uint32_t addr);
};

/** Where the update's areas are (the nRF52840 default: flashmodel/nrf52840.h). */
struct n5_layout {
    uint32_t bank0;      /**< Start of bank 0 (the application that runs). */
    uint32_t bank0_size; /**< Bytes of bank 0. */
    uint32_t bank1;      /**< Start of bank 1 (the staged image). */
    uint32_t bank1_size; /**< Bytes of bank 1. */
    uint32_t settings;   /**< Bootloader settings page (SDK BOOTLOADER_SETTINGS_ADDRESS). */
    uint32_t backup;     /**< Settings backup = MBR parameters page (SDK NRF_MBR_PARAMS_PAGE_ADDRESS). */
};

/**
 * An init-command checker: decodes the signed dfu-cc init packet, verifies its signature and
 * that it describes the image in bank 1 (src/nrf5dfu/init/, nanopb + the host crypto backend).
 * The bootloader calls it before it activates bank 1; NULL skips the check.
 */
struct n5_init_checker {
    void *ctx; /**< Passed to @ref check. */
    /**
     * @param ctx     the checker's context
     * @param port    the port (to hash the image in flash)
     * @param cmd     the init command bytes (settings init_command)
     * @param cmd_len bytes of @p cmd
     * @param image   CPU address of the image (bank 1)
     * @param size    bytes of the image
     * @return 0 (valid), N5_E_INIT, N5_E_SIG, N5_E_HASH or N5_E_PORT
     */
    int (*check)(void *ctx, const struct n5_port *port, const uint8_t *cmd, uint32_t cmd_len, uint32_t image,
                 uint32_t size);
};

/**
 * @brief Name of an error code ("N5_E_CRC").
 * @param err a code
 * @return a static string
 */
const char *n5_err_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* NRF5DFU_PORT_H */
