/* NSIB's version counter in the network core's provision data, as the simulator provisions and
 * reads it (`board.provision` of a scenario, docs/SCENARIOS.md). The byte layout is NCS's
 * (facts §2.2, `include/bl_storage.h`); B0N's reading and writing of it: pcd/b0n.h, docs/SPEC.md 7.4. */
#ifndef PCDSIM_NSIB_COUNTER_H
#define PCDSIM_NSIB_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/ncs_defaults.h"

/** Bytes of the provision data before the first counter slot: lcs (8), implementation_id (32),
 *  s0_address, s1_address, num_public_keys (4 each; 0 keys), the counter collection's
 *  {u16 type, u16 num_counters} and the counter's {u16 description, u16 num_counter_slots}. */
#define PCDSIM_COUNTER_HEAD 60u
_Static_assert(PCDSIM_COUNTER_HEAD == 8u + 32u + 4u + 4u + 4u + 4u + 4u, "facts §2.2 field sizes");

/** Most slots after the head in NCS's 0x280-byte provision area (facts §2.1). */
#define PCDSIM_COUNTER_SLOTS_MAX ((PCD_NCS_PROVISION_SIZE - PCDSIM_COUNTER_HEAD) / 2u)

/** Where a provisioned counter lives (run_config::counter). */
struct run_counter {
    bool on;             /**< Provision data with a counter collection was loaded at set-up. */
    uint32_t slots_addr; /**< Net-core bus address of the first slot (provision address + PCDSIM_COUNTER_HEAD). */
    uint32_t n_slots;    /**< Slots (u16 each, bit-inverted, 0xFFFF unused). */
};

/**
 * Encode provision data of @p size bytes (the whole area, 0xFF where nothing is written) with one
 * counter, NSIB's (description 1), of @p n_slots slots, the first holding ~(@p version << 1)
 * when @p version > 0; @p s0_addr is written as `s0_address`, `s1_address` stays erased, no public
 * keys. @p where receives the slots' place for provision data at @p provision_addr.
 * @retval 0 done
 * @retval -1 @p version > 0x7FFF, @p n_slots is 0, or they do not fit @p size
 */
int run_counter_encode(uint32_t provision_addr, uint32_t size, uint32_t s0_addr, uint32_t version, uint32_t n_slots,
                       uint8_t *out, struct run_counter *where);

/** The counter's version in @p n_slots slots at @p slots (little-endian u16 each): the largest
 *  written value (~slot, 0xFFFF unused) shifted right by one (the slot bit); 0 when none is written. */
uint32_t run_counter_decode(const uint8_t *slots, uint32_t n_slots);

#endif
