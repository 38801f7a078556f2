/* What a sweep report says about its shard, so that `pcdsim merge` can put the shards of one sweep
 * back together and refuse anything else (issue 15).
 *
 * CSV: a last line "# pcdsim-sweep shard=I/N branches=K total=T sweep=SIGNATURE".
 * JUnit: <properties> right after <testsuite>: pcdsim.shard, pcdsim.branches, pcdsim.total,
 * pcdsim.sweep (XML-escaped in the file; compared and written back as found).
 * SIGNATURE names the scenario file and every option that chooses the branches (cuts, tear, after,
 * depth, seed): shards of one sweep have the same one. Branch k of the whole sweep (0-based, the
 * order an unsharded report lists them) is in shard (k mod N) + 1, at row k / N. */
#ifndef PCDSIM_SWEEP_MERGE_H
#define PCDSIM_SWEEP_MERGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/** Most bytes of a signature. */
#define SWEEP_SIG_MAX 1024u

/** A report's shard. */
struct sweep_shard_meta {
    uint64_t shard_i, shard_n; /**< shard I of N (1-based) */
    uint64_t branches;         /**< branches in this report */
    uint64_t total;            /**< branches of the whole sweep (all shards) */
    char sweep[SWEEP_SIG_MAX]; /**< signature */
    bool sweep_escaped;        /**< @c sweep is already XML-escaped (read from a JUnit report) */
};

/** Write @p m as the CSV line or the JUnit properties block. */
void sweep_shard_meta_write(FILE *f, const struct sweep_shard_meta *m, bool junit);

/** Branches shard I of N holds of a sweep of @p total. */
uint64_t sweep_shard_size(uint64_t total, uint64_t shard_i, uint64_t shard_n);

#endif
