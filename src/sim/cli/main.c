/* pcdsim: dispatch to a subcommand (libgit2's cli pattern: cmd_<name>.c per command). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "pcdsim/scenario.h"

const struct pcdsim_cmd pcdsim_cmds[] = {
    {"run", cmd_run, "replay YAML scenarios on the simulated nRF5340 and judge them"},
    {"gate", cmd_gate, "the regression gate before a release: your images and layout through the battery"},
    {"sweep", cmd_sweep, "cut power at every flash operation of an update and judge each recovery"},
    {"merge", cmd_merge, "merge the CSV or JUnit reports of a sharded sweep into one verdict"},
    {"inspect", cmd_inspect, "show what MCUboot's validation makes of a signed image"},
    {"coverage", cmd_coverage, "map requirement ids to the scenarios and tests that cover them"},
    {"help", cmd_help, "show help for pcdsim or a command"},
    {"version", cmd_version, "print the version of pcdsim and of the formats it reads"},
    {NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        pcdsim_usage(stderr);
        return PCDSIM_EXIT_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        return cmd_help(argc - 1, argv + 1);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        return cmd_version(argc - 1, argv + 1);
    }
    for (const struct pcdsim_cmd *c = pcdsim_cmds; c->name != NULL; c++) {
        if (strcmp(c->name, name) == 0) {
            return c->fn(argc - 1, argv + 1);
        }
    }
    const char *names[sizeof(pcdsim_cmds) / sizeof(pcdsim_cmds[0])];
    size_t n = 0;
    for (const struct pcdsim_cmd *c = pcdsim_cmds; c->name != NULL; c++) {
        names[n++] = c->name;
    }
    const char *near = pcdsim_did_you_mean(name, names, n);
    fprintf(stderr, "pcdsim: '%s' is not a pcdsim command%s%s%s\n", name, near ? "; did you mean '" : "",
            near ? near : "", near ? "'?" : "");
    pcdsim_usage(stderr);
    return PCDSIM_EXIT_INPUT;
}
