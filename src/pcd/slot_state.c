/* Slot state: the MCUboot trailer of the secondary slot (facts §5.4) and our update record
 * (DONE / NACK words written once each). Format and power-cut argument: docs/SPEC.md. */
#include <string.h>

#include "pcd/updater.h"

/* Trailer magic with BOOT_MAX_ALIGN == 8 (facts §5.4). */
static const uint8_t trailer_magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                          0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int slot_check(uint32_t slot_off, uint32_t slot_size)
{
    if (slot_size < PCD_SLOT_RESERVED || slot_size % 8u != 0u || slot_off > UINT32_MAX - slot_size) {
        return PCD_E_INVAL;
    }
    return 0;
}

/* The NACK word: reason (16 bits) with its complement in the upper half. Always has 16 zero bits. */
static uint32_t nack_word_of(int reason)
{
    uint32_t r = pcd_cmd_reason_of(reason) & 0xFFFFu;
    return ((~r & 0xFFFFu) << 16) | r;
}

static bool nack_word_intact(uint32_t w)
{
    return (w >> 16) == (~w & 0xFFFFu);
}

enum pcd_swap_type pcd_swap_type_of(bool magic_good, uint8_t image_ok)
{
    if (!magic_good) {
        return PCD_SWAP_NONE;
    }
    if (image_ok == 0xFFu) {
        return PCD_SWAP_TEST;
    }
    return image_ok == 0x01u ? PCD_SWAP_PERM : PCD_SWAP_NONE;
}

const char *pcd_swap_type_name(enum pcd_swap_type swap)
{
    switch (swap) {
    case PCD_SWAP_TEST:
        return "test";
    case PCD_SWAP_PERM:
        return "perm";
    case PCD_SWAP_REVERT:
        return "revert";
    case PCD_SWAP_FAIL:
        return "fail";
    case PCD_SWAP_NONE:
    default:
        return "none";
    }
}

int pcd_slot_state_read(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                        struct pcd_slot_state *out)
{
    uint8_t tail[PCD_SLOT_RESERVED];
    int rc = slot_check(slot_off, slot_size);
    if (rc != 0) {
        return rc;
    }
    memset(out, 0, sizeof(*out));
    rc = pcd_flash_read(port, mem, slot_off + slot_size - PCD_SLOT_RESERVED, tail, sizeof(tail));
    if (rc != 0) {
        return rc;
    }
    /* tail[i] is the byte at slot end - PCD_SLOT_RESERVED + i */
    out->magic_good = memcmp(tail + PCD_SLOT_RESERVED - PCD_TRAILER_MAGIC_BACK, trailer_magic, 16) == 0;
    out->image_ok = tail[PCD_SLOT_RESERVED - PCD_TRAILER_IMAGE_OK_BACK];
    out->swap = pcd_swap_type_of(out->magic_good, out->image_ok);
    out->done_word = get_le32(tail + PCD_SLOT_RESERVED - PCD_SLOT_REC_DONE_BACK);
    out->nack_word = get_le32(tail + PCD_SLOT_RESERVED - PCD_SLOT_REC_NACK_BACK);
    out->copy_done = tail[PCD_SLOT_RESERVED - PCD_TRAILER_COPY_DONE_BACK];
    out->partner_word = get_le32(tail + PCD_SLOT_RESERVED - PCD_SLOT_REC_PARTNER_BACK);

    /* Any written bit counts: a torn write only clears some of the bits the full write would. */
    if (out->done_word != PCD_SLOT_REC_ERASED) {
        out->mark = PCD_SLOT_DONE;
        out->torn = out->done_word != PCD_SLOT_REC_DONE_VAL;
    } else if (out->nack_word != PCD_SLOT_REC_ERASED) {
        out->mark = PCD_SLOT_NACK;
        out->torn = !nack_word_intact(out->nack_word);
        out->nack_reason = out->torn ? 0 : -(int)(out->nack_word & 0xFFFFu);
    } else {
        out->mark = PCD_SLOT_UNMARKED;
    }
    return 0;
}

/* Program one record word, once: a word already written (even torn) is left alone. */
static int write_record_word(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                             uint32_t back, uint32_t value)
{
    uint8_t cur[4];
    const uint32_t off = slot_off + slot_size - back;
    int rc = slot_check(slot_off, slot_size);
    if (rc != 0) {
        return rc;
    }
    rc = pcd_flash_read(port, mem, off, cur, sizeof(cur));
    if (rc != 0) {
        return rc;
    }
    if (get_le32(cur) != PCD_SLOT_REC_ERASED) {
        return 0;
    }
    const uint8_t le[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16), (uint8_t)(value >> 24)};
    return pcd_flash_program(port, mem, off, le, sizeof(le));
}

int pcd_slot_mark_done(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size)
{
    return write_record_word(port, mem, slot_off, slot_size, PCD_SLOT_REC_DONE_BACK, PCD_SLOT_REC_DONE_VAL);
}

int pcd_slot_mark_nack(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                       int reason)
{
    if (reason >= 0) {
        return PCD_E_INVAL;
    }
    return write_record_word(port, mem, slot_off, slot_size, PCD_SLOT_REC_NACK_BACK, nack_word_of(reason));
}

int pcd_slot_mark_partner(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                          uint32_t tag)
{
    if (tag == PCD_SLOT_REC_ERASED) {
        return PCD_E_INVAL;
    }
    return write_record_word(port, mem, slot_off, slot_size, PCD_SLOT_REC_PARTNER_BACK, tag);
}

/* One 8-byte trailer field {value, 7 x 0xFF} (facts §5.4, BOOT_MAX_ALIGN 8), unless already written. */
static int write_trailer_field(const struct pcd_port *port, enum pcd_mem mem, uint32_t end, uint32_t back,
                               const uint8_t *val, uint32_t len)
{
    uint8_t cur[16];
    int rc = pcd_flash_read(port, mem, end - back, cur, len);
    if (rc != 0 || memcmp(cur, val, len) == 0) {
        return rc;
    }
    return pcd_flash_program(port, mem, end - back, val, len);
}

int pcd_slot_trailer_write(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size)
{
    static const uint8_t set[8] = {0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    int rc = slot_check(slot_off, slot_size);
    const uint32_t end = slot_off + slot_size;
    if (rc == 0) {
        rc = write_trailer_field(port, mem, end, PCD_TRAILER_COPY_DONE_BACK, set, sizeof(set));
    }
    if (rc == 0) {
        rc = write_trailer_field(port, mem, end, PCD_TRAILER_IMAGE_OK_BACK, set, sizeof(set));
    }
    if (rc == 0) {
        rc = write_trailer_field(port, mem, end, PCD_TRAILER_MAGIC_BACK, trailer_magic, sizeof(trailer_magic));
    }
    return rc;
}
