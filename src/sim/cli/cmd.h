/* The pcdsim subcommands: one file each (cmd_<name>.c), registered in the table in main.c.
 * Each returns a process exit code: PCDSIM_EXIT_OK, _VERDICT (a verdict failed) or _INPUT
 * (bad input or usage). Library error codes become exit codes only here. */
#ifndef PCDSIM_CLI_CMD_H
#define PCDSIM_CLI_CMD_H

/** Exit codes of every pcdsim command. */
enum pcdsim_exit {
    PCDSIM_EXIT_OK = 0,      /**< Everything passed / command succeeded. */
    PCDSIM_EXIT_VERDICT = 1, /**< A verdict failed (invalid image, failed scenario, gate failed). */
    PCDSIM_EXIT_INPUT = 2,   /**< Bad input or usage: nothing was simulated. */
    PCDSIM_EXIT_UNVERIFIED = 3, /**< `inspect` without --key: consistent, but its signature was
                                     not checked, so it is not known to be valid. */
};

/** One subcommand. */
struct pcdsim_cmd {
    const char *name;                    /**< As typed: "run", "inspect", ... */
    int (*fn)(int argc, char **argv);    /**< argv[0] is the command name. */
    const char *summary;                 /**< One line for `pcdsim --help`. */
};

/** The table (main.c), terminated by a NULL name. */
extern const struct pcdsim_cmd pcdsim_cmds[];

int cmd_help(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_version(int argc, char **argv);

/** Print the general usage to @p out. */
void pcdsim_usage(void *out);

#endif /* PCDSIM_CLI_CMD_H */
