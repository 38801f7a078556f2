/* NSIB's version counter in the simulated provision data: pcdsim/nsib_counter.h; and what it
 * holds at the end of a run, for the oracles. Calls nothing of the runner. */
#include <string.h>

#include "pcdsim/nsib_counter.h"
#include "runner_internal.h"

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

int run_counter_encode(uint32_t provision_addr, uint32_t size, uint32_t s0_addr, uint32_t version, uint32_t n_slots,
                       uint8_t *out, struct run_counter *where)
{
    if (version > 0x7FFFu || n_slots == 0u || size < PCDSIM_COUNTER_HEAD || n_slots > (size - PCDSIM_COUNTER_HEAD) / 2u) {
        return -1;
    }
    memset(out, 0xFF, size);
    put32(out + 40, s0_addr); /* s0_address (facts §2.2); lcs, implementation_id, s1_address erased */
    put32(out + 48, 0u);      /* num_public_keys */
    put16(out + 52, 1u);      /* counter collection: type 1 (counters) */
    put16(out + 54, 1u);      /* one counter */
    put16(out + 56, 1u);      /* description 1: NSIB's firmware version counter */
    put16(out + 58, n_slots); /* num_counter_slots */
    if (version > 0u) {
        put16(out + PCDSIM_COUNTER_HEAD, ~(version << 1) & 0xFFFFu); /* slot 0 of B0N's single s0 */
    }
    *where = (struct run_counter){true, provision_addr + PCDSIM_COUNTER_HEAD, n_slots};
    return 0;
}

uint32_t run_counter_decode(const uint8_t *slots, uint32_t n_slots)
{
    uint32_t best = 0u;
    for (uint32_t k = 0; k < n_slots; k++) {
        const uint32_t v = ~((uint32_t)slots[2u * k] | ((uint32_t)slots[2u * k + 1u] << 8)) & 0xFFFFu;
        best = v > best ? v : best;
    }
    return best >> 1;
}

uint32_t run_counter_now(const struct run_state *st)
{
    const struct run_counter *c = &st->cfg->counter;
    const uint8_t *v = c->on ? fm_view(st->fm, FM_NRF_NET_FLASH, c->slots_addr - FM_NRF_NET_FLASH_BASE, 2u * c->n_slots)
                             : NULL;
    return v != NULL ? run_counter_decode(v, c->n_slots) : 0u;
}

uint32_t run_counter_initial(const struct run_state *st)
{
    const struct run_counter *c = &st->cfg->counter;
    uint8_t slots[2u * PCDSIM_COUNTER_SLOTS_MAX];
    if (!c->on || c->n_slots > sizeof(slots) / 2u) {
        return 0u;
    }
    run_initial_bytes(st, FM_NRF_NET_FLASH, c->slots_addr - FM_NRF_NET_FLASH_BASE, 2u * c->n_slots, slots);
    return run_counter_decode(slots, c->n_slots);
}
