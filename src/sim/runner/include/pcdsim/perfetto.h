/**
 * @file
 * @brief A run's timeline as a Chrome trace-event JSON file, the format ui.perfetto.dev and
 *        chrome://tracing open (`pcdsim run --perfetto FILE`).
 *
 * Each run is one process of the trace (its scenario name), with three tracks (threads): the
 * application core, the network core and the system. Phases are complete slices (`"ph":"X"`
 * with a duration): MCUboot, its validation, staging, each PCD attempt, marking, B0N, its source
 * check, erase + copy and read-back, the applications, the network core held in Force-OFF.
 * Power loss, resets, Force-OFF writes, the SPU lock, faults and log lines are instant events
 * (`"ph":"i"`); flash operations, page erases and bytes copied are counters (`"ph":"C"`).
 * Timestamps (`ts`, `dur`) are device time in µs, which is the format's own unit.
 */
#ifndef PCDSIM_PERFETTO_H
#define PCDSIM_PERFETTO_H

#include <stdio.h>

#include "pcdsim/soc.h"

#ifdef __cplusplus
extern "C" {
#endif

struct run_perfetto;

/**
 * @brief An empty trace.
 * @return the trace, or NULL (no memory)
 */
struct run_perfetto *run_perfetto_new(void);

/**
 * @brief Add the timeline of a finished run as the next process of the trace.
 * @param p trace
 * @param soc the SoC that ran it (its timeline, soc_events())
 * @param name the run's name (the process name shown)
 * @retval 0 ok
 * @retval PCDSIM_E_NOMEM
 */
int run_perfetto_add(struct run_perfetto *p, const struct soc *soc, const char *name);

/**
 * @brief Write the trace as one JSON object `{"traceEvents":[...],"displayTimeUnit":"ms"}`.
 * @param p trace
 * @param f stream
 * @retval 0 ok
 * @retval PCDSIM_E_NOMEM, PCDSIM_E_FILE
 */
int run_perfetto_write(const struct run_perfetto *p, FILE *f);

/** @brief Free a trace (NULL ignored). @param p trace */
void run_perfetto_free(struct run_perfetto *p);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_PERFETTO_H */
