/* The options of a pcdsim command, declared once as a table: parsing (glibc's getopt_long, built
 * from the table) and the usage text (`pcdsim <command> --help`) both come from it.
 *
 * Every command accepts --help / -h (usage on stdout, exit 0) without declaring it. Long options
 * must be spelled in full (no abbreviations: `sweep --cut` is not `--cuts`). A missing value, an
 * unknown option (with the nearest known one suggested) or an extra argument is bad usage:
 * "pcdsim CMD: ..." on stderr, the usage after it, exit 2. Options and arguments may come in
 * any order; `--` ends the options. */
#ifndef PCDSIM_CLI_OPTS_H
#define PCDSIM_CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

/** Most options of one command. */
#define CLI_MAX_OPTS 24
/** Most values of one repeatable option (a command may allow fewer, with its own message). */
#define CLI_MAX_VALUES 16

/** Flags of an option. */
enum cli_opt_flags {
    CLI_REPEAT = 1u << 0,   /**< may be given several times: every value is kept, in order */
    CLI_REQUIRED = 1u << 1, /**< must be given (the synopsis shows it without brackets) */
};

/** One option of a command. */
struct cli_opt {
    const char *name;    /**< long name without the dashes: "seed" for --seed */
    char short_name;     /**< one-letter alias ('q' for -q) or 0 */
    const char *value;   /**< name of its value in the usage ("N", "FILE"); NULL for a flag */
    const char *help;    /**< usage text; '\n' starts an indented continuation line */
    unsigned flags;      /**< enum cli_opt_flags */
    const char *expects; /**< what "needs a value" names (NULL: the value name) */
};

/** A command's options and the rest of its usage text. */
struct cli_spec {
    const char *cmd;         /**< "run": messages say "pcdsim run: ..." */
    const char *args;        /**< the positional arguments in the synopsis ("FILE...") or NULL */
    int max_args;            /**< most positional arguments (-1: any number) */
    const char *about;       /**< text between the synopsis and the options */
    const struct cli_opt *opts;
    unsigned n_opts;         /**< at most CLI_MAX_OPTS */
    const char *footer;      /**< text after the options ("exit: ...") */
};

/** What a command was given. Values point into argv. */
struct cli_args {
    unsigned count[CLI_MAX_OPTS];                   /**< values kept of each option (0: not given) */
    const char *val[CLI_MAX_OPTS][CLI_MAX_VALUES];  /**< values in order; of a non-repeatable option
                                                         only the last (count 1) */
    const char **args;                              /**< the positional arguments (malloc'd) */
    int n_args;
};

/** Returned by cli_parse() when the command goes on. */
#define CLI_GO (-1)

/** Parse argv[1..argc) (argv[0] is the command name) by @p spec into @p a. Returns CLI_GO to go
 *  on (free @p a with cli_args_free() afterwards), or the exit code to return at once: 0 after
 *  --help (usage printed on stdout), 2 after bad usage (message and usage on stderr). */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, struct cli_args *a);

/** Free what cli_parse() allocated. */
void cli_args_free(struct cli_args *a);

/** The last value of option @p i, or @p dflt when it was not given. */
const char *cli_val(const struct cli_args *a, unsigned i, const char *dflt);

/** Print the usage of @p spec: synopsis, about, every option with its help, footer. */
void cli_usage(const struct cli_spec *spec, FILE *f);

/** Every CLI_REQUIRED option given? CLI_GO, or 2 after "pcdsim CMD: --a, --b and --c are
 *  required" and the usage on stderr. */
int cli_check_required(const struct cli_spec *spec, const struct cli_args *a);

/** Report bad usage: "pcdsim CMD: MESSAGE" on stderr, the usage after it; returns 2. */
int cli_usage_error(const struct cli_spec *spec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* PCDSIM_CLI_OPTS_H */
