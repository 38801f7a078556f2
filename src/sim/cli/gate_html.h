/* The gate report as one self-contained HTML page (`pcdsim gate --html FILE`): the verdict, each
 * requirement with its evidence, the battery, the power-loss sweep map inline (SVG), and the
 * commands that replay what failed. No script, no stylesheet, font or image from elsewhere. */
#ifndef PCDSIM_CLI_GATE_HTML_H
#define PCDSIM_CLI_GATE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pcdsim/runner.h"

/* Colours of the verdicts (also what test/pictures looks for). */
#define GATE_HTML_PASS "#2ca02c" /**< a requirement holds */
#define GATE_HTML_FAIL "#d62728" /**< it does not */

/** A battery item or a requirement, as the page shows it. */
struct gate_html_row {
    const char *name;     /**< Battery item name or requirement id. */
    int state;            /**< 1 pass, 0 fail, -1 not exercised. */
    const char *evidence; /**< What was seen. */
    const char *per_image; /**< A requirement's verdicts per image in batch items ("per image: ..."), or NULL / "". */
};

/** The page's content. */
struct gate_html_in {
    const char *update;                 /**< The network-core update file. */
    const char *command;                /**< The gate command line, as run. */
    const struct gate_html_row *reqs;   /**< Requirements. */
    unsigned n_reqs;                    /**< Their number. */
    const struct gate_html_row *items;  /**< Battery items. */
    unsigned n_items;                   /**< Their number. */
    const char *map_svg;                /**< The sweep map (an <svg> element), or NULL. */
    const char *const *replays;         /**< Commands that replay failures. */
    unsigned n_replays;                 /**< Their number. */
};

/** Write the page to @p f; 0 ok, -1 a write error. */
int gate_html_write(FILE *f, const struct gate_html_in *in);

/** The command line @p argv[0..argc) as one shell-quoted string "pcdsim gate ...", without the
 *  options named in @p skip (each with its value; NULL-terminated); malloc'd, NULL if no memory. */
char *gate_html_command(int argc, char **argv, const char *const *skip);

/** The sweep map of the gate's power-loss item as an <svg> element (malloc'd, NULL if no memory),
 *  each failing point replayed by @p command with `--cuts list:N`. */
char *gate_html_map(const struct run_sweep *sw, const struct sweep_point *res, size_t n, const char *title,
                    const char *command);

#endif
