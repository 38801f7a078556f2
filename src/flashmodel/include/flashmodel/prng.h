/**
 * @file
 * @brief The project's deterministic PRNG (splitmix64). All randomness in pcdsim comes from it,
 *        seeded from a scenario or the command line; never from rand() or the clock.
 */
#ifndef FM_PRNG_H
#define FM_PRNG_H

#include <stdint.h>

/**
 * @brief Next value of a splitmix64 sequence; advances @p state.
 * @param state the sequence state (any value is a valid seed)
 * @return 64 pseudo-random bits
 */
static inline uint64_t fm_prng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/**
 * @brief Derive an independent seed from a seed and a salt (e.g. an operation number).
 * @param seed base seed
 * @param salt distinguishing value
 * @return a new seed
 */
static inline uint64_t fm_prng_mix(uint64_t seed, uint64_t salt)
{
    uint64_t s = seed ^ (salt * 0xD6E8FEB86659FD93ull);
    return fm_prng_next(&s);
}

#endif /* FM_PRNG_H */
